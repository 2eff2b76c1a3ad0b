"""PyTorch reference for templates/dcgan-mnist.json.

The networks below mirror the template's G and D layer by layer. ARCH lists what this file
assumes about the template; tests/reference/dcgan.test.ts reads it (`--describe`) and fails when
the template drifts from it.

Modes:
  --describe                      print ARCH as JSON
  --check IN --out OUT            load ganvas weights + a real batch + z from bundle IN (NHWC,
                                  ganvas layouts), print both losses as JSON and write the
                                  gradients (ganvas layouts) and BN running stats to bundle OUT
  --trajectory IN --out OUT       load ganvas weights, realTarget and K steps of inputs (real
                                  [K,B,28,28,1], zD and zG [K,B,100]) from bundle IN, train K
                                  steps in float64 exactly as the template's schedule does, print
                                  the per-step losses as JSON and write the final weights and BN
                                  running stats (ganvas names and layouts) to bundle OUT
  --data DIR --steps N ...        train on the MNIST split written by export_mnist.mjs and print
                                  JSON (ms/step, losses); --out grid.png saves 64 samples;
                                  --samples-out FILE dumps --samples N generated images (G in eval
                                  mode, like ganvas' evaluation) as raw little-endian float32
                                  [N,28,28,1] in [-1,1], with FILE.json describing them, for
                                  `ganvas eval-images FILE` (Fréchet distance with ganvas' classifier)
                                  --sn wraps D's conv1, conv2 and score in torch.nn.utils.spectral_norm
                                  (one power iteration, eps 1e-12; u, v drawn after the N(0, 0.02)
                                  init), the counterpart of the layers' `spectralNorm: true`;
                                  --no-bn-d drops D's batch norm (an SNGAN-style D)
                                  --wgan-gp trains templates/wgan-gp-mnist.json instead: the same G,
                                  the critic without batch norm (conv biases on), 5 critic updates
                                  (each with a fresh real batch and noise) per G update, the
                                  Wasserstein losses, λ = 10 gradient penalty on interpolates
                                  (second order through autograd), Adam(1e-4, β 0 / 0.9)
"""
import argparse
import contextlib
import json
import os
import statistics
import struct
import sys
import time
import zlib

import torch
import torch.nn as nn
import torch.nn.functional as F

import bundle
import layout

NZ = 100
# Channel widths: G projects z to GC1 maps of 7x7, then GC2 maps of 14x14; D has DC1 then DC2 maps.
GC1, GC2 = 64, 32
DC1, DC2 = 32, 64
# (node id, node type, params the code below relies on), in the template's topological order.
BN = {"momentum": 0.1, "epsilon": 1e-5, "affine": True}
# The plain layers below; --sn (training only) is the one departure, from a template given spectralNorm.
INIT = {"init": "normal", "initStd": 0.02, "spectralNorm": False}
ARCH = {
    "networks": {
        "dcgan_generator": [
            ["project", "layers.dense", {"units": GC1 * 7 * 7, "useBias": False, **INIT}],
            ["reshape", "layers.reshape", {"targetShape": [7, 7, GC1]}],
            ["bn1", "layers.batchNorm", BN],
            ["relu1", "layers.relu", {}],
            ["up1", "layers.conv2dTranspose", {"filters": GC2, "kernelSize": 4, "strides": 2, "padding": 1, "outputPadding": 0, "useBias": False, **INIT}],
            ["bn2", "layers.batchNorm", BN],
            ["relu2", "layers.relu", {}],
            ["up2", "layers.conv2dTranspose", {"filters": 1, "kernelSize": 4, "strides": 2, "padding": 1, "outputPadding": 0, "useBias": False, **INIT}],
            ["tanh", "layers.tanh", {}],
        ],
        "dcgan_discriminator": [
            ["conv1", "layers.conv2d", {"filters": DC1, "kernelSize": 4, "strides": 2, "padding": 1, "useBias": False, **INIT}],
            ["lrelu1", "layers.leakyRelu", {"alpha": 0.2}],
            ["conv2", "layers.conv2d", {"filters": DC2, "kernelSize": 4, "strides": 2, "padding": 1, "useBias": False, **INIT}],
            ["bn2", "layers.batchNorm", BN],
            ["lrelu2", "layers.leakyRelu", {"alpha": 0.2}],
            ["flatten", "layers.flatten", {}],
            ["score", "layers.dense", {"units": 1, "useBias": True, **INIT}],
        ],
    },
    # Top-level nodes whose settings the training loop below hard-codes.
    "top": [
        ["data", "data.mnist", {"split": "train", "range": "[-1,1]", "order": "shuffle"}],
        ["z", "data.gaussianNoise", {"dims": NZ}],
        ["loss_d", "loss.gan", {"side": "discriminator", "realTarget": 1}],
        ["loss_g", "loss.gan", {"side": "generator", "form": "nonsaturating"}],
        ["opt_d", "optim.adam", {"lr": 2e-4, "beta1": 0.5, "beta2": 0.999, "eps": 1e-8, "weightDecay": 0}],
        ["opt_g", "optim.adam", {"lr": 2e-4, "beta1": 0.5, "beta2": 0.999, "eps": 1e-8, "weightDecay": 0}],
        ["schedule", "optim.schedule", {"repeat": [1, 1]}],
    ],
}


