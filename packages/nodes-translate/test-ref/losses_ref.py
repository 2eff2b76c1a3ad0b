"""PyTorch reference values (and input gradients) for the i2i loss tests.

stdin {"cases": [...]} -> stdout {"results": [{"loss": float, "grad": [...]}]}. float64.
The masked classification case computes the loss the way the StarGAN code does for two
datasets: only the columns of each sample's dataset enter BCE / cross-entropy.
"""
import json
import sys

import torch
import torch.nn.functional as F


def t(v):
    return torch.tensor(v, dtype=torch.float64, requires_grad=True)


def run(case):
    op = case["op"]
    x = t(case["x"])
    if op == "lsgan_d":
        real, fake = x[0], x[1]
        loss = 0.5 * (F.mse_loss(real, torch.ones_like(real)) + F.mse_loss(fake, torch.zeros_like(fake)))
    elif op == "lsgan_g":
        loss = F.mse_loss(x, torch.ones_like(x))
    elif op == "bce":
        y = torch.tensor(case["target"], dtype=torch.float64)
        loss = F.binary_cross_entropy_with_logits(x, y, reduction="sum") / x.size(0)
    elif op == "ce":
        y = torch.tensor(case["target"], dtype=torch.long)
        loss = F.cross_entropy(x, y)
    elif op == "masked":
        # rows of dataset 0 use columns [0, k0) with BCE; rows of dataset 1 use [k0, k) with CE.
        k0 = case["k0"]
        ds = case["dataset"]
        y = torch.tensor(case["target"], dtype=torch.float64)
        terms = []
        for i, d in enumerate(ds):
            if d == 0:
                terms.append(F.binary_cross_entropy_with_logits(x[i, :k0], y[i, :k0], reduction="sum"))
            else:
                terms.append(F.cross_entropy(x[i : i + 1, k0:], y[i : i + 1, k0:].argmax(1)))
        loss = torch.stack(terms).mean()
    else:
        raise ValueError(op)
    loss.backward()
    return {"loss": loss.item(), "grad": x.grad.tolist()}


json.dump({"results": [run(c) for c in json.load(sys.stdin)["cases"]]}, sys.stdout)
