"""PyTorch reference values for layer tests (instance norm, add, multiply, reflection pad, upsample, minibatch std).

Reads {"cases": [...]} as JSON on stdin, prints {"results": [...]}. Activations arrive NHWC and
are permuted to NCHW for PyTorch and back; float64 throughout.
"""
import json
import sys

import torch
import torch.nn.functional as F

torch.set_grad_enabled(False)


def t(v):
    return torch.tensor(v, dtype=torch.float64)


def nchw(x):
    return x.permute(0, 3, 1, 2)


def nhwc(x):
    return x.permute(0, 2, 3, 1)


def run(case):
    op = case["op"]
    if op == "instanceNorm":
        g = t(case["gamma"]) if case.get("gamma") is not None else None
        b = t(case["beta"]) if case.get("beta") is not None else None
        y = F.instance_norm(nchw(t(case["x"])), weight=g, bias=b, eps=case["epsilon"])
        return {"y": nhwc(y).tolist()}
    if op == "add":
        xs = [t(x) for x in case["xs"]]
        return {"y": sum(xs[1:], xs[0]).tolist()}
    if op == "multiply":
        # Product with broadcasting, and the gradient of sum(y * probe) w.r.t. each input.
        xs = [t(x).requires_grad_(True) for x in case["xs"]]
        with torch.enable_grad():
            y = xs[0]
            for x in xs[1:]:
                y = y * x
            grads = torch.autograd.grad((y * t(case["probe"])).sum(), xs)
        return {"y": y.detach().tolist(), "grads": [g.tolist() for g in grads]}
    if op == "reflectPad":
        p = case["padding"]
        return {"y": nhwc(F.pad(nchw(t(case["x"])), (p, p, p, p), mode="reflect")).tolist()}
    if op == "upsample":
        # nn.Upsample; the gradient of sum(y * probe) w.r.t. x too.
        x = nchw(t(case["x"])).requires_grad_(True)
        align = {"align_corners": False} if case["mode"] == "bilinear" else {}
        with torch.enable_grad():
            y = F.interpolate(x, scale_factor=case["factor"], mode=case["mode"], **align)
            (grad,) = torch.autograd.grad((nhwc(y) * t(case["probe"])).sum(), x)
        return {"y": nhwc(y).detach().tolist(), "grad": nhwc(grad).tolist()}
    if op == "minibatchStd":
        # Written from the paper's description (Karras et al. 2018, sec. 3) in PyTorch terms.
        x = t(case["x"])
        n = x.shape[0]
        g = case["groupSize"] or n
        m = n // g
        y = x.reshape(g, m, *x.shape[1:])
        std = torch.sqrt(y.var(dim=0, unbiased=False) + case["epsilon"])
        s = std.reshape(m, -1).mean(dim=1)
        extra = s.repeat(g).reshape(n, *([1] * (x.dim() - 2)), 1).expand(*x.shape[:-1], 1)
        return {"y": torch.cat([x, extra], dim=-1).tolist()}
    raise ValueError("unknown op " + op)


json.dump({"results": [run(c) for c in json.load(sys.stdin)["cases"]]}, sys.stdout)
