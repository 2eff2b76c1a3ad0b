"""PyTorch reference for gan.gradientPenalty (float64).

Reads JSON on stdin: {"cases": [{"name", "layers": [...], "weights": {name: {shape, data}},
"real": {shape, data}, "fake": {...}, "epsilon": [B], "lambda": float}]}.
Images are NHWC as in ganvas; each conv runs on an NCHW view and flattening happens in NHWC
order, so ganvas kernels map by the permutations of bench/reference/layout.py. Prints
{"<name>": {"value": float, "grads": {weight name: flat list in ganvas layout}}}.

The penalty: x̂ = ε·real + (1 − ε)·fake, g = ∂Σf(x̂)/∂x̂ by torch.autograd.grad with
create_graph=True, loss = λ·mean((‖g_i‖₂ − 1)²); parameter gradients by backward().
"""
import json
import sys

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)


def tensor(spec):
    return torch.tensor(spec["data"], dtype=torch.float64).reshape(spec["shape"])


def critic(layers, params, x):
    """x: NHWC."""
    for layer in layers:
        kind = layer["type"]
        if kind == "conv2d":
            k = params[layer["name"] + "/kernel"].permute(3, 2, 0, 1)  # [kh,kw,cin,cout] -> [cout,cin,kh,kw]
            b = params.get(layer["name"] + "/bias")
            y = F.conv2d(x.permute(0, 3, 1, 2), k, b, stride=layer["stride"], padding=layer["padding"])
            x = y.permute(0, 2, 3, 1)
        elif kind == "dense":
            k = params[layer["name"] + "/kernel"]  # [in, out]
            b = params.get(layer["name"] + "/bias")
            x = x @ k + (b if b is not None else 0)
        elif kind == "flatten":
            x = x.reshape(x.shape[0], -1)
        elif kind == "leakyRelu":
            x = F.leaky_relu(x, layer["alpha"])
        elif kind == "relu":
            x = F.relu(x)
        elif kind == "tanh":
            x = torch.tanh(x)
        elif kind == "sigmoid":
            x = torch.sigmoid(x)
        else:
            raise ValueError(f"unknown layer {kind}")
    return x


def run(case):
    params = {n: tensor(s).requires_grad_(True) for n, s in case["weights"].items()}
    real, fake = tensor(case["real"]), tensor(case["fake"])
    eps = torch.tensor(case["epsilon"]).reshape([-1] + [1] * (real.dim() - 1))
    xhat = (eps * real + (1 - eps) * fake).requires_grad_(True)
    score = critic(case["layers"], params, xhat)
    (g,) = torch.autograd.grad(score.sum(), xhat, create_graph=True)
    norm = g.reshape(g.shape[0], -1).norm(2, dim=1)
    loss = case["lambda"] * ((norm - 1) ** 2).mean()
    loss.backward()
    return {
        "value": loss.item(),
        # None where the penalty does not depend on a weight (the critic's last bias).
        "grads": {n: None if p.grad is None else p.grad.reshape(-1).tolist() for n, p in params.items()},
    }


def main():
    cases = json.load(sys.stdin)["cases"]
    print(json.dumps({c["name"]: run(c) for c in cases}))


if __name__ == "__main__":
    main()
