import { formatShape, unifyShape } from '@ganvas/core';
import type { Contract, NetworkSignature } from '@ganvas/core';

/** Which ports of a critic network a gradient penalty uses. */
export interface CriticPorts {
  /** The input that receives the interpolates x̂. */
  input: string;
  /** The output whose sum is differentiated (the critic score). */
  output: string;
  /** The critic's other input, fed from the penalty's `condition` port (conditional critics). */
  condition?: string;
}

/**
 * Resolve the critic's ports from its signature: the named ones, else the only output and the
 * first input (a conditional critic has exactly one more input, for the condition).
 * Returns the ports or a message saying what is wrong and how to fix it.
 */
export function resolveCriticPorts(
  sig: NetworkSignature,
  wanted: { input?: string | undefined; output?: string | undefined },
): CriticPorts | string {
  const inputNames = sig.inputs.map((p) => p.name);
  const outputNames = sig.outputs.map((p) => p.name);
  const input = wanted.input ?? inputNames[0];
  if (input === undefined || !inputNames.includes(input)) {
    return `the critic has no input "${input ?? '(none)'}"; its inputs are [${inputNames.join(', ')}] (set param "input")`;
  }
  let output = wanted.output;
  if (output === undefined) {
    if (outputNames.length !== 1) {
      return `the critic has ${outputNames.length} outputs [${outputNames.join(', ')}]; name the score in param "output"`;
    }
    output = outputNames[0]!;
  } else if (!outputNames.includes(output)) {
    return `the critic has no output "${output}"; its outputs are [${outputNames.join(', ')}]`;
  }
  const others = inputNames.filter((n) => n !== input);
  if (others.length > 1) {
    return `the critic has inputs [${inputNames.join(', ')}]; a gradient penalty supports one interpolated input plus at most one condition`;
  }
  return others.length === 1 ? { input, output, condition: others[0]! } : { input, output };
}

/** Message when a connected tensor does not fit the critic input it will be fed to, or undefined. */
export function fitsCriticInput(port: string, actual: Contract | undefined, sig: NetworkSignature, input: string): string | undefined {
  const want = sig.inputs.find((p) => p.name === input)?.contract.shape;
  if (actual?.shape === undefined || want === undefined) return undefined;
  const problem = unifyShape(actual.shape, want, new Map());
  return problem === undefined
    ? undefined
    : `"${port}" is ${formatShape(actual.shape)} but the critic's input "${input}" expects ${formatShape(want)} (${problem})`;
}
