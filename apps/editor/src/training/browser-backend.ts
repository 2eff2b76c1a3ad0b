import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import { setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
// The wasm backend lacks training kernels (Conv2DBackpropFilter, …); @ganvas/backend has them.
// Deep import of its platform-free module: its index also holds Node-only backend probing.
// The platform-free kernel subpath: the package root also holds Node-only backend selection.
import { registerWasmTrainingKernels } from '@ganvas/backend/kernels';

/**
 * Picks the TensorFlow.js backend for training in this tab. `auto`: WebGPU, then WebGL when a
 * real GPU renders it (a software rasteriser such as SwiftShader is slower than wasm), then
 * wasm — multi-threaded when the page is cross-origin isolated — then the pure-JS cpu backend.
 */
export type BrowserBackendChoice = 'auto' | 'webgpu' | 'webgl' | 'wasm' | 'cpu';

export interface BrowserBackendInfo {
  name: string;
  /** Shown next to the name: why it was chosen, threads, GPU renderer. */
  detail: string;
}

let wasmPrepared = false;

function prepareWasm(): void {
  if (wasmPrepared || 'wasm' in tf.engine().registry) return;
  setWasmPaths(new URL('wasm/', document.baseURI).href);
  if (globalThis.crossOriginIsolated) setThreadsCount(Math.max(1, navigator.hardwareConcurrency || 1));
  wasmPrepared = true;
}

async function activate(name: string): Promise<boolean> {
  try {
    const ok = await tf.setBackend(name);
    await tf.ready();
    return ok && tf.getBackend() === name;
  } catch {
    return false;
  }
}

/** The WebGL renderer string, or undefined when WebGL2 is unavailable. */
export function webglRenderer(): string | undefined {
  try {
    const gl = document.createElement('canvas').getContext('webgl2');
    if (!gl) return undefined;
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    return String(ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
  } catch {
    return undefined;
  }
}

function isSoftware(renderer: string): boolean {
  return /swiftshader|llvmpipe|software|basic render/i.test(renderer);
}

async function useWasm(reason: string): Promise<BrowserBackendInfo | undefined> {
  prepareWasm();
  if (!(await activate('wasm'))) return undefined;
  registerWasmTrainingKernels();
  const threads = globalThis.crossOriginIsolated ? `${navigator.hardwareConcurrency || 1} threads` : 'single thread (page not cross-origin isolated)';
  return { name: 'wasm', detail: `${reason}; ${threads}` };
}

export async function selectBrowserBackend(choice: BrowserBackendChoice): Promise<BrowserBackendInfo> {
  const tried: string[] = [];
  const want = (n: BrowserBackendChoice) => choice === 'auto' || choice === n;
  if (want('webgpu')) {
    if ('gpu' in navigator && (await activate('webgpu'))) return { name: 'webgpu', detail: choice === 'auto' ? 'auto: GPU via WebGPU' : 'requested' };
    tried.push('webgpu unavailable');
  }
  if (want('webgl')) {
    const renderer = webglRenderer();
    if (renderer && (choice === 'webgl' || !isSoftware(renderer)) && (await activate('webgl'))) {
      return { name: 'webgl', detail: `${choice === 'auto' ? 'auto' : 'requested'}; ${renderer}` };
    }
    tried.push(renderer ? `webgl is software (${renderer})` : 'webgl unavailable');
  }
  if (want('wasm')) {
    const info = await useWasm(choice === 'auto' ? `auto: ${tried.join(', ')}` : 'requested');
    if (info) return info;
    tried.push('wasm failed to start');
  }
  if (await activate('cpu')) return { name: 'cpu', detail: `${choice === 'cpu' ? 'requested' : tried.join(', ')}; slow` };
  throw new Error(`no TensorFlow.js backend could start (${tried.join(', ')})`);
}
