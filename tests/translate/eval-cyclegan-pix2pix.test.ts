import path from 'node:path';
import { selectBackend } from '@ganvas/backend';
import { beforeAll, describe, expect, it } from 'vitest';
import { tinyGraphFile } from '../../apps/cli/src/test-helpers.js';
import { evalRun, expectShares, tinyGraph, trainTiny, workspace } from './eval-helpers.js';

/** `ganvas eval` on CycleGAN and Pix2Pix runs, the L1-only baseline, and a run that is not a translator. */

const ws = workspace('eval-cycle-pix');

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('ganvas eval on CycleGAN and Pix2Pix runs', () => {
  it('CycleGAN: domain accuracy of G(a) and F(b), attributes kept, cycle L1 both ways', async () => {
    await trainTiny(ws, tinyGraph(ws, 'cyclegan-shapes.json', 'cycle', { data: { heldoutCount: 12 } }), 'cycle');
    const { result, stdout } = await evalRun(ws, 'cycle', ['--batch', '12']);
    expect(result.examples).toBe(12);
    const t = result.translation;
    expect(t).toMatchObject({ kind: 'cyclegan', G: 'G', F: 'F', source: 'data', ports: { a: 'a', b: 'b' }, count: 12, step: 1 });
    for (const v of [t.cycleL1.a, t.cycleL1.b]) {
      expect(v).toBeGreaterThan(0);
      expect(v).toBeLessThan(2);
    }
    expect(t.domain).toMatchObject({ attribute: 'shape', a: 'circle', b: 'square' });
    expectShares(t.domain.real, ['a', 'b']);
    expectShares({ g: t.domain.G.domainAccuracy, f: t.domain.F.domainAccuracy }, ['g', 'f']);
    expectShares(t.domain.G.preserved, ['colour', 'size']);
    expect(t.classifier).toMatchObject({ source: 'images.shapes', trainCount: 200 });
    expect(stdout).toMatch(/G\(a\) classified as square: \d+\.\d%/);
  });

  it('CycleGAN on background domains uses the background classifier', async () => {
    await trainTiny(ws, tinyGraph(ws, 'cyclegan-shapes.json', 'cycle-bg', { data: { heldoutCount: 8, domains: 'white-black' } }), 'cycle-bg');
    const { result } = await evalRun(ws, 'cycle-bg', ['--batch', '8']);
    expect(result.translation.domain).toMatchObject({ attribute: 'background', a: 'white', b: 'black' });
    expect(result.translation.domain.G.preserved).toEqual({});
    // --no-losses skips the held-out losses and leaves the translation metrics as they were.
    const quick = (await evalRun(ws, 'cycle-bg', ['--batch', '8', '--no-losses'])).result;
    expect(Object.keys(result.losses).sort()).toEqual(['D_X and D_Y', 'G and F']);
    expect(quick.losses).toBeUndefined();
    expect(quick.translation.classifier.cached).toBe(true); // trained by the first evaluation
    expect({ ...quick.translation, classifier: { ...quick.translation.classifier, cached: false } }).toEqual(result.translation);
  });

  it('Pix2Pix and its L1-only baseline: held-out L1 to the target in the same units, and the attributes of G(x)', async () => {
    const params = { data: { heldoutCount: 16 } };
    await trainTiny(ws, tinyGraph(ws, 'pix2pix-shapes.json', 'pix', params), 'pix');
    await trainTiny(ws, tinyGraph(ws, 'pix2pix-shapes-l1only.json', 'l1only', params), 'l1only');
    const full = (await evalRun(ws, 'pix', ['--batch', '16'])).result.translation;
    const { result: base, stdout } = await evalRun(ws, 'l1only', ['--batch', '16']);
    for (const t of [full, base.translation]) {
      expect(t).toMatchObject({ kind: 'pix2pix', network: 'G', source: 'data', ports: { input: 'input', target: 'target' }, range: [-1, 1], count: 16 });
      expect(t.l1).toBeGreaterThan(0);
      expect(t.l1).toBeLessThan(2);
      expectShares(t.attributes.translated.perAttribute, ['colour', 'shape', 'size']);
    }
    // Same pairs: the input-to-target L1 is a property of the data, equal in both runs.
    expect(base.translation.inputL1).toBe(full.inputL1);
    expect(base.translation.attributes.real).toEqual(full.attributes.real);
    expect(Object.keys(base.losses)).toEqual(['G']);
    expect(stdout).toMatch(/L1 to the target ‖y − G\(x\)‖₁: \d\.\d{4} \(mean per value in \[-1, 1\]; the input itself: \d\.\d{4}\)/);
  });

  it('a run that is not a translator: --translator explains which graph shapes it looked for', async () => {
    const r = await ws.cli(['train', tinyGraphFile, '--out', 'plain', '--steps', '1', '--backend', 'cpu']);
    expect(r.code, r.stderr).toBe(0);
    const strict = await ws.cli(['eval', 'plain', '--translator', '--backend', 'cpu']);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain(`error: cannot evaluate ${path.join(ws.dir, 'plain')} as a translator: its graph matches none of the image-to-image shapes:`);
    expect(strict.stderr).toMatch(/ {2}StarGAN: a network with an image and a label input/);
    expect(strict.stderr).toMatch(/ {2}Pix2Pix: a network G/);
  });
});
