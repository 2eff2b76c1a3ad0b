import type { GraphDocument } from '@ganvas/core';
import { useCallback, useEffect, useRef, useState } from 'react';
import { runner, subscribe } from '../api/runner-client.js';
import { applyRunEvent, newRun, type RunEvent, type RunState } from '../model/run-state.js';
import type { BrowserBackendChoice } from '../training/browser-backend.js';
import { localRegistry } from '../training/local-registry.js';
import { TabRun } from '../training/tab-trainer.js';

export interface StartOptions {
  steps: number;
  sampleEvery: number;
  backend: BrowserBackendChoice;
  paused?: boolean;
}

/** One training run at a time, on the runner or in this tab, with the same controls. */
export function useRun() {
  const [run, setRun] = useState<RunState | undefined>();
  const [phases, setPhases] = useState<string[]>([]);
  const tab = useRef<TabRun | undefined>(undefined);
  const unsubscribe = useRef<(() => void) | undefined>(undefined);

  const cleanup = useCallback(() => {
    unsubscribe.current?.();
    unsubscribe.current = undefined;
    tab.current?.dispose();
    tab.current = undefined;
  }, []);
  useEffect(() => cleanup, [cleanup]);

  const apply = useCallback((e: RunEvent) => setRun((s) => (s ? applyRunEvent(s, e) : s)), []);

  const startOnRunner = useCallback(
    async (doc: GraphDocument, o: StartOptions) => {
      cleanup();
      setPhases(optimizerPhases(doc));
      setRun(newRun('…', 'runner', o.steps, 'runner'));
      try {
        // Step-by-step mode starts the run paused, so the first update made by hand is step 1's.
        const { id } = await runner.startRun({ document: doc, steps: o.steps, sampleEvery: o.sampleEvery, ...(o.paused ? { paused: true } : {}) });
        setRun((s) => (s ? { ...s, id } : s));
        // Subscribing sends the run's current status; its 'paused' arrives as a status event.
        unsubscribe.current = subscribe(id, apply);
      } catch (e) {
        apply({ type: 'error', message: (e as Error).message });
      }
    },
    [apply, cleanup],
  );

  const startInTab = useCallback(
    async (doc: GraphDocument, o: StartOptions) => {
      cleanup();
      setPhases(optimizerPhases(doc));
      const id = `tab-${Date.now().toString(36)}`;
      setRun(newRun(id, 'tab', o.steps));
      const r = new TabRun(apply);
      tab.current = r;
      await r.start(doc, { steps: o.steps, backend: o.backend, sampleEvery: o.sampleEvery, ...(o.paused ? { paused: true } : {}) });
    },
    [apply, cleanup],
  );

  const control = useCallback(
    async (action: 'pause' | 'resume' | 'stop') => {
      if (!run) return;
      if (run.where === 'tab') {
        tab.current?.[action]();
        return;
      }
      try {
        const r = await runner.control(run.id, action);
        apply({ type: 'status', status: r.status, step: r.step, steps: r.steps });
      } catch (e) {
        apply({ type: 'error', message: (e as Error).message });
      }
    },
    [run, apply],
  );

  const stepOnce = useCallback(
    async (phase?: string) => {
      if (!run) return;
      if (run.where === 'tab') {
        await tab.current?.stepOnce(phase);
        return;
      }
      try {
        const r = await runner.step(run.id, phase);
        if (phase && r.loss !== undefined) {
          // r.step counts completed steps: the update belongs to the next one unless it completed it.
          apply({ type: 'phase', step: r.losses ? r.step : r.step + 1, phase, loss: r.loss });
        }
        apply({ type: 'status', status: r.status, step: r.step, steps: r.steps });
      } catch (e) {
        apply({ type: 'error', message: (e as Error).message });
      }
    },
    [run, apply],
  );

  return { run, phases, startOnRunner, startInTab, control, stepOnce };
}

/** Phase names as the trainer names them: each optimizer's label, else its id. */
function optimizerPhases(doc: GraphDocument): string[] {
  const registry = localRegistry();
  return doc.nodes.filter((n) => registry.get(n.type)?.definition.category === 'optimizer').map((n) => n.label ?? n.id);
}
