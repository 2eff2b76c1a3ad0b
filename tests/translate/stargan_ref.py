"""PyTorch reference of StarGAN's losses on the networks of a ganvas template.

usage: stargan_ref.py <template.json> <bundle-dir>
       stargan_ref.py --time <template.json> [--steps N] [--batch B] [--threads T]   (the benchmark's timing)
The bundle (tests/reference/bundle.ts format) holds the ganvas weights (`weights/<net>/<node>/<name>`,
tfjs layouts), the inputs x, c_org (c'), c_trg (c), eps (the gradient penalty's per-sample ε) and
optionally `mask_org`/`mask_trg` (per-label masks of the mask-vector setting). The networks are
rebuilt in PyTorch by interpreting the template's network definitions node by node, in NCHW, the
weights converted here:  conv [kh, kw, cin, cout] -> [cout, cin, kh, kw] (permute 3, 2, 0, 1);
transposed conv [kh, kw, cout, cin] -> [cin, cout, kh, kw] (permute 3, 2, 0, 1).
A conditional D (an input named c) gets c′ with real images and x̂, c with translations.
The losses follow the StarGAN code (solver.py), in float64:
  L_D = −mean D_src(x) + mean D_src(G(x, c)) + λ_cls·BCE_sum(D_cls(x), c′)/B + λ_gp·mean (‖∇_x̂ D_src(x̂)‖₂ − 1)²
  L_G = −mean D_src(G(x, c)) + λ_cls·BCE_sum(D_cls(G(x, c)), c)/B + λ_rec·mean |x − G(G(x, c), c′)|
Prints one JSON line with every term.

With --time it trains the template's networks instead (float32, fresh normal(0, 0.02) weights,
Adam with the template's settings, its D:G schedule, random images and labels of the template's
shapes, since the content does not change the work) and prints `msPerStep` and `cpuMsPerStep`,
medians after 5 warm-up steps, for bench/run.mjs.
"""
import json
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "bench", "reference"))
from bundle import read_bundle  # noqa: E402

sys.path.insert(0, os.path.dirname(__file__))
from interpret import adam, fresh_weights, interpret, time_steps, timing_args  # noqa: E402


def is_conditional(doc):
    """A conditional D (a label input "c") sees each image with the labels training pairs it with:
    real images with their own, translations with their targets; the penalty with the real ones."""
    return any(n["type"] == "core.input" and n["params"]["name"] == "c" for n in doc["networks"]["stargan_discriminator"]["nodes"])


def cls_loss(logit, target, mask):
    return (F.binary_cross_entropy_with_logits(logit, target, reduction="none") * mask).sum() / logit.shape[0]


def d_terms(G, D, cond, x, c_org, c_trg, eps, labels, mask, gp_target=1.0):
    """D's terms as solver.py computes them (d_loss = adv + λ_cls·cls + λ_gp·gp, weights left to the
    caller); also returns G(x, c), still attached to G, for the generator side."""
    d_in = lambda img, c: {"x": img, "c": c} if cond else {"x": img}
    out = D(d_in(x, c_org))
    x_fake = G({"x": x, "c": c_trg})["image"]
    out_fake = D(d_in(x_fake.detach(), c_trg))
    x_hat = (eps * x + (1 - eps) * x_fake.detach()).requires_grad_(True)
    src_hat = D(d_in(x_hat, c_org))["src"]
    grad = torch.autograd.grad(src_hat, x_hat, grad_outputs=torch.ones_like(src_hat), create_graph=True)[0]
    terms = {
        "adv": -out["src"].mean() + out_fake["src"].mean(),
        "cls": cls_loss(out["cls"], labels, mask),
        "gp": ((grad.reshape(x.shape[0], -1).norm(2, dim=1) - gp_target) ** 2).mean(),
    }
    return terms, x_fake


def g_terms(G, D, cond, x, x_fake, c_org, c_trg, labels, mask, identity=False):
    """G's terms (g_loss = adv + λ_cls·cls + λ_rec·rec [+ λ_id·idt], weights left to the caller)."""
    out_fake = D({"x": x_fake, "c": c_trg} if cond else {"x": x_fake})
    x_rec = G({"x": x_fake, "c": c_org})["image"]
    terms = {"adv": -out_fake["src"].mean(), "cls": cls_loss(out_fake["cls"], labels, mask), "rec": (x - x_rec).abs().mean()}
    if identity:
        # Translating x to its own condition should give x back.
        terms["idt"] = (x - G({"x": x, "c": c_org})["image"]).abs().mean()
    return terms


