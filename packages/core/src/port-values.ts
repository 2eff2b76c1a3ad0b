import type * as tf from '@tensorflow/tfjs-core';
import type { Network, PortValues, Value } from './node-definition.js';

function isNetwork(v: unknown): v is Network {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'network';
}

function isTensor(v: unknown): v is tf.Tensor {
  return typeof v === 'object' && v !== null && 'dataId' in v && 'shape' in v;
}

/** The engine's `PortValues`: checks that each port carries what the node asks for. */
export class PortValueMap implements PortValues {
  constructor(
    private readonly nodeId: string,
    private readonly values: Record<string, Value | Value[] | undefined>,
  ) {}

  has(port: string): boolean {
    const v = this.values[port];
    return v !== undefined && !(Array.isArray(v) && v.length === 0);
  }

  private one(port: string): Value {
    const v = this.values[port];
    if (v === undefined) throw new Error(`node ${this.nodeId}: input "${port}" is not connected`);
    if (Array.isArray(v)) {
      if (v.length !== 1) throw new Error(`node ${this.nodeId}: input "${port}" has ${v.length} values, expected 1`);
      return v[0]!;
    }
    return v;
  }

  private many(port: string): Value[] {
    const v = this.values[port];
    if (v === undefined) return [];
    return Array.isArray(v) ? v : [v];
  }

  tensor(port: string): tf.Tensor {
    const v = this.one(port);
    if (!isTensor(v)) throw new Error(`node ${this.nodeId}: input "${port}" is not a tensor`);
    return v;
  }

  optionalTensor(port: string): tf.Tensor | undefined {
    return this.has(port) ? this.tensor(port) : undefined;
  }

  tensors(port: string): tf.Tensor[] {
    return this.many(port).map((v) => {
      if (!isTensor(v)) throw new Error(`node ${this.nodeId}: input "${port}" carries a non-tensor`);
      return v;
    });
  }

  network(port: string): Network {
    const v = this.one(port);
    if (!isNetwork(v)) throw new Error(`node ${this.nodeId}: input "${port}" is not a network`);
    return v;
  }

  networks(port: string): Network[] {
    return this.many(port).map((v) => {
      if (!isNetwork(v)) throw new Error(`node ${this.nodeId}: input "${port}" carries a non-network`);
      return v;
    });
  }
}

export { isNetwork, isTensor };
