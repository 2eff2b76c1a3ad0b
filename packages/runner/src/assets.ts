import { createRequire } from 'node:module';
import path from 'node:path';
import { HttpError } from './http-error.js';
import { resolveInside } from './safe-path.js';

/**
 * `GET /api/assets/<package>/<path>`: the dataset files the built-in data nodes read with
 * node:fs, for training in the browser tab (requested by the editor in API.md). Exactly these
 * files and no others: MNIST's ten digit files and Fashion-MNIST's ten clothes files.
 */
const ALLOWED: Record<string, RegExp> = {
  mnist: /^src\/digits\/[0-9]\.json$/,
  'fashion-mnist': /^src\/clothes\/[0-9]\.json$/,
};

/** The package folder as @ganvas/nodes-data (their user) resolves it. */
function packageDir(name: string): string {
  const nodesData = createRequire(import.meta.url).resolve('@ganvas/nodes-data');
  const fromNodesData = createRequire(path.resolve(path.dirname(nodesData), '..', 'package.json'));
  return path.dirname(fromNodesData.resolve(`${name}/package.json`));
}

/** The file for `<package>/<encoded path>`, or 404. */
export async function assetFile(pkg: string, encodedPath: string): Promise<string> {
  const pattern = ALLOWED[pkg];
  let decoded: string;
  try {
    decoded = decodeURIComponent(encodedPath);
  } catch {
    throw new HttpError(400, 'bad_request', 'malformed percent-encoding in the path');
  }
  if (!pattern || !Object.hasOwn(ALLOWED, pkg) || !pattern.test(decoded)) {
    throw new HttpError(404, 'not_found', `no asset ${pkg}/${decoded}; served: ${Object.keys(ALLOWED).join(', ')} dataset files`);
  }
  let dir: string;
  try {
    dir = packageDir(pkg);
  } catch {
    throw new HttpError(404, 'not_found', `the package ${pkg} is not installed`);
  }
  return resolveInside(dir, encodedPath);
}
