// Test-only: PyTorch references for the image-to-image layers (test-ref/i2i_layers_ref.py).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('../test-ref/i2i_layers_ref.py', import.meta.url));

export function i2iTorchRef(cases: Record<string, unknown>[]): Record<string, unknown>[] {
  const out = execFileSync('/usr/bin/python3', [SCRIPT], { input: JSON.stringify({ cases }), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return (JSON.parse(out) as { results: Record<string, unknown>[] }).results;
}
