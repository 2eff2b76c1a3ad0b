"""Reference trajectories of torch.optim on a small linear-regression problem.

Reads {"cases": [{"name", "optimizer": "adam"|"sgd"|"rmsprop", "params": {...ganvas params},
"steps", "X": {"shape","data"}, "Y": ..., "W": ..., "b": ...}]} as JSON on stdin. The loss is
mean((X @ W + b - Y)^2). Prints {name: [[W flat, b flat] after each step]} as JSON.
"""
import json
import sys

import torch


def tensor(spec, dtype):
    return torch.tensor(spec["data"], dtype=dtype).reshape(spec["shape"])


def make_optimizer(kind, p, params):
    if kind == "adam":
        return torch.optim.Adam(params, lr=p["lr"], betas=(p["beta1"], p["beta2"]), eps=p["eps"],
                                weight_decay=p["weightDecay"])
    if kind == "sgd":
        return torch.optim.SGD(params, lr=p["lr"], momentum=p["momentum"], dampening=p["dampening"],
                               nesterov=p["nesterov"], weight_decay=p["weightDecay"])
    if kind == "rmsprop":
        return torch.optim.RMSprop(params, lr=p["lr"], alpha=p["alpha"], eps=p["eps"],
                                   weight_decay=p["weightDecay"], momentum=p["momentum"], centered=p["centered"])
    raise ValueError(kind)


def main():
    req = json.load(sys.stdin)
    dtype = torch.float64 if req.get("dtype", "float64") == "float64" else torch.float32
    out = {}
    for case in req["cases"]:
        X, Y = tensor(case["X"], dtype), tensor(case["Y"], dtype)
        W = tensor(case["W"], dtype).requires_grad_(True)
        b = tensor(case["b"], dtype).requires_grad_(True)
        opt = make_optimizer(case["optimizer"], case["params"], [W, b])
        traj = []
        for _ in range(case["steps"]):
            opt.zero_grad()
            loss = ((X @ W + b - Y) ** 2).mean()
            loss.backward()
            opt.step()
            traj.append([W.detach().reshape(-1).tolist(), b.detach().reshape(-1).tolist()])
        out[case["name"]] = traj
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