def main():
    torch.set_default_dtype(torch.float64)
    template, bundle = sys.argv[1], sys.argv[2]
    doc = json.load(open(template, encoding="utf-8"))
    _, arrays = read_bundle(bundle)
    arrays = {k: v.astype("float64") for k, v in arrays.items()}
    G = interpret(doc["networks"]["stargan_generator"], "G", arrays)
    D = interpret(doc["networks"]["stargan_discriminator"], "D", arrays)
    nchw = lambda a: torch.tensor(a).permute(0, 3, 1, 2)
    x = nchw(arrays["x"])
    c_org = torch.tensor(arrays["c_org"])
    c_trg = torch.tensor(arrays["c_trg"])
    eps = torch.tensor(arrays["eps"]).reshape(-1, 1, 1, 1)
    lab_org = torch.tensor(arrays["lab_org"]) if "lab_org" in arrays else c_org
    lab_trg = torch.tensor(arrays["lab_trg"]) if "lab_trg" in arrays else c_trg
    m_org = torch.tensor(arrays["mask_org"]) if "mask_org" in arrays else torch.ones_like(lab_org)
    m_trg = torch.tensor(arrays["mask_trg"]) if "mask_trg" in arrays else torch.ones_like(lab_trg)
    cond = is_conditional(doc)
    d, x_fake = d_terms(G, D, cond, x, c_org, c_trg, eps, lab_org, m_org)
    identity = any(n["id"] == "loss_idt" for n in doc["nodes"])
    g = g_terms(G, D, cond, x, x_fake, c_org, c_trg, lab_trg, m_trg, identity)
    d_adv, d_cls, d_gp = d["adv"], d["cls"], d["gp"]
    g_adv, g_cls, g_rec = g["adv"], g["cls"], g["rec"]
    loss_g = g_adv + g_cls + 10 * g_rec
    if identity:
        # λ_id is the fourth weight of the template's L_G sum.
        lam_id = next(n for n in doc["nodes"] if n["id"] == "loss_g")["params"]["weights"][3]
        loss_g = loss_g + lam_id * g["idt"]
    r = {
        "d_adv": d_adv.item(),
        "d_cls": d_cls.item(),
        "d_gp": 10 * d_gp.item(),
        "loss_d": (d_adv + d_cls + 10 * d_gp).item(),
        "g_adv": g_adv.item(),
        "g_cls": g_cls.item(),
        "g_rec": g_rec.item(),
        "loss_g": loss_g.item(),
    }
    if identity:
        r["g_idt"] = g["idt"].item()
    print(json.dumps(r))


def timing(argv):
    """Trains the template's StarGAN for a few steps and reports the time per step."""
    a, doc = timing_args("stargan_ref.py --time", argv)
    batch = a.batch or doc["training"]["batchSize"]
    by_type = lambda t: [n for n in doc["nodes"] if n["type"] == t]
    data = by_type("images.shapes") + by_type("images.faces")
    if len(data) != 1:
        sys.exit("stargan_ref.py --time: expects one images.shapes or images.faces source (the mask-vector template is not timed)")
    size = data[0]["params"].get("size", 64)
    nodes = {n["id"]: n for n in doc["nodes"]}
    opt = lambda i: nodes[i]["params"]
    schedule = by_type("optim.schedule")[0]["params"].get("repeat", [1, 1])
    gp = by_type("gan.gradientPenalty")[0]["params"]
    sums = {n["id"]: n["params"].get("weights") for n in by_type("loss.weightedSum")}
    lam_rec = (sums.get("loss_g") or [1, 1, 10])[2]

    g_store, d_store = {}, {}
    G = interpret(doc["networks"]["stargan_generator"], "G", fresh_weights(g_store))
    D = interpret(doc["networks"]["stargan_discriminator"], "D", fresh_weights(d_store))
    cond = is_conditional(doc)
    c_dim = next(n for n in doc["networks"]["stargan_generator"]["nodes"] if n["type"] == "core.input" and n["params"]["name"] == "c")["params"]["shape"][1]
    d_in = lambda img, c: {"x": img, "c": c} if cond else {"x": img}
    x = torch.rand(batch, 3, size, size) * 2 - 1
    c = (torch.rand(batch, c_dim) > 0.5).float()
    with torch.no_grad():  # creates every weight
        D(d_in(G({"x": x, "c": c})["image"], c))
    opt_d = adam(list(d_store.values()), opt("opt_d"))
    opt_g = adam(list(g_store.values()), opt("opt_g"))

    def batch_now():
        xs = torch.rand(batch, 3, size, size) * 2 - 1
        c_org = (torch.rand(batch, c_dim) > 0.5).float()
        return xs, c_org, c_org[torch.randperm(batch)]

    def step():
        for _ in range(schedule[0]):
            xs, c_org, c_trg = batch_now()
            d, _ = d_terms(G, D, cond, xs, c_org, c_trg, torch.rand(batch, 1, 1, 1), c_org, torch.ones_like(c_org), gp.get("target", 1))
            loss_d = d["adv"] + d["cls"] + gp.get("lambda", 10) * d["gp"]
            opt_d.zero_grad(set_to_none=True)
            loss_d.backward()
            opt_d.step()
        for _ in range(schedule[1]):
            xs, c_org, c_trg = batch_now()
            fake = G({"x": xs, "c": c_trg})["image"]
            g = g_terms(G, D, cond, xs, fake, c_org, c_trg, c_trg, torch.ones_like(c_trg))
            loss_g = g["adv"] + g["cls"] + lam_rec * g["rec"]
            opt_g.zero_grad(set_to_none=True)
            loss_g.backward()
            opt_g.step()
        return loss_d, loss_g

    time_steps(step, a.steps, doc, a, batch)

if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--time":
        timing(sys.argv[2:])
    else:
        main()
