import { copyFileSync, mkdirSync, readdirSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

/**
 * The editor is a static bundle (the runner serves it). Two things differ from a plain React
 * app: JSX goes through Vite's own esbuild (no React plug-in), and the engine's one
 * platform-bound module — nodes-data's `dataset-files` (node:fs) — is swapped for a browser
 * loader, while the files it reads (MNIST JSON) and tfjs's .wasm binaries are copied into
 * the bundle so "Run in this tab" works from any static host.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const browserDatasetFiles = path.join(here, 'src/training/browser-dataset-files.ts');

/** Resolve a package's file through the package that depends on it (pnpm keeps them nested). */
function resolveFrom(fromPackage: string, specifier: string): string {
  const base = realpathSync(path.join(here, 'node_modules', fromPackage));
  return createRequire(path.join(base, 'package.json')).resolve(specifier);
}

function browserDataFiles(): Plugin {
  return {
    name: 'ganvas-browser-data-files',
    enforce: 'pre',
    resolveId(source, importer) {
      // nodes-data's dist imports './dataset-files.js': the only node:fs user in the engine.
      if (source === './dataset-files.js' && importer && /nodes-data[\\/](dist|src)[\\/]/.test(importer)) {
        return browserDatasetFiles;
      }
      return null;
    },
    writeBundle(options) {
      const out = options.dir ?? path.join(here, 'dist');
      // MNIST (21 MB of JSON) ships with the editor; Fashion-MNIST (149 MB) is fetched from the runner.
      const digits = path.dirname(resolveFrom('@ganvas/nodes-data', 'mnist/src/digits/0.json'));
      const target = path.join(out, 'data/mnist/src/digits');
      mkdirSync(target, { recursive: true });
      for (const f of readdirSync(digits)) if (f.endsWith('.json')) copyFileSync(path.join(digits, f), path.join(target, f));
      const wasmDir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
      mkdirSync(path.join(out, 'wasm'), { recursive: true });
      for (const f of readdirSync(wasmDir)) if (f.endsWith('.wasm')) copyFileSync(path.join(wasmDir, f), path.join(out, 'wasm', f));
    },
  };
}

export default defineConfig({
  base: './',
  plugins: [browserDataFiles()],
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 6000,
    target: 'es2022',
    rollupOptions: {
      onwarn(warning, warn) {
        // React Flow's "use client" and zod's comment placement are harmless in a client bundle.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE' || warning.code === 'INVALID_ANNOTATION') return;
        warn(warning);
      },
    },
  },
  server: {
    // `vite dev` talks to a runner started separately: GANVAS_RUNNER=http://127.0.0.1:PORT
    proxy: process.env.GANVAS_RUNNER
      ? { '/api': { target: process.env.GANVAS_RUNNER, ws: true, changeOrigin: true } }
      : {},
    headers: { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' },
  },
});
