import { APPLY_TYPE, NETWORK_TYPE, type GraphDocument, type Registry } from '@ganvas/core';

/**
 * Which image-to-image translator a graph trains, read from its structure (not its file name),
 * so edited templates and hand-made graphs are measured too:
 * - StarGAN: a network with an image and a label input, applied to images of a labelled data
 *   source, in a graph with an `i2i.classificationLoss`;
 * - CycleGAN: two image→image networks G, F applied in a cycle F(G(a)) with an L1 loss between
 *   the cycle and a;
 * - Pix2Pix: an image→image network G applied to one port of a data source, with an L1 loss
 *   between G(x) and another port of the same source (the target).
 * Checked in that order (CycleGAN's identity terms look like Pix2Pix's L1 but compare G(b)
 * with b itself, so they never match it).
 */

/** A data source port: node id and output port. */
export interface SourcePort {
  node: string;
  port: string;
}

/** One labelled dataset a StarGAN G is trained on (two with a mask vector). */
export interface StarDataset {
  /** The source node (images.shapes, images.faces, …) with `image` and `label` outputs. */
  node: string;
  /** With a mask vector: this dataset's slot and every dataset's label width. */
  mask?: { dataset: number; sizes: number[] };
}

/** The network whose output feeds the graph's classification losses (StarGAN's D and its `cls` head). */
export interface StarDiscriminator {
  network: string;
  output: string;
}

export type TranslatorGraph =
  | { kind: 'stargan'; network: string; apply: string; datasets: StarDataset[]; discriminator?: StarDiscriminator }
  | { kind: 'cyclegan'; G: string; F: string; a: SourcePort; b: SourcePort }
  | { kind: 'pix2pix'; network: string; input: SourcePort; target: SourcePort };

/** What each kind needs, for the message when nothing matches. */
export const TRANSLATOR_SHAPES = [
  'StarGAN: a network with an image and a label input applied to a data source with "image" and "label" outputs, and an i2i.classificationLoss node',
  'CycleGAN: networks G and F (one image input each) applied as F(G(a)), with a loss.l1 between F(G(a)) and a',
  'Pix2Pix: a network G (one image input) applied to a data source port x, with a loss.l1 between G(x) and another port y of that source',
];

interface NetPorts {
  images: string[];
  labels: string[];
  others: string[];
}

const L1_TYPE = 'loss.l1';
const CLASSIFICATION_LOSS_TYPE = 'i2i.classificationLoss';
const MASK_VECTOR_TYPE = 'images.maskVector';

