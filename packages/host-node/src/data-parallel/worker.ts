import { parentPort, workerData } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend, type BackendChoice } from '@ganvas/backend';
import { compile, type Trainer } from '@ganvas/core';
import { createNodeRegistry } from '../load-plugins.js';
import { createNodeHost } from '../node-host.js';
import type { FromWorker, ToWorker, WorkerInit } from './protocol.js';
import { SharedReplica, stateChecksum } from './replica.js';
import { SharedCollective, replicaName } from './shared-collective.js';

/**
 * One replica of a data-parallel run in a worker thread: it compiles the same graph, takes
 * the first replica's state, and runs each step it is told to, meeting the other replicas
 * in the shared-memory collective. Steps are handled one at a time, in order.
 */

const port = parentPort!;
const init = workerData as WorkerInit;
const name = replicaName(init.index);
const collective = new SharedCollective(init.memory, init.index, init.timeoutMs);
const send = (m: FromWorker) => port.postMessage(m);
let trainer: Trainer | undefined;

async function start(): Promise<Trainer> {
  await selectBackend(init.backend as BackendChoice);
  const { registry } = await createNodeRegistry({ searchDirs: init.searchDirs });
  const host = createNodeHost({ baseDir: init.graphDir, log: (level, message) => send({ type: 'log', level, message }) });
  const t = await compile(init.document, registry, {
    host,
    seed: init.seed,
    batchSize: init.batchSize,
    replica: new SharedReplica(collective),
  });
  t.restore(init.checkpoint);
  return t;
}

async function handle(m: ToWorker): Promise<void> {
  const t = trainer!;
  if (m.type === 'step') {
    let failure: string | undefined;
    try {
      if (t.step !== m.step - 1) {
        const message = `${name} is at step ${t.step} but was asked for step ${m.step}`;
        collective.abort(message);
        throw new Error(message);
      }
      await t.runStep();
    } catch (e) {
      failure = e instanceof Error ? e.message : String(e);
    } finally {
      send({ type: 'done', step: m.step, ok: failure === undefined, ...(failure ? { message: failure } : {}), tensors: tf.memory().numTensors });
      collective.setBusy(init.index, false);
    }
  } else if (m.type === 'checksum') {
    send({ type: 'checksum', checksum: stateChecksum(t), step: t.step });
  } else {
    port.off('message', onMessage);
    t.dispose();
  }
}

let queue = Promise.resolve();
function onMessage(m: ToWorker): void {
  queue = queue.then(() => handle(m)).catch(fatal);
}

function fatal(e: unknown): void {
  const message = `${name} failed: ${e instanceof Error ? e.message : String(e)}`;
  // Release any replica waiting for this one before the thread ends.
  collective.abort(message);
  collective.setBusy(init.index, false);
  send({ type: 'fatal', message });
  process.exit(1);
}

try {
  trainer = await start();
  port.on('message', onMessage);
  send({ type: 'ready', checksum: stateChecksum(trainer) });
} catch (e) {
  fatal(e);
}
