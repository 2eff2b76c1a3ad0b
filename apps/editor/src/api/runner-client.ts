import type { GraphDocument, NetworkDef, NodeTypeDescription } from '@ganvas/core';
import type { RunEvent, RunStatus } from '../model/run-state.js';
import type { RunnerValidation } from '../model/validation.js';

/**
 * The runner's HTTP/WebSocket API (packages/runner/API.md). The page is served by the runner,
 * which sets an auth cookie, so every call is a same-origin relative URL.
 */
export class RunnerError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly body?: unknown,
  ) {
    super(message);
  }
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method,
    credentials: 'same-origin',
    ...(body !== undefined ? { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!res.ok) {
    const msg = (json as { error?: { message?: string } } | undefined)?.error?.message ?? `${method} ${path}: HTTP ${res.status}`;
    throw new RunnerError(msg, res.status, json);
  }
  return json as T;
}

export interface TemplateInfo {
  file: string;
  name: string;
  description: string;
}

export interface CatalogueResponse {
  nodes: NodeTypeDescription[];
  packages: { name: string; version: string; registered: string[]; errors: string[] }[];
}

export interface RunSummary {
  id: string;
  status: RunStatus;
  step: number;
  steps: number;
}

export const runner = {
  catalogue: () => call<CatalogueResponse>('GET', '/api/catalogue'),
  templates: () => call<TemplateInfo[]>('GET', '/api/templates'),
  template: (file: string) => call<unknown>('GET', `/api/templates/${encodeURIComponent(file)}`),
  validate: (document: GraphDocument) => call<RunnerValidation>('POST', '/api/validate', { document }),
  /** The layer graph a plug-in network node builds (catalogue entries with `opensAsNetwork`). */
  nodeLayers: (type: string, params: Record<string, unknown>) => call<{ definition: NetworkDef }>('POST', '/api/node-layers', { type, params }),
  startRun: (body: { document: GraphDocument; steps: number; seed?: number; backend?: string; sampleEvery?: number; paused?: boolean }) =>
    call<{ id: string; dir: string }>('POST', '/api/runs', body),
  control: (id: string, action: 'pause' | 'resume' | 'stop') => call<RunSummary>('POST', `/api/runs/${encodeURIComponent(id)}/${action}`, {}),
  step: (id: string, phase?: string) =>
    call<RunSummary & { phase?: string; loss?: number; losses?: Record<string, number> }>('POST', `/api/runs/${encodeURIComponent(id)}/step`, phase ? { phase } : {}),
  fileUrl: (id: string, file: string) => `/api/runs/${encodeURIComponent(id)}/files/${file.split('/').map(encodeURIComponent).join('/')}`,
};

/** Server messages of /api/ws, as the runner sends them. */
type WireMessage =
  | { type: 'status'; run: string; status: RunStatus; step: number; steps: number; backend?: string }
  | { type: 'step'; run: string; step: number; losses: Record<string, number>; ms?: number; stepsPerSecond?: number; etaSeconds?: number }
  | { type: 'phase'; run: string; step: number; phase: string; loss: number }
  | { type: 'sample'; run: string; step: number; file: string }
  | { type: 'error'; run: string; message: string }
  | { type: 'log'; run: string; level: 'info' | 'warn'; message: string };

/** Translates a wire message into the panel's event (sample files become URLs). */
export function toRunEvent(m: WireMessage): RunEvent | undefined {
  switch (m.type) {
    case 'sample':
      return { type: 'sample', step: m.step, url: runner.fileUrl(m.run, m.file) };
    case 'status': {
      const { run: _run, backend, ...rest } = m;
      return { ...rest, ...(backend ? { backend } : {}) };
    }
    case 'step':
    case 'phase':
    case 'log':
    case 'error': {
      const { run: _run, ...rest } = m;
      return rest as RunEvent;
    }
    default:
      return undefined;
  }
}

/** Subscribes to one run's events; returns the function that closes the socket. */
export function subscribe(run: string, onEvent: (e: RunEvent) => void, onClose?: () => void): () => void {
  const url = new URL('/api/ws', location.href);
  url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const ws = new WebSocket(url);
  ws.onopen = () => ws.send(JSON.stringify({ type: 'subscribe', run }));
  ws.onmessage = (msg) => {
    let m: WireMessage;
    try {
      m = JSON.parse(String(msg.data)) as WireMessage;
    } catch {
      return;
    }
    if (m.run !== run) return;
    const e = toRunEvent(m);
    if (e) onEvent(e);
  };
  ws.onclose = () => onClose?.();
  return () => ws.close();
}
