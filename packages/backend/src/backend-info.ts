/** Which backend the caller asks for. `auto` picks the fastest one that works here. */
export type BackendChoice = 'auto' | 'wasm' | 'cpu' | 'tensorflow';

/** The outcome of {@link selectBackend}: what is active now and why. */
export interface BackendInfo {
  /** Name of the active tfjs backend (`tensorflow`, `wasm` or `cpu`). */
  name: string;
  /** What the caller asked for. */
  requested: string;
  /** Human-readable explanation of the choice, e.g. why a faster backend was skipped. */
  reason: string;
}

/** Options for {@link selectBackend}. */
export interface SelectBackendOptions {
  /**
   * Threads for the wasm backend. Only honoured where tfjs can run the threaded
   * build (a cross-origin isolated browser page); Node always runs one thread.
   */
  threads?: number;
  /** Receives one line describing the choice. Nothing is printed without it. */
  log?: (msg: string) => void;
}

/** One row of {@link listBackends}. */
export interface BackendAvailability {
  /** Backend or package name (`@tensorflow/tfjs-node-gpu`, `@tensorflow/tfjs-node`, `wasm`, `cpu`). */
  name: string;
  /** Whether it could be used in this process. */
  available: boolean;
  /** Why not, or where it comes from. */
  detail: string;
}
