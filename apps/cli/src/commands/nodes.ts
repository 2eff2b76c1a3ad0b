import { describeNodeTypes, formatShape, type NodeTypeDescription, type PortSpec } from '@ganvas/core';
import { parse } from '../args.js';
import { UserError } from '../errors.js';
import { loadRegistry } from '../context.js';
import type { CliIO } from '../io.js';

export const nodesHelp = `usage: ganvas nodes [--json]

Lists the installed node types, grouped by package and category, with their ports
(name, role, shape) and params. --json prints the machine-readable descriptions.`;

export async function nodesCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse('nodes', argv, { json: { type: 'boolean' } });
  if (values.help) {
    io.stdout.write(`${nodesHelp}\n`);
    return 0;
  }
  if (positionals.length) throw new UserError(`ganvas nodes: unexpected argument "${positionals[0]}"`);
  const { registry } = await loadRegistry(io);
  const descriptions = describeNodeTypes(registry);
  if (values.json) {
    io.stdout.write(`${JSON.stringify(descriptions, null, 2)}\n`);
    return 0;
  }
  io.stdout.write(formatNodeList(descriptions));
  return 0;
}

export function formatNodeList(descriptions: NodeTypeDescription[]): string {
  const lines: string[] = [];
  const byPackage = groupBy(descriptions, (d) => d.packageName);
  for (const [pkg, list] of byPackage) {
    lines.push(`${pkg}`);
    for (const [category, nodes] of groupBy(list, (d) => d.category)) {
      lines.push(`  ${category}`);
      for (const d of nodes) {
        lines.push(`    ${d.type} v${d.version} — ${d.title}`);
        if (d.inputs.length) lines.push(`      in:  ${d.inputs.map(formatPort).join(', ')}`);
        if (d.outputs.length) lines.push(`      out: ${d.outputs.map(formatPort).join(', ')}`);
        for (const p of formatParams(d.params)) lines.push(`      ${p}`);
      }
    }
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}

function formatPort(p: PortSpec): string {
  const c = p.contract;
  const parts: string[] = [c.role];
  if (c.shape) parts.push(formatShape(c.shape));
  if (c.range) parts.push(`[${c.range.join(', ')}]`);
  const flags = `${p.optional ? '?' : ''}${p.multi ? '*' : ''}`;
  return `${p.name}${flags} (${parts.join(' ')})`;
}

interface JsonSchemaProp {
  type?: string | string[];
  enum?: unknown[];
  default?: unknown;
  description?: string;
}

function formatParams(schema: unknown): string[] {
  const props = (schema as { properties?: Record<string, JsonSchemaProp> } | undefined)?.properties ?? {};
  return Object.entries(props).map(([name, p]) => {
    const type = p.enum ? p.enum.map((v) => JSON.stringify(v)).join('|') : Array.isArray(p.type) ? p.type.join('|') : (p.type ?? 'any');
    const def = p.default !== undefined ? ` = ${JSON.stringify(p.default)}` : '';
    const doc = p.description ? `  ${p.description}` : '';
    return `param ${name}: ${type}${def}${doc}`;
  });
}

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    out.set(k, [...(out.get(k) ?? []), item]);
  }
  return out;
}