export function detectTranslator(doc: GraphDocument, registry: Registry): TranslatorGraph | undefined {
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const into = (target: string, port: string) => doc.edges.filter((e) => e.target === target && e.targetPort === port);
  const isSource = (id: string) => {
    const node = byId.get(id);
    return node !== undefined && registry.get(node.type)?.definition.category === 'data' && node.type !== 'i2i.targetLabels';
  };
  const outputsOf = (id: string) => new Set(registry.get(byId.get(id)?.type ?? '')?.definition.outputs.map((p) => p.name) ?? []);
  const netPorts = (netId: string): NetPorts | undefined => {
    const node = byId.get(netId);
    if (node?.type !== NETWORK_TYPE) return undefined;
    const def = doc.networks[String(node.params.definition ?? '')];
    if (!def) return undefined;
    const ports: NetPorts = { images: [], labels: [], others: [] };
    for (const n of def.nodes.filter((x) => x.type === 'core.input')) {
      const name = String(n.params.name ?? n.id);
      const role = n.params.role;
      (role === 'image' ? ports.images : role === 'label' || role === 'onehot' ? ports.labels : ports.others).push(name);
    }
    return ports;
  };
  const applies = doc.nodes
    .filter((n) => n.type === APPLY_TYPE)
    .map((n) => ({ id: n.id, net: into(n.id, 'network')[0]?.source ?? '' }))
    .filter((a) => netPorts(a.net) !== undefined);
  const inputOf = (apply: string, port: string) => {
    const e = into(apply, port)[0];
    return e ? { node: e.source, port: e.sourcePort } : undefined;
  };
  const imagePort = (net: string) => netPorts(net)!.images[0]!;
  const l1s = doc.nodes
    .filter((n) => n.type === L1_TYPE)
    .map((n) => ({ prediction: inputOf(n.id, 'prediction'), target: inputOf(n.id, 'target') }));
  const same = (a: SourcePort | undefined, b: SourcePort | undefined) => !!a && !!b && a.node === b.node && a.port === b.port;
  const preferG = <T extends { net: string }>(list: T[]) => list.find((x) => x.net === 'G') ?? list[0];

  // StarGAN.
  if (doc.nodes.some((n) => n.type === CLASSIFICATION_LOSS_TYPE)) {
    const conditional = applies.filter((a) => {
      const p = netPorts(a.net)!;
      return p.images.length === 1 && p.labels.length === 1 && p.others.length === 0;
    });
    const apply = preferG(conditional);
    if (apply) {
      const ancestors = ancestorsOf(doc, inputOf(apply.id, imagePort(apply.net))?.node);
      const datasets: StarDataset[] = [...ancestors]
        .filter((id) => isSource(id) && outputsOf(id).has('image') && outputsOf(id).has('label'))
        .map((id) => {
          const mask = doc.edges
            .filter((e) => e.source === id && e.sourcePort === 'label')
            .map((e) => byId.get(e.target))
            .find((n) => n?.type === MASK_VECTOR_TYPE);
          if (!mask) return { node: id };
          const p = registry.get(MASK_VECTOR_TYPE)?.definition.params.safeParse(mask.params);
          const params = (p?.success ? p.data : mask.params) as { dataset: number; sizes: number[] };
          return { node: id, mask: { dataset: params.dataset, sizes: params.sizes } };
        })
        .sort((x, y) => (x.mask?.dataset ?? 0) - (y.mask?.dataset ?? 0));
      // D: the network (other than G) applied to give the logits of a classification loss.
      const discriminator = doc.nodes
        .filter((n) => n.type === CLASSIFICATION_LOSS_TYPE)
        .map((n) => inputOf(n.id, 'logits'))
        .map((l) => (l ? { logits: l, net: into(l.node, 'network')[0]?.source } : undefined))
        .find((d) => d?.net !== undefined && d.net !== apply.net && byId.get(d.logits.node)?.type === APPLY_TYPE);
      return {
        kind: 'stargan',
        network: apply.net,
        apply: apply.id,
        datasets,
        ...(discriminator ? { discriminator: { network: discriminator.net!, output: discriminator.logits.port } } : {}),
      };
    }
  }

  const plain = applies.filter((a) => {
    const p = netPorts(a.net)!;
    return p.images.length === 1 && p.labels.length === 0 && p.others.length === 0;
  });

  // CycleGAN: apply2(net2) on apply1(net1)'s output, L1 between apply2's output and apply1's input.
  const cycles = plain.flatMap((first) =>
    plain
      .filter((second) => second.net !== first.net && inputOf(second.id, imagePort(second.net))?.node === first.id)
      .filter((second) => {
        const x = inputOf(first.id, imagePort(first.net));
        return l1s.some((l) => l.prediction?.node === second.id && same(l.target, x)) && x !== undefined && isSource(x.node);
      })
      .map((second) => ({ net: first.net, F: second.net, a: inputOf(first.id, imagePort(first.net))! })),
  );
  const cycle = preferG(cycles);
  if (cycle) {
    // B: F applied directly to another port of A's source.
    const fb = plain
      .filter((x) => x.net === cycle.F)
      .map((x) => inputOf(x.id, imagePort(x.net)))
      .find((s) => s && s.node === cycle.a.node && s.port !== cycle.a.port);
    if (fb) return { kind: 'cyclegan', G: cycle.net, F: cycle.F, a: cycle.a, b: fb };
  }

  // Pix2Pix: L1 between G(x) and another port of x's source.
  const paired = plain.flatMap((a) => {
    const x = inputOf(a.id, imagePort(a.net));
    if (!x || !isSource(x.node)) return [];
    const l1 = l1s.find((l) => l.prediction?.node === a.id && l.target?.node === x.node && l.target.port !== x.port);
    return l1 ? [{ net: a.net, input: x, target: l1.target! }] : [];
  });
  const pix = preferG(paired);
  if (pix) return { kind: 'pix2pix', network: pix.net, input: pix.input, target: pix.target };
  return undefined;
}

/** Every node `id` depends on (itself included), following edges backwards. */
function ancestorsOf(doc: GraphDocument, id: string | undefined): Set<string> {
  const seen = new Set<string>();
  const stack = id ? [id] : [];
  while (stack.length) {
    const n = stack.pop()!;
    if (seen.has(n)) continue;
    seen.add(n);
    for (const e of doc.edges) if (e.target === n) stack.push(e.source);
  }
  return seen;
}