class Generator(nn.Module):
    def __init__(self):
        super().__init__()
        self.project = nn.Linear(NZ, GC1 * 7 * 7, bias=False)
        self.bn1 = nn.BatchNorm2d(GC1)
        self.up1 = nn.ConvTranspose2d(GC1, GC2, 4, stride=2, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(GC2)
        self.up2 = nn.ConvTranspose2d(GC2, 1, 4, stride=2, padding=1, bias=False)

    def forward(self, z):
        x = self.project(z).view(-1, GC1, 7, 7)
        x = F.relu(self.bn1(x))
        x = F.relu(self.bn2(self.up1(x)))
        return torch.tanh(self.up2(x))


def minibatch_std(x, group):
    """Karras et al.'s minibatch std channel (NCHW): sample b is in group b mod (N / group)."""
    n, c, h, w = x.shape
    g = group or n
    m = n // g
    y = x.reshape(g, m, c, h, w)
    s = torch.sqrt(y.var(dim=0, unbiased=False) + 1e-8).reshape(m, -1).mean(dim=1)
    return torch.cat([x, s.repeat(g).reshape(n, 1, 1, 1).expand(n, 1, h, w)], dim=1)


class Discriminator(nn.Module):
    def __init__(self, mbstd=0, bn=True):
        super().__init__()
        self.mbstd = mbstd  # group size of a minibatch-std channel before the score (0: none)
        self.conv1 = nn.Conv2d(1, DC1, 4, stride=2, padding=1, bias=False)
        self.conv2 = nn.Conv2d(DC1, DC2, 4, stride=2, padding=1, bias=False)
        # bn=False drops D's batch norm, as SNGAN's discriminator does (the spectral norm is its
        # only normalisation); the template keeps it.
        self.bn2 = nn.BatchNorm2d(DC2) if bn else nn.Identity()
        self.score = nn.Linear((DC2 + (1 if mbstd else 0)) * 7 * 7, 1)

    def forward(self, x):
        x = F.leaky_relu(self.conv1(x), 0.2)
        x = F.leaky_relu(self.bn2(self.conv2(x)), 0.2)
        if self.mbstd:
            x = minibatch_std(x, self.mbstd)
        return self.score(x.flatten(1))


class Critic(nn.Module):
    """templates/wgan-gp-mnist.json's critic: D's layers without batch norm, convs with biases."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, DC1, 4, stride=2, padding=1)
        self.conv2 = nn.Conv2d(DC1, DC2, 4, stride=2, padding=1)
        self.score = nn.Linear(DC2 * 7 * 7, 1)

    def forward(self, x):
        x = F.leaky_relu(self.conv1(x), 0.2)
        x = F.leaky_relu(self.conv2(x), 0.2)
        return self.score(x.flatten(1))


def gradient_penalty(D, real, fake, lam=10.0):
    """λ·mean (‖∇_x̂ D(x̂)‖₂ − 1)², x̂ = ε·real + (1 − ε)·fake, ε ~ U[0, 1] per sample."""
    eps = torch.rand(real.shape[0], 1, 1, 1)
    xhat = (eps * real + (1 - eps) * fake).requires_grad_(True)
    grad = torch.autograd.grad(D(xhat).sum(), xhat, create_graph=True)[0]
    return lam * ((grad.flatten(1).norm(dim=1) - 1) ** 2).mean()


def init_normal(module):
    """The template's init: N(0, 0.02) conv/dense weights, zero bias; BN gamma 1, beta 0."""
    if isinstance(module, (nn.Conv2d, nn.ConvTranspose2d, nn.Linear)):
        nn.init.normal_(module.weight, 0.0, 0.02)
        if module.bias is not None:
            nn.init.zeros_(module.bias)


def apply_spectral_norm(D):
    """Spectral normalisation of every weight layer of D (Miyato et al. 2018), as a ganvas D whose
    conv2d and dense layers have `spectralNorm: true`: u and v move at each training-mode forward
    of D (twice in the D phase, once in the G phase), samples never use D."""
    for name in ("conv1", "conv2", "score"):
        setattr(D, name, nn.utils.spectral_norm(getattr(D, name), n_power_iterations=1, eps=1e-12))


def load_ganvas_weights(G, D, t):
    """t: {name: tensor} with ganvas names `weights/<net>/<layer>/<weight>` and layouts."""
    with torch.no_grad():
        G.project.weight.copy_(layout.dense_into_maps(t["weights/G/project/kernel"], GC1, 7, 7))
        layout.load_batch_norm(G.bn1, t, "weights/G/bn1")
        G.up1.weight.copy_(layout.conv_weight(t["weights/G/up1/kernel"]))
        layout.load_batch_norm(G.bn2, t, "weights/G/bn2")
        G.up2.weight.copy_(layout.conv_weight(t["weights/G/up2/kernel"]))
        D.conv1.weight.copy_(layout.conv_weight(t["weights/D/conv1/kernel"]))
        D.conv2.weight.copy_(layout.conv_weight(t["weights/D/conv2/kernel"]))
        layout.load_batch_norm(D.bn2, t, "weights/D/bn2")
        D.score.weight.copy_(layout.dense_from_maps(t["weights/D/score/kernel"], DC2, 7, 7))
        D.score.bias.copy_(t["weights/D/score/bias"])


def bce(logits, target):
    return F.binary_cross_entropy_with_logits(logits, torch.full_like(logits, target))


def check(in_dir, out_dir):
    """Losses, two gradients and BN running stats on given weights, in float64."""
    _, arrays = bundle.read_bundle(in_dir)
    t = {k: torch.from_numpy(v.astype("float64")) for k, v in arrays.items()}
    G, D = Generator().double(), Discriminator().double()
    load_ganvas_weights(G, D, t)
    G.train()
    D.train()
    real = layout.nchw(t["real"])
    z = t["z"]
    d_real = D(real)
    fake = G(z)
    d_fake = D(fake)
    loss_d = bce(d_real, 1.0) + bce(d_fake, 0.0)
    loss_g = bce(d_fake, 1.0)
    (g_conv1,) = torch.autograd.grad(loss_d, D.conv1.weight, retain_graph=True)
    (g_project,) = torch.autograd.grad(loss_g, G.project.weight)
    out = {
        "grad/D/conv1/kernel": layout.conv_grad(g_conv1),
        "grad/G/project/kernel": layout.dense_into_maps_grad(g_project, GC1, 7, 7),
    }
    for net, prefix in ((G, "G"), (D, "D")):
        for name, m in net.named_modules():
            if isinstance(m, nn.BatchNorm2d):
                out[f"state/{prefix}/{name}/runningMean"] = m.running_mean
                out[f"state/{prefix}/{name}/runningVar"] = m.running_var
    bundle.write_bundle(out_dir, {k: v.detach().numpy() for k, v in out.items()})
    print(json.dumps({"lossD": loss_d.item(), "lossG": loss_g.item(), "torch": torch.__version__}))


def ganvas_weights(G, D):
    """Inverse of load_ganvas_weights: every weight and BN buffer under its ganvas name and layout."""
    out = {
        "weights/G/project/kernel": layout.dense_into_maps_grad(G.project.weight, GC1, 7, 7),
        "weights/G/up1/kernel": layout.conv_grad(G.up1.weight),
        "weights/G/up2/kernel": layout.conv_grad(G.up2.weight),
        "weights/D/conv1/kernel": layout.conv_grad(D.conv1.weight),
        "weights/D/conv2/kernel": layout.conv_grad(D.conv2.weight),
        "weights/D/score/kernel": layout.dense_from_maps_grad(D.score.weight, DC2, 7, 7),
        "weights/D/score/bias": D.score.bias,
    }
    for net, prefix in ((G, "G"), (D, "D")):
        for name, m in net.named_modules():
            if isinstance(m, nn.BatchNorm2d):
                for ours, theirs in (("gamma", m.weight), ("beta", m.bias), ("runningMean", m.running_mean), ("runningVar", m.running_var)):
                    out[f"weights/{prefix}/{name}/{ours}"] = theirs
    return {k: v.detach().clone().numpy() for k, v in out.items()}


def trajectory(in_dir, out_dir):
    """K training steps from given weights and inputs, in float64.

    What the template's schedule (opt_d then opt_g, once each per step) makes ganvas do: each
    phase evaluates its loss from scratch with every network in training mode.
      D phase: D(real) then D(G(zD)) — G runs in training mode (its BN running statistics move)
               but only D's weights get gradients; D's BN statistics move twice, real batch first.
      G phase: G(zG) with a new latent batch, then D on it, again in training mode (D's BN
               running statistics move a third time); only G's weights are updated.
    The losses reported are those computed before each phase's update, as Trainer.runStep's.
    """
    _, arrays = bundle.read_bundle(in_dir)
    t = {k: torch.from_numpy(v.astype("float64")) for k, v in arrays.items()}
    real_target = float(arrays["realTarget"].reshape(()))
    reals, zd, zg = t["real"], t["zD"], t["zG"]
    steps = reals.shape[0]
    if zd.shape[0] != steps or zg.shape[0] != steps:
        sys.exit(f"--trajectory: {steps} real batches but {zd.shape[0]} zD and {zg.shape[0]} zG batches")
    G, D = Generator().double(), Discriminator().double()
    load_ganvas_weights(G, D, t)
    G.train()
    D.train()
    opt_d = torch.optim.Adam(D.parameters(), lr=2e-4, betas=(0.5, 0.999), eps=1e-8)
    opt_g = torch.optim.Adam(G.parameters(), lr=2e-4, betas=(0.5, 0.999), eps=1e-8)
    loss_ds, loss_gs = [], []
    for k in range(steps):
        # Python evaluates left to right: D(real), then G(zD), then D(fake), as ganvas does.
        loss_d = bce(D(layout.nchw(reals[k])), real_target) + bce(D(G(zd[k]).detach()), 0.0)
        opt_d.zero_grad(set_to_none=True)
        loss_d.backward()
        opt_d.step()
        loss_g = bce(D(G(zg[k])), 1.0)
        opt_g.zero_grad(set_to_none=True)
        loss_g.backward()
        opt_g.step()
        loss_ds.append(loss_d.item())
        loss_gs.append(loss_g.item())
    bundle.write_bundle(out_dir, ganvas_weights(G, D))
    print(json.dumps({"steps": steps, "realTarget": real_target, "lossD": loss_ds, "lossG": loss_gs, "torch": torch.__version__}))


def write_png(path, gray):
    """8-bit greyscale PNG from a 2-D uint8 array, with zlib only (no PIL needed)."""
    h, w = gray.shape
    raw = b"".join(b"\x00" + gray[y].tobytes() for y in range(h))

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
    with open(path, "wb") as f:
        f.write(png)


def save_grid(G, path, seed, n=64, cols=8, gap=2):
    gen = torch.Generator().manual_seed(seed + 7919)
    G.eval()  # like the template's preview node (training: false): BN running statistics
    with torch.no_grad():
        imgs = G(torch.randn(n, NZ, generator=gen)).squeeze(1)
    G.train()
    rows = (n + cols - 1) // cols
    grid = torch.full((rows * (28 + gap) - gap, cols * (28 + gap) - gap), -1.0)
    for i in range(n):
        r, c = divmod(i, cols)
        grid[r * 30 : r * 30 + 28, c * 30 : c * 30 + 28] = imgs[i]
    write_png(path, ((grid.clamp(-1, 1) + 1) * 127.5).round().to(torch.uint8).numpy())


class Ema:
    """Exponential moving average of G's parameters (not its BN buffers: sampling uses the live
    running statistics), swapped in for sampling — what optim.averageWeights does."""

    def __init__(self, model, decay):
        self.model, self.decay, self.avg = model, decay, None

    @torch.no_grad()
    def update(self):
        params = [p.detach() for p in self.model.parameters()]
        if self.avg is None:
            self.avg = [p.clone() for p in params]
        else:
            for a, p in zip(self.avg, params):
                a.mul_(self.decay).add_(p, alpha=1 - self.decay)

    @contextlib.contextmanager
    def swapped(self):
        if self.avg is None:
            yield
            return
        with torch.no_grad():
            live = [p.detach().clone() for p in self.model.parameters()]
            for p, a in zip(self.model.parameters(), self.avg):
                p.copy_(a)
        try:
            yield
        finally:
            with torch.no_grad():
                for p, l in zip(self.model.parameters(), live):
                    p.copy_(l)


class Batches:
    """Shuffled epochs over the training images (the template's order: 'shuffle')."""

    def __init__(self, images, batch, gen):
        self.images, self.batch, self.gen = images, batch, gen
        self.perm, self.pos = torch.randperm(len(images), generator=gen), 0

    def next(self):
        if self.pos + self.batch > len(self.perm):
            self.perm, self.pos = torch.randperm(len(self.images), generator=self.gen), 0
        idx = self.perm[self.pos : self.pos + self.batch]
        self.pos += self.batch
        return self.images[idx]


def train(args):
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    _, data = bundle.load_mnist_export(args.data)
    images = torch.from_numpy(data["train"][0]) * 2 - 1  # [0,1] -> [-1,1]
    G, D = Generator(), (Critic() if args.wgan_gp else Discriminator(args.mbstd, bn=not args.no_bn_d))
    G.apply(init_normal)
    D.apply(init_normal)
    if args.sn:
        apply_spectral_norm(D)
    lr, betas = ((2e-4, (0.5, 0.9)) if args.wgan_gp else (2e-4, (0.5, 0.999)))
    opt_d = torch.optim.Adam(D.parameters(), lr=lr, betas=betas)
    opt_g = torch.optim.Adam(G.parameters(), lr=lr, betas=betas)
    batches = Batches(images, args.batch, torch.Generator().manual_seed(args.seed))
    ema = Ema(G, args.ema) if args.ema else None
    times, cpu_times, history = [], [], []
    dumps_at = sorted({int(k) for k in args.samples_at.split(",") if k}) if args.samples_at else []
    if dumps_at and not args.samples_out:
        sys.exit("--samples-at needs --samples-out")
    for step in range(1, args.steps + 1):
        t0 = time.perf_counter()
        c0 = time.process_time()
        if args.wgan_gp:
            # 5 critic updates, each on a fresh real batch and fresh noise, then one G update.
            for _ in range(5):
                real = batches.next()
                fake = G(torch.randn(args.batch, NZ)).detach()
                loss_d = D(fake).mean() - D(real).mean() + gradient_penalty(D, real, fake)
                opt_d.zero_grad(set_to_none=True)
                loss_d.backward()
                opt_d.step()
            loss_g = -D(G(torch.randn(args.batch, NZ))).mean()
        else:
            # D phase: a real batch and fresh noise; G's output is a constant here.
            real = batches.next()
            fake = G(torch.randn(args.batch, NZ)).detach()
            loss_d = bce(D(real), args.real_target) + bce(D(fake), 0.0)
            opt_d.zero_grad(set_to_none=True)
            loss_d.backward()
            opt_d.step()
            # G phase: fresh noise again, non-saturating loss.
            loss_g = bce(D(G(torch.randn(args.batch, NZ))), 1.0)
        opt_g.zero_grad(set_to_none=True)
        loss_g.backward()
        opt_g.step()
        if ema:
            ema.update()
        if step in dumps_at and step != args.steps:
            # One run serves several budgets: samples after `step` updates, as a shorter run
            # of the same seed would give (training is not touched).
            with ema.swapped() if ema else contextlib.nullcontext():
                dump_samples(G, f"{args.samples_out}.step-{step}", args.samples, args.seed)
        history.append((loss_d.item(), loss_g.item()))
        times.append((time.perf_counter() - t0) * 1000)
        cpu_times.append((time.process_time() - c0) * 1000)
    warm = min(5, max(0, len(times) - 1))
    tail = history[-max(1, len(history) // 10) :]
    result = {
        "model": "wgan-gp-mnist" if args.wgan_gp else "dcgan-mnist",
        "impl": f"pytorch {torch.__version__}",
        "steps": args.steps,
        "batch": args.batch,
        "threads": args.threads,
        "seed": args.seed,
        "spectralNormD": args.sn,
        "batchNormD": not (args.no_bn_d or args.wgan_gp),
        "msPerStep": statistics.median(times[warm:]) if times else None,
        # CPU time of this process per step: on a machine shared with other jobs it shows
        # the work done, while msPerStep also counts time spent waiting for a core.
        "cpuMsPerStep": statistics.median(cpu_times[warm:]) if cpu_times else None,
        "warmupSteps": warm,
        "final": {"lossD": history[-1][0], "lossG": history[-1][1]} if history else None,
        "lastTenthMean": {
            "lossD": sum(h[0] for h in tail) / len(tail),
            "lossG": sum(h[1] for h in tail) / len(tail),
        }
        if history
        else None,
    }
    sampling = ema.swapped() if ema else contextlib.nullcontext()
    with sampling:
        if args.out:
            save_grid(G, args.out, args.seed)
            result["grid"] = os.path.abspath(args.out)
        if args.samples_out:
            dump_samples(G, args.samples_out, args.samples, args.seed)
            result["samples"] = os.path.abspath(args.samples_out)
    if ema:
        result["ema"] = args.ema
        if args.samples_out:  # the live weights' samples too, to compare with the average
            dump_samples(G, args.samples_out + ".live", args.samples, args.seed)
            result["samplesLive"] = os.path.abspath(args.samples_out + ".live")
    print(json.dumps(result))


def dump_samples(G, path, n, seed):
    """n images from fresh N(0, I) latents, NHWC float32 little-endian, plus a JSON description."""
    gen = torch.Generator().manual_seed(seed + 104729)
    G.eval()
    with torch.no_grad():
        imgs = G(torch.randn(n, NZ, generator=gen))  # [n, 1, 28, 28] in [-1, 1]
    G.train()
    nhwc = imgs.permute(0, 2, 3, 1).contiguous().numpy().astype("<f4")
    with open(path, "wb") as f:
        f.write(nhwc.tobytes())
    desc = {"format": "ganvas.images", "version": 1, "dtype": "float32", "layout": "NHWC", "count": n,
            "height": 28, "width": 28, "channels": 1, "range": [-1, 1], "source": "bench/reference/dcgan_mnist.py"}
    with open(path + ".json", "w") as f:
        json.dump(desc, f)


def main(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--describe", action="store_true")
    p.add_argument("--check", metavar="IN")
    p.add_argument("--trajectory", metavar="IN")
    p.add_argument("--data")
    p.add_argument("--steps", type=int, default=200)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--out", help="--check, --trajectory: output bundle dir; training: sample grid PNG")
    p.add_argument("--samples-out", help="training: write --samples generated images (raw float32) here")
    p.add_argument("--samples", type=int, default=1000)
    p.add_argument("--mbstd", type=int, default=0, help="training: a minibatch-std channel (this group size) before D's score, as layers.minibatchStd")
    p.add_argument("--real-target", type=float, default=1.0, help="training: D's target on real images (0.9: one-sided label smoothing; the template's realTarget)")
    p.add_argument("--samples-at", help="training: also dump samples after these steps (comma-separated), to FILE.step-N")
    p.add_argument("--ema", type=float, default=0, help="training: sample with an exponential moving average of G (decay, e.g. 0.999)")
    p.add_argument("--sn", action="store_true", help="training: spectral normalisation (torch.nn.utils.spectral_norm, 1 power iteration) on D's conv1, conv2 and score, as layers' spectralNorm: true")
    p.add_argument("--wgan-gp", action="store_true", help="training: templates/wgan-gp-mnist.json (critic without batch norm, 5:1, Wasserstein losses, gradient penalty, Adam 2e-4 / 0.5, 0.9)")
    p.add_argument("--no-bn-d", action="store_true", help="training: D without its batch norm (conv2 straight into the LeakyReLU), as an SNGAN-style D")
    args = p.parse_args(argv)
    if args.wgan_gp and (args.sn or args.no_bn_d or args.mbstd or args.ema or args.real_target != 1.0):
        p.error("--wgan-gp trains the WGAN-GP template as it is: no --sn, --no-bn-d, --mbstd, --ema or --real-target")
    if args.no_bn_d and not args.data:
        p.error("--no-bn-d is a training option (give --data DIR)")
    if args.sn and not args.data:
        # --check and --trajectory load ganvas weights into plain layers; they do not carry u and v.
        p.error("--sn is a training option (give --data DIR)")
    if args.describe:
        print(json.dumps(ARCH))
    elif args.check:
        if not args.out:
            p.error("--check needs --out")
        check(args.check, args.out)
    elif args.trajectory:
        if not args.out:
            p.error("--trajectory needs --out")
        trajectory(args.trajectory, args.out)
    elif args.data:
        train(args)
    else:
        p.error("give --describe, --check IN --out OUT, --trajectory IN --out OUT, or --data DIR")


if __name__ == "__main__":
    main(sys.argv[1:])
