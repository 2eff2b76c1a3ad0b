import { sampleGrid, type SampleBatch, type Trainer } from '@ganvas/core';
import { encodePng, type RunDir } from '@ganvas/host-node';

/** Encode one grid per preview node. */
export function samplePngs(batches: SampleBatch[]): { batch: SampleBatch; png: Uint8Array }[] {
  return batches.map((batch) => {
    const grid = sampleGrid(batch);
    return { batch, png: encodePng(grid.width, grid.height, grid.channels, grid.pixels) };
  });
}

/**
 * Render every preview and write `samples/step-N.png` (suffixed by node id when several);
 * returns the absolute paths written.
 */
export async function writeSamples(trainer: Trainer, run: RunDir): Promise<string[]> {
  const pngs = samplePngs(trainer.sample());
  const files: string[] = [];
  for (const { batch, png } of pngs) {
    files.push(await run.writeSample(trainer.step, png, pngs.length > 1 ? batch.nodeId : ''));
  }
  return files;
}
