"""PyTorch reference for templates/vae-mnist.json.

The encoder and decoder mirror the template's E and Dec layer by layer. ARCH lists what this
file assumes about the template; tests/reference/vae.test.ts reads it (`--describe`) and fails
when the template drifts from it.

Modes:
  --describe                  print ARCH as JSON
  --check IN --out OUT        ganvas weights + batch x + noise eps from bundle IN: print the
                              loss and its two terms as JSON, write gradients (ganvas layouts)
  --data DIR --epochs 5 ...   train on the MNIST split written by export_mnist.mjs, print JSON
"""
import argparse
import json
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

import bundle
import layout

PIXELS, HIDDEN, LATENT = 28 * 28, 400, 20
TORCH_INIT = {"init": "torch", "useBias": True}  # nn.Linear's default init
ARCH = {
    "networks": {
        "vae_encoder": [
            ["flatten", "layers.flatten", {}],
            ["hidden", "layers.dense", {"units": HIDDEN, **TORCH_INIT}],
            ["relu", "layers.relu", {}],
            ["mu_head", "layers.dense", {"units": LATENT, **TORCH_INIT}],
            ["logvar_head", "layers.dense", {"units": LATENT, **TORCH_INIT}],
        ],
        "vae_decoder": [
            ["hidden", "layers.dense", {"units": HIDDEN, **TORCH_INIT}],
            ["relu", "layers.relu", {}],
            ["out", "layers.dense", {"units": PIXELS, **TORCH_INIT}],
            ["reshape", "layers.reshape", {"targetShape": [28, 28, 1]}],
        ],
    },
    "top": [
        ["data", "data.mnist", {"split": "train", "range": "[0,1]", "order": "shuffle"}],
        ["sample_z", "layers.reparameterize", {}],
        ["recon", "loss.bce", {"reduction": "sumPerSample"}],
        ["kl", "loss.klNormal", {}],
        ["elbo", "loss.weightedSum", {"weights": [1, 1]}],
        ["opt", "optim.adam", {"lr": 1e-3, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weightDecay": 0}],
    ],
}


class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden = nn.Linear(PIXELS, HIDDEN)
        self.mu_head = nn.Linear(HIDDEN, LATENT)
        self.logvar_head = nn.Linear(HIDDEN, LATENT)

    def forward(self, x):
        h = F.relu(self.hidden(x.flatten(1)))
        return self.mu_head(h), self.logvar_head(h)


class Decoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden = nn.Linear(LATENT, HIDDEN)
        self.out = nn.Linear(HIDDEN, PIXELS)

    def forward(self, z):
        """Bernoulli logits, [B, 1, 28, 28]."""
        return self.out(F.relu(self.hidden(z))).view(-1, 1, 28, 28)


def reparameterize(mu, logvar, eps=None):
    if eps is None:
        eps = torch.randn_like(mu)
    return mu + torch.exp(0.5 * logvar) * eps


def neg_elbo_terms(E, Dec, x, eps=None):
    """Per-image reconstruction BCE (summed over pixels) and KL, each [B]."""
    mu, logvar = E(x)
    logits = Dec(reparameterize(mu, logvar, eps))
    recon = F.binary_cross_entropy_with_logits(logits, x, reduction="none").flatten(1).sum(1)
    kl = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp(), dim=1)
    return recon, kl


def load_ganvas_weights(E, Dec, t):
    with torch.no_grad():
        for net, prefix, names in ((E, "E", ("hidden", "mu_head", "logvar_head")), (Dec, "Dec", ("hidden", "out"))):
            for name in names:
                layer = getattr(net, name)
                layer.weight.copy_(layout.dense_weight(t[f"weights/{prefix}/{name}/kernel"]))
                layer.bias.copy_(t[f"weights/{prefix}/{name}/bias"])


def check(in_dir, out_dir):
    """The loss, its terms and two gradients on given weights, batch and eps, in float64."""
    _, arrays = bundle.read_bundle(in_dir)
    t = {k: torch.from_numpy(v.astype("float64")) for k, v in arrays.items()}
    E, Dec = Encoder().double(), Decoder().double()
    load_ganvas_weights(E, Dec, t)
    recon, kl = neg_elbo_terms(E, Dec, layout.nchw(t["x"]), t["eps"])
    recon, kl = recon.mean(), kl.mean()
    loss = recon + kl
    g_enc, g_dec = torch.autograd.grad(loss, [E.hidden.weight, Dec.out.weight])
    bundle.write_bundle(
        out_dir,
        {
            "grad/E/hidden/kernel": layout.dense_grad(g_enc).numpy(),
            "grad/Dec/out/kernel": layout.dense_grad(g_dec).numpy(),
        },
    )
    print(json.dumps({"loss": loss.item(), "recon": recon.item(), "kl": kl.item(), "torch": torch.__version__}))


@torch.no_grad()
def heldout_neg_elbo(E, Dec, images, samples, chunk=100):
    """Mean over images of the negative ELBO (nats), each estimated with `samples` draws of eps."""
    total = 0.0
    for i in range(0, len(images), chunk):
        x = images[i : i + chunk]
        acc = torch.zeros(len(x))
        for _ in range(samples):
            recon, kl = neg_elbo_terms(E, Dec, x)
            acc += recon + kl
        total += (acc / samples).sum().item()
    return total / len(images)


def train(args):
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    _, data = bundle.load_mnist_export(args.data)
    train_x = torch.from_numpy(data["train"][0])
    held_x = torch.from_numpy(data["heldout"][0])
    E, Dec = Encoder(), Decoder()
    opt = torch.optim.Adam(list(E.parameters()) + list(Dec.parameters()), lr=1e-3, betas=(0.9, 0.999))
    gen = torch.Generator().manual_seed(args.seed)
    epochs, times, cpu_times = [], [], []
    # --steps N (the benchmark's mode) stops after N updates, however many epochs that is.
    budget = args.steps if args.steps is not None else float("inf")
    for _ in range(args.epochs if args.steps is None else 10**9):
        if len(times) >= budget:
            break
        perm = torch.randperm(len(train_x), generator=gen)
        losses = []
        # Full batches only, as the template's shuffled source never yields a short one.
        for i in range(0, len(perm) - args.batch + 1, args.batch):
            if len(times) >= budget:
                break
            t0 = time.perf_counter()
            c0 = time.process_time()
            recon, kl = neg_elbo_terms(E, Dec, train_x[perm[i : i + args.batch]])
            loss = (recon + kl).mean()
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            losses.append(loss.item())
            times.append((time.perf_counter() - t0) * 1000)
            cpu_times.append((time.process_time() - c0) * 1000)
        epochs.append(sum(losses) / len(losses) if losses else float("nan"))
    torch.manual_seed(args.seed + 1)
    # Timing statistics skip the first steps (allocator and thread-pool warm-up), as in
    # dcgan_mnist.py; the epoch mode keeps its historical all-steps median.
    warm = min(args.warmup, max(0, len(times) - 1))
    result = {
        "model": "vae-mnist",
        "impl": f"pytorch {torch.__version__}",
        "epochs": args.epochs,
        "batch": args.batch,
        "threads": args.threads,
        "seed": args.seed,
        "trainImages": len(train_x),
        "heldoutImages": len(held_x),
        "steps": len(times),
        "trainLossPerEpoch": epochs,
        "msPerStep": statistics.median(times[warm:]) if times else None,
        "msPerStepMean": sum(times[warm:]) / len(times[warm:]) if times else None,
        # CPU time per step (see dcgan_mnist.py): the work, without waiting for a core.
        "cpuMsPerStep": statistics.median(cpu_times[warm:]) if cpu_times else None,
        "warmupSteps": warm,
    }
    if not args.no_eval:
        result["heldoutNegElbo"] = heldout_neg_elbo(E, Dec, held_x, 1)
        result["heldoutNegElbo100"] = heldout_neg_elbo(E, Dec, held_x, args.elbo_samples)
        result["elboSamples"] = args.elbo_samples
    print(json.dumps(result))


def main(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--describe", action="store_true")
    p.add_argument("--check", metavar="IN")
    p.add_argument("--out", help="--check: output bundle dir")
    p.add_argument("--data")
    p.add_argument("--epochs", type=int, default=5)
    p.add_argument("--batch", type=int, default=100)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--steps", type=int, help="train this many updates instead of --epochs (benchmark mode)")
    p.add_argument("--warmup", type=int, default=0, help="steps left out of msPerStep")
    p.add_argument("--no-eval", action="store_true", help="skip the held-out ELBO (benchmark mode)")
    p.add_argument("--elbo-samples", type=int, default=100, help="eps draws per held-out image for heldoutNegElbo100")
    args = p.parse_args(argv)
    if args.describe:
        print(json.dumps(ARCH))
    elif args.check:
        if not args.out:
            p.error("--check needs --out")
        check(args.check, args.out)
    elif args.data:
        train(args)
    else:
        p.error("give --describe, --check IN --out OUT, or --data DIR")


if __name__ == "__main__":
    main(sys.argv[1:])
