/**
 * Probing for the native tfjs-node backends without depending on them.
 *
 * They are optional: their install needs a libtensorflow download that often fails
 * (DESIGN.md §5), so they are never in our package.json. The specifier is held in a
 * variable so that TypeScript and bundlers do not try to resolve it at build time.
 */

/** Native packages in order of preference: the GPU build first. */
export const nativePackages = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] as const;

/** Result of trying to load one native package. */
export interface NativeProbe {
  /** Package name that was tried. */
  pkg: string;
  /** Whether importing it worked (and so registered the `tensorflow` backend). */
  loaded: boolean;
  /** Short explanation: `not installed` or the load error. */
  detail: string;
}

// An import is attempted once per process: a failing native addon is slow to fail,
// and a successful one must not be evaluated twice.
const probes = new Map<string, Promise<NativeProbe>>();

/** Imports `pkg` once and reports whether it loaded. Never throws. */
export function probeNative(pkg: string): Promise<NativeProbe> {
  let probe = probes.get(pkg);
  if (probe === undefined) {
    probe = importOptional(pkg);
    probes.set(pkg, probe);
  }
  return probe;
}

async function importOptional(pkg: string): Promise<NativeProbe> {
  const specifier: string = pkg;
  try {
    await import(/* @vite-ignore */ specifier);
    return { pkg, loaded: true, detail: 'loaded' };
  } catch (err) {
    return { pkg, loaded: false, detail: describeLoadError(pkg, err) };
  }
}

/**
 * Tells "not installed" apart from "installed but broken" (typically a missing
 * libtensorflow shared library), since the user has to do different things.
 */
function describeLoadError(pkg: string, err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  const message = err instanceof Error ? err.message : String(err);
  const notFound = code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
  if (notFound && message.includes(pkg)) return `${pkg} not installed`;
  return `${pkg} failed to load (${firstLine(message)})`;
}

function firstLine(text: string): string {
  const line = text.split('\n', 1)[0] ?? text;
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
