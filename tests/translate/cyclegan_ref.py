"""PyTorch reference for a ganvas CycleGAN template: its generator loss terms on ganvas's weights,
and the benchmark's timing.

usage: cyclegan_ref.py --values <template.json> <bundle-dir>
       cyclegan_ref.py <template.json> [--steps N] [--batch B] [--threads T] [--seed S]

--values reads the ganvas weights (`weights/<net>/<node>/<name>`, tfjs layouts) and the images a
and b (NHWC) from the bundle (tests/reference/bundle.ts format) and prints G's six loss terms and
their weighted sum as one JSON line, in float64.

Otherwise it trains the template's own networks, rebuilt from its network definitions by interpret.py, the
way the CycleGAN code does (Zhu et al.): one G step on G: A→B and F: B→A with
  L_G = LS(D_Y(G(a))) + LS(D_X(F(b))) + λ_cyc·(|F(G(a)) − a| + |G(F(b)) − b|) + λ_idt·(|G(b) − b| + |F(a) − a|)
(the weights read from the template's loss.weightedSum "loss_g"), then one D step on both
discriminators with s·(mean (D(real) − 1)² + mean D(fake)²) (s = discriminatorScale), the fakes
drawn from image pools of the template's size, detached. Float32, fresh normal(0, 0.02) weights,
Adam with the template's settings, random images of the template's size (the content does not
change the work). Prints one JSON line with `msPerStep` and `cpuMsPerStep`, medians after 5
warm-up steps, for bench/run.mjs.
"""
import json
import os
import random
import sys

import torch

sys.path.insert(0, os.path.dirname(__file__))
from interpret import adam, fresh_weights, interpret, time_steps, timing_args  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "bench", "reference"))
from bundle import read_bundle  # noqa: E402

TERMS = ["adv_g", "adv_f", "cyc_a", "cyc_b", "idt_loss_b", "idt_loss_a"]


def networks(doc, weights):
    """G: A→B, F: B→A and the two PatchGANs of the template, on `weights` (a dict or a creator)."""
    nodes = {n["id"]: n for n in doc["nodes"]}
    net = {k: interpret(doc["networks"][nodes[k]["params"]["definition"]], k, weights(k) if callable(weights) else weights) for k in ["G", "F", "DX", "DY"]}
    return (
        lambda x: net["G"]({"x": x})["image"],
        lambda x: net["F"]({"x": x})["image"],
        lambda x: net["DX"]({"x": x})["score"],
        lambda x: net["DY"]({"x": x})["score"],
    )


def l1(p, t):
    return (p - t).abs().mean()


def ls(score, target):
    return ((score - target) ** 2).mean()


def g_terms(nets, real_a, real_b):
    """G's six terms in the template's loss_g order, and the fakes G(a), F(b)."""
    G, Fn, DX, DY = nets
    fake_b, fake_a = G(real_a), Fn(real_b)
    terms = [ls(DY(fake_b), 1), ls(DX(fake_a), 1), l1(Fn(fake_b), real_a), l1(G(fake_a), real_b), l1(G(real_b), real_b), l1(Fn(real_a), real_a)]
    return terms, fake_b, fake_a


def values(template, bundle):
    torch.set_default_dtype(torch.float64)
    doc = json.load(open(template, encoding="utf-8"))
    _, arrays = read_bundle(bundle)
    arrays = {k: v.astype("float64") for k, v in arrays.items()}
    nets = networks(doc, arrays)
    weights = next(n for n in doc["nodes"] if n["id"] == "loss_g")["params"].get("weights", [1, 1, 10, 10, 5, 5])
    nchw = lambda a: torch.tensor(a).permute(0, 3, 1, 2)
    terms, _, _ = g_terms(nets, nchw(arrays["a"]), nchw(arrays["b"]))
    out = {name: t.item() for name, t in zip(TERMS, terms)}
    out["loss_g"] = sum(w * t for w, t in zip(weights, terms)).item()
    print(json.dumps(out))


class ImagePool:
    """Past fakes: until full, every fake is stored and returned; then each one is, with
    probability p, swapped for a random stored image (which is returned instead)."""

    def __init__(self, size, p):
        self.size, self.p, self.images = size, p, []

    def query(self, batch):
        if self.size == 0:
            return batch
        out = []
        for image in batch.detach():
            image = image.unsqueeze(0)
            if len(self.images) < self.size:
                self.images.append(image)
                out.append(image)
            elif random.random() < self.p:
                k = random.randrange(self.size)
                out.append(self.images[k].clone())
                self.images[k] = image
            else:
                out.append(image)
        return torch.cat(out, 0)


def main(argv):
    a, doc = timing_args("cyclegan_ref.py", argv)
    nodes = {n["id"]: n for n in doc["nodes"]}
    by_type = lambda t: [n for n in doc["nodes"] if n["type"] == t]
    need = ["G", "F", "DX", "DY", "opt_g", "opt_d", "loss_g"]
    missing = [i for i in need if i not in nodes]
    if missing or len(by_type("images.shapesUnpaired")) != 1:
        sys.exit(f"cyclegan_ref.py: expects a CycleGAN template with nodes {', '.join(need)} and one images.shapesUnpaired source; missing {', '.join(missing) or 'the source'}")
    batch = a.batch or doc["training"]["batchSize"]
    size = by_type("images.shapesUnpaired")[0]["params"].get("size", 32)
    weights = nodes["loss_g"]["params"].get("weights", [1, 1, 10, 10, 5, 5])
    d_side = [n for n in by_type("i2i.lsganLoss") if n["params"].get("side") == "discriminator"]
    scale = d_side[0]["params"].get("discriminatorScale", 0.5) if d_side else 0.5
    pools = by_type("i2i.imagePool")
    pool_size = pools[0]["params"].get("size", 50) if pools else 0
    swap = pools[0]["params"].get("swapProbability", 0.5) if pools else 0.5

    stores = {k: {} for k in ["G", "F", "DX", "DY"]}
    nets = networks(doc, lambda k: fresh_weights(stores[k]))
    G, Fn, DX, DY = nets
    images = lambda: torch.rand(batch, 3, size, size) * 2 - 1
    with torch.no_grad():  # creates every weight
        x = images()
        DY(G(x)), DX(Fn(x))
    opt_g = adam([*stores["G"].values(), *stores["F"].values()], nodes["opt_g"]["params"])
    opt_d = adam([*stores["DX"].values(), *stores["DY"].values()], nodes["opt_d"]["params"])
    pool_a, pool_b = ImagePool(pool_size, swap), ImagePool(pool_size, swap)

    def step():
        real_a, real_b = images(), images()
        terms, fake_b, fake_a = g_terms(nets, real_a, real_b)
        loss_g = sum(w * t for w, t in zip(weights, terms))
        opt_g.zero_grad(set_to_none=True)
        loss_g.backward()
        opt_g.step()
        old_b, old_a = pool_b.query(fake_b), pool_a.query(fake_a)
        loss_d = scale * (ls(DY(real_b), 1) + ls(DY(old_b), 0)) + scale * (ls(DX(real_a), 1) + ls(DX(old_a), 0))
        opt_d.zero_grad(set_to_none=True)
        loss_d.backward()
        opt_d.step()
        return loss_d, loss_g

    time_steps(step, a.steps, doc, a, batch)

if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--values":
        values(sys.argv[2], sys.argv[3])
    else:
        main(sys.argv[1:])
