import { beforeAll, describe, expect, it } from 'vitest';
import { sgd, sgdOptimizer } from './sgd.js';
import { optimizerSuite } from './test-cases.js';
import { useCpu } from './test-util.js';

describe('optim.sgd', () => {
  beforeAll(useCpu);
  optimizerSuite('sgd', sgd.params, sgdOptimizer, [
    { name: 'plain', params: { lr: 0.1 } },
    { name: 'momentum', params: { lr: 0.05, momentum: 0.9 } },
    { name: 'nesterov + weight decay', params: { lr: 0.05, momentum: 0.9, nesterov: true, weightDecay: 0.01 } },
    { name: 'momentum + dampening', params: { lr: 0.05, momentum: 0.8, dampening: 0.3 } },
    { name: 'momentum, lrDecay 3 → 6', params: { lr: 0.05, momentum: 0.9, lrDecay: { from: 3, to: 6 } }, updatesPerStep: 1 },
    { name: 'plain, lrDecay 1 → 3 to 0.5, 3 updates per step', params: { lr: 0.1, lrDecay: { from: 1, to: 3, final: 0.5 } }, updatesPerStep: 3 },
  ]);

  it('infer: nesterov without momentum is refused', () => {
    const result = sgd.infer!({
      nodeId: 'opt',
      params: sgd.params.parse({ nesterov: true }),
      inputs: { loss: { role: 'loss', shape: [] }, params: [{ role: 'network' }] },
      bindings: new Map(),
      declaredOutputs: { phase: { role: 'phase' } },
    });
    expect(JSON.stringify(result)).toContain('nesterov needs momentum > 0');
  });

  it('infer: an optimizer with no network on "params" is refused', () => {
    const result = sgd.infer!({
      nodeId: 'opt',
      params: sgd.params.parse({}),
      inputs: { loss: { role: 'loss', shape: [] } },
      bindings: new Map(),
      declaredOutputs: { phase: { role: 'phase' } },
    });
    expect('errors' in result && result.errors[0]?.port).toBe('params');
  });
});
