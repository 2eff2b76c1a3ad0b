// Which templates the benchmark knows a PyTorch reference for, and how to run it.
//
// A template joins the benchmark by adding an entry here: the reference script must train
// the same architecture, batch size, loss and optimizer, and print one JSON line with
// `msPerStep` (median after its warm-up steps). Templates in templates/ without an entry
// are still timed on ganvas, with the reference columns left empty and a note saying so.

/**
 * A StarGAN template timed against the value check's interpreter of its networks, in its timing
 * mode: the template's D:G schedule, penalty and Adam settings on random images (content does not
 * change the work). The script leaves its first 5 steps out of msPerStep.
 */
function stargan(name) {
  return {
    model: name,
    batches: [16],
    reference: {
      script: '../tests/translate/stargan_ref.py',
      args: (r) => ['--time', `templates/${name}.json`, '--steps', String(r.steps + 5), '--batch', String(r.batch), '--threads', String(r.threads)],
    },
  };
}

/** @typedef {{ batch: number, steps: number, warmup: number, threads: number, data: string }} RefRun */

/**
 * @type {Record<string, {
 *   model: string,
 *   batches: number[],
 *   reference: { script: string, args: (r: RefRun) => string[] },
 * }>}
 */
export const benchRegistry = {
  'dcgan-mnist.json': {
    model: 'dcgan-mnist',
    batches: [64, 128],
    reference: {
      script: 'reference/dcgan_mnist.py',
      // dcgan_mnist.py leaves its first 5 steps out of msPerStep.
      args: (r) => ['--data', r.data, '--steps', String(r.steps + 5), '--batch', String(r.batch), '--threads', String(r.threads)],
    },
  },
  'wgan-gp-mnist.json': {
    model: 'wgan-gp-mnist',
    batches: [64],
    reference: {
      script: 'reference/dcgan_mnist.py',
      // One step = 5 critic updates (each with the gradient penalty's second-order pass) + 1 G update.
      args: (r) => ['--wgan-gp', '--data', r.data, '--steps', String(r.steps + 5), '--batch', String(r.batch), '--threads', String(r.threads)],
    },
  },
  'cyclegan-shapes.json': {
    model: 'cyclegan-shapes',
    batches: [8],
    reference: {
      // The template's own networks (tests/translate/interpret.py, checked against ganvas's loss
      // terms in cyclegan-ref.test.ts): one G step, then one D step on pooled fakes, Adam as the template.
      script: '../tests/translate/cyclegan_ref.py',
      args: (r) => ['templates/cyclegan-shapes.json', '--steps', String(r.steps + 5), '--batch', String(r.batch), '--threads', String(r.threads)],
    },
  },
  'stargan-shapes.json': stargan('stargan-shapes'),
  'stargan-faces.json': stargan('stargan-faces'),
  'vae-mnist.json': {
    model: 'vae-mnist',
    batches: [64, 128],
    reference: {
      script: 'reference/vae_mnist.py',
      args: (r) => [
        '--data', r.data, '--steps', String(r.steps + r.warmup), '--warmup', String(r.warmup),
        '--batch', String(r.batch), '--threads', String(r.threads), '--no-eval',
      ],
    },
  },
};
