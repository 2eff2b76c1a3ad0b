import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateDocument, type Registry } from '@ganvas/core';
import { createNodeRegistry } from '@ganvas/host-node';
import { vgg19 } from '@ganvas/nodes-style';
import { beforeAll, describe, expect, it } from 'vitest';

// The layer graph `style.vgg19` shows in the editor, checked by the real analyser and layer nodes:
// embedded as a document network and applied by a core.network node, its taps come out with the
// channels and pooled sizes the node's own signature promises.
const here = path.dirname(fileURLToPath(import.meta.url));
let registry: Registry;

beforeAll(async () => {
  ({ registry } = await createNodeRegistry({ searchDirs: [path.resolve(here, '..')] }));
});

describe('style.vgg19 layers through the analyser', () => {
  it('validates without diagnostics in its network scope', () => {
    const taps = ['block1_conv1', 'block2_conv1', 'block3_conv2'];
    const definition = vgg19.layers!(vgg19.params.parse({ outputs: taps }));
    const doc = {
      format: 'ganvas.graph',
      schemaVersion: 2,
      nodes: [],
      edges: [],
      networks: { vgg: definition },
    };
    const result = validateDocument(doc, registry);
    const inNetwork = result.diagnostics.filter((d) => JSON.stringify(d).includes('networks'));
    expect(inNetwork).toEqual([]);
    const scope = result.analysis!.networks.get('vgg')!;
    expect(scope.ok).toBe(true);
    expect(scope.order.filter((id) => id.endsWith('_conv')).at(-1)).toBe('block3_conv2_conv');
    const outs = scope.signature!.outputs;
    expect(outs.map((o) => o.name)).toEqual(taps);
    expect(outs.map((o) => o.contract.shape?.at(-1))).toEqual([64, 128, 256]);
  });
});
