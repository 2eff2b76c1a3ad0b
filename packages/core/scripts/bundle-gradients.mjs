// tfjs-core's Node build registers no op gradients, and its ESM gradient files use
// extension-less imports that Node cannot load. This bundles them into one module that
// registers them into tfjs's global gradient registry. Imported after tfjs-core's main
// entry (see src/tf-setup.ts), so the global engine and Tensor class are the main copy's.
import { build } from 'esbuild';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const coreMain = require.resolve('@tensorflow/tfjs-core');
const entry = path.join(path.dirname(coreMain), 'register_all_gradients.js');

await build({
  entryPoints: [entry],
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2020',
  outfile: path.join(here, '..', 'src', 'generated', 'tf-gradients.js'),
  legalComments: 'inline',
  logLevel: 'warning',
  minify: false,
});
