import { formatDiagnostic, hasErrors, validateDocument } from '@ganvas/core';
import { onePositional, parse } from '../args.js';
import { loadRegistry, resolvePath } from '../context.js';
import type { CliIO } from '../io.js';
import { readJsonFile } from '../read-json.js';

export const validateHelp = `usage: ganvas validate <graph.json>

Checks a graph document against the installed node types: schema, migrations, types,
ports, shapes, value ranges and training wiring. Prints every problem (code, JSON path,
node, port) and exits 1, or prints a summary and exits 0.`;

export async function validateCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse('validate', argv, {});
  if (values.help) {
    io.stdout.write(`${validateHelp}\n`);
    return 0;
  }
  const file = resolvePath(io, onePositional('validate', positionals, 'the graph file'));
  const raw = await readJsonFile(file, 'graph file');
  const { registry } = await loadRegistry(io);
  const result = validateDocument(raw, registry);
  const errors = hasErrors(result.diagnostics);
  for (const d of result.diagnostics) (errors ? io.stderr : io.stdout).write(`${formatDiagnostic(d)}\n`);
  if (errors || !result.analysis) {
    const n = result.diagnostics.filter((d) => d.severity === 'error').length;
    io.stderr.write(`${file}: ${n} error${n === 1 ? '' : 's'}\n`);
    return 1;
  }
  const doc = result.analysis.document;
  const nets = Object.keys(doc.networks).length;
  const migrated = result.migrations.length ? ` (migrated: ${result.migrations.join(', ')})` : '';
  io.stdout.write(`valid: ${doc.nodes.length} node${doc.nodes.length === 1 ? '' : 's'}, ${nets} network${nets === 1 ? '' : 's'}${migrated}\n`);
  return 0;
}
