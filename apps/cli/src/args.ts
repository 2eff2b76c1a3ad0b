import { parseArgs } from 'node:util';
import { UserError } from './errors.js';

type Options = Record<string, { type: 'string' | 'boolean'; short?: string }>;
type Values<O extends Options> = { [K in keyof O]?: O[K] extends { type: 'boolean' } ? boolean : string } & {
  help?: boolean;
  debug?: boolean;
};

/** Every command takes these. */
export const commonOptions = {
  help: { type: 'boolean', short: 'h' },
  debug: { type: 'boolean' },
} as const satisfies Options;

/** node:util parseArgs, with its errors turned into one-line user errors naming the command. */
export function parse<O extends Options>(command: string, argv: string[], options: O): { values: Values<O>; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args: argv, options: { ...commonOptions, ...options }, allowPositionals: true, strict: true });
    return { values: values as Values<O>, positionals };
  } catch (e) {
    const msg = (e as Error).message.replace(/\. To specify a positional argument.*$/s, '');
    throw new UserError(`ganvas ${command}: ${msg}`, [`run "ganvas ${command} --help" for usage`]);
  }
}

/** A non-negative integer option (`--steps 400`); `min` 1 for counts that must be positive. */
export function intOption(name: string, value: string | undefined, min = 0): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min) {
    throw new UserError(`--${name} must be ${min > 0 ? 'a positive' : 'a non-negative'} integer, got "${value}"`);
  }
  return n;
}

export function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UserError(`--${name} must be one of ${allowed.join(', ')}; got "${value}"`);
  }
  return value as T;
}

export function onePositional(command: string, positionals: string[], what: string): string {
  if (positionals.length === 0) throw new UserError(`ganvas ${command}: missing ${what}`, [`usage: see "ganvas ${command} --help"`]);
  if (positionals.length > 1) throw new UserError(`ganvas ${command}: unexpected argument "${positionals[1]}"`);
  return positionals[0]!;
}
