import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { decodeCheckpoint, encodeCheckpoint, type Checkpoint } from '@ganvas/core';
import { isMissing, tempName, writeFileAtomic } from './fs-util.js';

/**
 * Checkpoints on disk: `<root>/step-000040/{checkpoint.json, weights.bin}` plus a `latest`
 * file naming the newest. A checkpoint is written into a temp dir and renamed into place,
 * and `latest` is updated last, so a crash at any point leaves the previous checkpoint
 * loadable; leftover temp dirs are never mistaken for checkpoints.
 */

const STEP_DIR = /^step-(\d+)$/;
export const CHECKPOINT_JSON = 'checkpoint.json';
export const CHECKPOINT_BIN = 'weights.bin';
export const LATEST_FILE = 'latest';

export function stepDirName(step: number): string {
  return `step-${String(step).padStart(6, '0')}`;
}

/** Steps of the complete checkpoints under `root`, ascending. */
export async function listCheckpointSteps(root: string): Promise<number[]> {
  const entries = await readdir(root, { withFileTypes: true }).catch((e: unknown) => {
    if (isMissing(e)) return [];
    throw e;
  });
  return entries
    .filter((e) => e.isDirectory())
    .map((e) => STEP_DIR.exec(e.name)?.[1])
    .filter((s): s is string => s !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}

/** Write atomically; keep the newest `keep` checkpoints. Returns the checkpoint's directory. */
export async function saveCheckpoint(root: string, checkpoint: Checkpoint, keep = 3): Promise<string> {
  await mkdir(root, { recursive: true });
  await removeTemps(root);
  const name = stepDirName(checkpoint.meta.step);
  const final = path.join(root, name);
  const tmp = path.join(root, tempName(name));
  const { json, binary } = encodeCheckpoint(checkpoint);
  await mkdir(tmp);
  try {
    await writeFile(path.join(tmp, CHECKPOINT_BIN), binary);
    await writeFile(path.join(tmp, CHECKPOINT_JSON), json);
    // Re-saving a step (e.g. stopped again right after resuming) replaces the old copy.
    await rm(final, { recursive: true, force: true });
    await rename(tmp, final);
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
  await writeFileAtomic(path.join(root, LATEST_FILE), `${name}\n`);
  await prune(root, keep, checkpoint.meta.step);
  return final;
}

async function removeTemps(root: string): Promise<void> {
  for (const e of await readdir(root)) {
    if (e.startsWith('.tmp-')) await rm(path.join(root, e), { recursive: true, force: true });
  }
}

async function prune(root: string, keep: number, current: number): Promise<void> {
  const steps = await listCheckpointSteps(root);
  const old = steps.filter((s) => s !== current).slice(0, Math.max(0, steps.length - Math.max(1, keep)));
  for (const s of old) await rm(path.join(root, stepDirName(s)), { recursive: true, force: true });
}

/** The step named by `latest`, or (if `latest` was never written) the newest complete checkpoint. */
export async function latestCheckpointDir(root: string): Promise<string> {
  let name: string | undefined;
  try {
    name = (await readFile(path.join(root, LATEST_FILE), 'utf8')).trim();
  } catch (e) {
    if (!isMissing(e)) throw e;
  }
  if (name !== undefined) {
    if (!STEP_DIR.test(name)) throw new Error(`${path.join(root, LATEST_FILE)} is corrupt: "${name.slice(0, 40)}" is not a checkpoint name`);
    return path.join(root, name);
  }
  const steps = await listCheckpointSteps(root);
  const last = steps[steps.length - 1];
  if (last === undefined) throw new Error(`no checkpoint in ${root}: the run has not saved one yet`);
  return path.join(root, stepDirName(last));
}

export async function loadCheckpointDir(dir: string): Promise<Checkpoint> {
  const jsonFile = path.join(dir, CHECKPOINT_JSON);
  const binFile = path.join(dir, CHECKPOINT_BIN);
  const read = async (file: string) => {
    try {
      return await readFile(file);
    } catch (e) {
      throw new Error(isMissing(e) ? `checkpoint file ${file} is missing` : `cannot read ${file}: ${(e as Error).message}`);
    }
  };
  const json = (await read(jsonFile)).toString('utf8');
  const bin = await read(binFile);
  try {
    JSON.parse(json);
  } catch (e) {
    throw new Error(`checkpoint file ${jsonFile} is corrupt: ${(e as Error).message}`);
  }
  try {
    return decodeCheckpoint(json, new Uint8Array(bin.buffer, bin.byteOffset, bin.byteLength));
  } catch (e) {
    throw new Error(`checkpoint ${dir} is corrupt: ${(e as Error).message}`);
  }
}
