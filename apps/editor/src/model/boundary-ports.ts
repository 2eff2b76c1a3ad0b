import { INPUT_TYPE, OUTPUT_TYPE, type Contract, type NetworkDef, type PortSpec } from '@ganvas/core';
import type { Catalogue } from './catalogue.js';
import type { NodeContracts } from './validation.js';

/**
 * The ports an Apply node shows when analysis gives it none beyond `network`: one per boundary
 * node (core.input / core.output) of the definition it runs. Core derives an Apply node's ports
 * from the network's signature, and a definition with an error anywhere inside has none, so the
 * node lost its `x` and outputs and the canvas could not draw the (still saved) edges on them.
 * The boundary nodes name the ports whatever is broken between them. Contracts are the ones
 * analysis inferred for the boundary nodes when it could, else the boundary type's declared one.
 * For drawing only: nothing here is checked or reported.
 */
export function boundaryPorts(
  def: NetworkDef,
  catalogue: Catalogue,
  /** The analysed contracts of the definition's nodes, by node id, if any. */
  contracts: ReadonlyMap<string, NodeContracts> | undefined,
): { inputs: PortSpec[]; outputs: PortSpec[] } {
  const inputs: PortSpec[] = [];
  const outputs: PortSpec[] = [];
  for (const node of def.nodes) {
    const into = node.type === INPUT_TYPE ? inputs : node.type === OUTPUT_TYPE ? outputs : undefined;
    if (!into) continue;
    const name = typeof node.params.name === 'string' ? node.params.name : defaultName(catalogue, node.type);
    if (name === undefined || into.some((p) => p.name === name)) continue;
    const c = contracts?.get(node.id);
    const inferred = node.type === INPUT_TYPE ? c?.outputs.y : first(c?.inputs.x);
    const entry = catalogue.get(node.type);
    const declared = (node.type === INPUT_TYPE ? entry?.outputs[0] : entry?.inputs[0])?.contract ?? { role: 'tensor' };
    into.push({ name, contract: inferred ?? declared });
  }
  return { inputs, outputs };
}

function first(c: Contract | Contract[] | undefined): Contract | undefined {
  return Array.isArray(c) ? c[0] : c;
}

/** The `name` a boundary node has when its params omit it (its schema's default, from the catalogue). */
function defaultName(catalogue: Catalogue, type: string): string | undefined {
  const schema = catalogue.get(type)?.params as { properties?: { name?: { default?: unknown } } } | undefined;
  const d = schema?.properties?.name?.default;
  return typeof d === 'string' ? d : undefined;
}

/**
 * The ports of an Apply node whose network is broken: what analysis gave it (`network`, and the
 * network's inputs when they are known), completed from the definition's boundary ports. Its
 * outputs always come from the boundary (analysis gives none).
 */
export function completeApplyPorts(
  given: readonly PortSpec[],
  boundary: { inputs: PortSpec[]; outputs: PortSpec[] },
): { inputs: PortSpec[]; outputs: PortSpec[] } {
  const inputsKnown = given.some((p) => p.name !== 'network');
  return { inputs: inputsKnown ? [...given] : [...given, ...boundary.inputs.filter((p) => p.name !== 'network')], outputs: boundary.outputs };
}
