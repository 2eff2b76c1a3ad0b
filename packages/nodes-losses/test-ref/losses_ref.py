"""Reference values for the loss nodes, computed with PyTorch in float64.

Reads {"cases": [{"name", "kind", "params", "inputs": {port: {"shape", "data"}}}]} as JSON on
stdin and prints {name: {"value": float, "grads": {port: [flat gradient]}}} as JSON. Every loss
is composed from torch.nn.functional so the reference is independent of our formulas.
"""
import json
import sys

import torch
import torch.nn.functional as F


def bce_logits(x, t):
    return F.binary_cross_entropy_with_logits(x, t, reduction="none")


def reduce(e, reduction):
    if reduction == "mean":
        return e.mean()
    return e.reshape(e.shape[0], -1).sum(dim=1).mean()


def loss(kind, params, x):
    if kind == "gan":
        fake = x["fake"]
        if params["side"] == "discriminator":
            real = x["real"]
            t = params.get("realTarget", 1.0)
            return F.binary_cross_entropy_with_logits(real, torch.full_like(real, t)) + \
                F.binary_cross_entropy_with_logits(fake, torch.zeros_like(fake))
        if params.get("form", "nonsaturating") == "minimax":
            # mean log(1 - D(G(z))) = -mean BCE(fake, 0)
            return -F.binary_cross_entropy_with_logits(fake, torch.zeros_like(fake))
        return F.binary_cross_entropy_with_logits(fake, torch.ones_like(fake))
    if kind == "bce":
        return reduce(bce_logits(x["logits"], x["target"]), params.get("reduction", "mean"))
    if kind == "mse":
        return reduce(F.mse_loss(x["prediction"], x["target"], reduction="none"), params.get("reduction", "mean"))
    if kind == "l1":
        return reduce(F.l1_loss(x["prediction"], x["target"], reduction="none"), params.get("reduction", "mean"))
    if kind == "klNormal":
        mu, logvar = x["mu"], x["logvar"]
        per = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp(), dim=tuple(range(1, mu.dim())))
        return per.mean()
    raise ValueError(f"unknown kind {kind}")


def main():
    req = json.load(sys.stdin)
    out = {}
    for case in req["cases"]:
        x = {
            k: torch.tensor(v["data"], dtype=torch.float64).reshape(v["shape"]).requires_grad_(True)
            for k, v in case["inputs"].items()
        }
        value = loss(case["kind"], case.get("params", {}), x)
        names = list(x)
        grads = torch.autograd.grad(value, [x[n] for n in names], allow_unused=True)
        out[case["name"]] = {
            "value": value.item(),
            "grads": {n: (g.reshape(-1).tolist() if g is not None else None) for n, g in zip(names, grads)},
        }
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
