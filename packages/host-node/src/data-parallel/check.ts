import { isSymbol, type AnalyzedNode, type AnalyzedScope, type Contract, type DataParallelSupport, type Trainer } from '@ganvas/core';
import { BUILTIN_SUPPORT } from './builtin-support.js';

/**
 * Whether a compiled graph can train data-parallel on `workers` workers with the one-worker
 * result, and if not, every reason, each naming the node. Only what a training step
 * evaluates is checked: the phases' losses and everything they depend on (whole network
 * definitions included), optimizers and phase modifiers; previews are not split.
 */
export function dataParallelProblems(trainer: Trainer, workers: number): string[] {
  const problems: string[] = [];
  if (trainer.batchSize % workers !== 0) {
    problems.push(`the batch size ${trainer.batchSize} does not split into ${workers} equal shards (choose a batch size divisible by ${workers})`);
  }
  for (const { node, path } of trainingNodes(trainer)) {
    const problem = nodeProblem(node, path, workers, trainer.batchSize) ?? secondOrderProblem(trainer, node, path);
    if (problem) problems.push(problem);
  }
  return problems;
}

/** Node types whose per-shard result is made whole by an all-reduce that has no second derivative. */
const BATCH_STATISTICS = new Set(['layers.batchNorm']);

/**
 * A gradient penalty differentiates its critic twice. Batch norm in a split critic takes the
 * full batch's statistics through an all-reduce whose gradient is not differentiable again,
 * so such a graph is refused (batch norm is wrong in a penalised critic anyway: each sample's
 * penalty would depend on the others).
 */
function secondOrderProblem(trainer: Trainer, node: AnalyzedNode, path: string): string | undefined {
  if (node.definition?.type !== 'gan.gradientPenalty') return undefined;
  const edge = node.incoming.get('critic')?.[0]?.edge;
  const source = edge ? trainer.analysis.top.nodes.get(edge.source) : undefined;
  const name = (source?.params as { definition?: string } | undefined)?.definition;
  const scope = name === undefined ? undefined : trainer.analysis.networks.get(name);
  for (const inner of scope?.nodes.values() ?? []) {
    if (BATCH_STATISTICS.has(inner.definition?.type ?? '')) {
      return `node "${path}" (gan.gradientPenalty): its critic "${edge!.source}" has batch norm ("${edge!.source}/${inner.doc.id}"), whose statistics across workers cannot be differentiated twice; remove batch norm from the critic (with a gradient penalty each sample's penalty should depend on that sample only)`;
    }
  }
  return undefined;
}

/** A graph that cannot train data-parallel, with every reason. */
export class DataParallelRefused extends Error {
  constructor(
    readonly workers: number,
    readonly problems: string[],
  ) {
    super(`cannot train on ${workers} workers with the one-worker result:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Throws DataParallelRefused unless the graph can train on `workers` workers. */
export function checkDataParallel(trainer: Trainer, workers: number): void {
  const problems = dataParallelProblems(trainer, workers);
  if (problems.length > 0) throw new DataParallelRefused(workers, problems);
}

interface Visit {
  node: AnalyzedNode;
  /** Graph path, e.g. `G/bn1`. */
  path: string;
}

function* trainingNodes(trainer: Trainer): Generator<Visit> {
  const { analysis } = trainer;
  const seen = new Set<AnalyzedNode>();
  const queue: { scope: AnalyzedScope; id: string; prefix: string }[] = [];
  for (const phase of trainer.phases) {
    queue.push({ scope: analysis.top, id: phase.loss.node, prefix: '' });
    queue.push({ scope: analysis.top, id: phase.optimizerNode.analyzed.doc.id, prefix: '' });
    for (const mod of phase.after) queue.push({ scope: analysis.top, id: mod.analyzed.doc.id, prefix: '' });
  }
  while (queue.length > 0) {
    const { scope, id, prefix } = queue.shift()!;
    const node = scope.nodes.get(id);
    if (!node || seen.has(node)) continue;
    seen.add(node);
    yield { node, path: `${prefix}${id}` };
    // Optimizers reach their networks through "params"; what they update is not computed on rows.
    const skipPorts = node.definition?.category === 'optimizer' ? ['params', 'loss'] : [];
    for (const [port, edges] of node.incoming) {
      if (skipPorts.includes(port)) continue;
      for (const { edge } of edges) queue.push({ scope, id: edge.source, prefix });
    }
    if (node.definition?.type === 'core.network') {
      const name = (node.params as { definition?: string } | undefined)?.definition;
      const inner = name === undefined ? undefined : analysis.networks.get(name);
      if (inner) for (const innerId of inner.nodes.keys()) queue.push({ scope: inner, id: innerId, prefix: `${prefix}${id}/` });
    }
  }
}

function supportOf(node: AnalyzedNode, workers: number, batchSize: number): DataParallelSupport | undefined {
  const def = node.definition;
  if (!def) return undefined;
  const params = (node.params ?? {}) as Record<string, unknown>;
  if (typeof def.dataParallel === 'function') return def.dataParallel({ params, inputs: node.inContracts, batchSize, workers });
  if (def.dataParallel !== undefined) return def.dataParallel;
  const builtin = BUILTIN_SUPPORT[def.type];
  return typeof builtin === 'function' ? builtin(params, node.inContracts) : builtin;
}

function nodeProblem(node: AnalyzedNode, path: string, workers: number, batchSize: number): string | undefined {
  const type = node.definition?.type ?? node.doc.type;
  const name = `node "${path}" (${type})`;
  const support = supportOf(node, workers, batchSize);
  if (support === undefined) {
    return `${name} does not say how it behaves when a batch is split across workers (its definition declares no dataParallel), so it could silently train something different`;
  }
  if (typeof support === 'object') return `${name}: ${support.unsupported}`;
  if (support === 'shardAware') {
    // A source with its own batch size (a `batch` param) splits that size, not the run's.
    for (const [port, contract] of Object.entries(node.outContracts) as [string, Contract][]) {
      const rows = contract.shape?.[0];
      if (typeof rows === 'number' && !isSymbol(rows) && rows % workers !== 0) {
        return `${name}: its output "${port}" has ${rows} rows, which do not split into ${workers} equal shards`;
      }
    }
  }
  return undefined;
}
