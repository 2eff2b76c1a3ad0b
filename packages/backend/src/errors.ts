/**
 * Error codes of this package. Numbered so that users can search for them and the
 * CLI can print them verbatim.
 */
export const backendErrorCodes = {
  /** `tensorflow` was requested but neither tfjs-node-gpu nor tfjs-node loads. */
  nativeMissing: 'backend001',
  /** tfjs refused to switch to a backend that should be available. */
  setBackendFailed: 'backend002',
} as const;

/** An error thrown by `@ganvas/backend`, carrying a stable {@link backendErrorCodes} code. */
export class BackendError extends Error {
  /** Stable code from {@link backendErrorCodes}. */
  readonly code: string;

  constructor(code: string, message: string) {
    super(`${code}: ${message}`);
    this.name = 'BackendError';
    this.code = code;
  }
}

/**
 * The message for a missing native backend. It has to tell the user how to get the
 * libtensorflow binary, because the default download host no longer serves it (DESIGN.md §5).
 */
export function nativeMissingMessage(problems: readonly string[]): string {
  return [
    `the 'tensorflow' backend needs @tensorflow/tfjs-node (CPU) or @tensorflow/tfjs-node-gpu (CUDA 11.2 / cuDNN 8.1); here: ${problems.join('; ')}.`,
    'Install one next to ganvas: `npm install @tensorflow/tfjs-node@4.22.0`.',
    'Its install step downloads libtensorflow 2.9.1 from storage.googleapis.com, which no longer serves it (tfjs#8742).',
    'Point the installer at a mirror with TFJS_NODE_CDN_STORAGE=https://your-mirror/ (it must serve tensorflow/libtensorflow/libtensorflow-<cpu|gpu>-<os>-x86_64-2.9.1.tar.gz),',
    'or put a custom-binary.json ({"tf-lib": "<url of the tarball>"}) in node_modules/@tensorflow/tfjs-node/scripts/ and run `npm rebuild @tensorflow/tfjs-node`.',
    "Or use backend 'auto' or 'wasm', which need nothing extra.",
  ].join('\n');
}
