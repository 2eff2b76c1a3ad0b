// Command-line options of bench/run.mjs.

export const usage = `usage: pnpm bench [-- options]
  --templates a,b     templates whose file name contains one of these (default: those in bench/registry.mjs)
  --backends a,b      ganvas backends (default: wasm,cpu; cpu runs --cpu-steps steps only)
  --batches 64,128    batch sizes (default: each template's list in bench/registry.mjs)
  --steps N           timed steps per run (default 10)      --warmup N   untimed steps first (default 3)
  --reps N            repetitions of each ganvas/PyTorch pair, interleaved (default 3)
  --cpu-steps N       timed steps on the cpu backend (default 1, no warm-up)
  --threads 1,2       thread counts, each a row for ganvas and PyTorch alike (default 1,2): ganvas
                      trains data-parallel on N worker threads (--workers N), PyTorch with
                      torch.set_num_threads(N); the pure-JS cpu backend runs at 1 only
  --no-reference      skip PyTorch                             --json FILE  also write the rows as JSON
  --timeout S         per run (default 600)   --cpu-timeout S (default 900)
  --cache DIR         where the exported MNIST split is kept (default bench/.cache/mnist)
  --no-lock           do not take /tmp/ganvas-heavy.lock (only when nothing else runs)
  --no-editor         skip the editor's 300-node responsiveness section (needs /usr/bin/chromium)
  --quick             = --reps 1 --steps 5 --warmup 2 --backends wasm --batches 64 --threads 1`;

export function parseOptions(argv) {
  const o = {
    templates: [], backends: ['wasm', 'cpu'], batches: undefined, steps: 10, warmup: 3, reps: 3,
    cpuSteps: 1, threads: [1, 2], reference: true, json: undefined, timeout: 600, cpuTimeout: 900,
    cache: undefined, lock: true, editor: true, help: false,
  };
  const list = (v) => v.split(',').map((s) => s.trim()).filter(Boolean);
  const int = (name, v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new Error(`bench: ${name} needs a non-negative integer, got ${v}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`bench: ${a} needs a value`);
      return v;
    };
    switch (a) {
      case '--': break; // pnpm passes it through
      case '--templates': o.templates = list(next()); break;
      case '--backends': o.backends = list(next()); break;
      case '--batches': o.batches = list(next()).map((v) => int(a, v)); break;
      case '--steps': o.steps = int(a, next()); break;
      case '--warmup': o.warmup = int(a, next()); break;
      case '--reps': o.reps = Math.max(1, int(a, next())); break;
      case '--cpu-steps': o.cpuSteps = Math.max(1, int(a, next())); break;
      case '--threads': o.threads = list(next()).map((v) => Math.max(1, int(a, v))); break;
      case '--no-reference': o.reference = false; break;
      case '--json': o.json = next(); break;
      case '--timeout': o.timeout = int(a, next()); break;
      case '--cpu-timeout': o.cpuTimeout = int(a, next()); break;
      case '--cache': o.cache = next(); break;
      case '--no-lock': o.lock = false; break;
      case '--no-editor': o.editor = false; break;
      case '--quick': Object.assign(o, { reps: 1, steps: 5, warmup: 2, backends: ['wasm'], batches: [64], threads: [1], editor: false }); break;
      case '--help': case '-h': o.help = true; break;
      default: throw new Error(`bench: unknown option ${a}\n${usage}`);
    }
  }
  return o;
}
