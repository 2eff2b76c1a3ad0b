/**
 * The browser stand-in for @ganvas/nodes-data's `dataset-files` module (node:fs), swapped in
 * by vite.config.ts. The data loaders call `readPackageJson` synchronously, so files are
 * fetched ahead of a run by `preloadPackageJson` (asynchronously, with progress); a file that
 * was not preloaded is fetched with a synchronous request as a last resort.
 *
 * Files are looked up next to the page (`data/<package>/<path>`, where the build copies MNIST)
 * and then from the runner (`/api/assets/<package>/<path>`).
 */
const cache = new Map<string, unknown>();

function candidates(specifier: string): string[] {
  return [new URL(`data/${specifier}`, document.baseURI).href, `/api/assets/${specifier}`];
}

export async function preloadPackageJson(specifiers: readonly string[], onProgress?: (done: number, total: number) => void): Promise<void> {
  let done = 0;
  await Promise.all(
    specifiers.map(async (spec) => {
      if (!cache.has(spec)) {
        let lastError = '';
        for (const url of candidates(spec)) {
          const res = await fetch(url, { credentials: 'same-origin' }).catch((e: unknown) => {
            lastError = String(e);
            return undefined;
          });
          if (res?.ok) {
            cache.set(spec, await res.json());
            break;
          }
          if (res) lastError = `HTTP ${res.status} from ${url}`;
        }
        if (!cache.has(spec)) throw new Error(`cannot load dataset file ${spec} in the browser (${lastError})`);
      }
      onProgress?.(++done, specifiers.length);
    }),
  );
}

/** Drops preloaded files once a loader has decoded them (MNIST's JSON is ~100 MB of JS arrays). */
export function releasePackageJson(): void {
  cache.clear();
}

export function readPackageJson(specifier: string): unknown {
  const hit = cache.get(specifier);
  if (hit !== undefined) return hit;
  for (const url of candidates(specifier)) {
    const xhr = new XMLHttpRequest();
    xhr.open('GET', url, false);
    xhr.send();
    if (xhr.status === 200) return JSON.parse(xhr.responseText) as unknown;
  }
  throw new Error(`cannot load dataset file ${specifier} in the browser`);
}

/** Files a document's data nodes will read. */
export function datasetFilesFor(types: ReadonlySet<string>): string[] {
  const files: string[] = [];
  if (types.has('data.mnist')) for (let d = 0; d < 10; d++) files.push(`mnist/src/digits/${d}.json`);
  if (types.has('data.fashionMnist')) for (let c = 0; c < 10; c++) files.push(`fashion-mnist/src/clothes/${c}.json`);
  return files;
}
