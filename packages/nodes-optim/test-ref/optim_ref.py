"""Reference trajectories of torch.optim on a small linear-regression problem.

Reads {"cases": [{"name", "optimizer": "adam"|"sgd"|"rmsprop", "params": {...ganvas params},
"steps", "updatesPerStep"?, "X": {"shape","data"}, "Y": ..., "W": ..., "b": ...}]} as JSON on
stdin. The loss is mean((X @ W + b - Y)^2). Prints {name: [[W flat, b flat] after each update]}
as JSON.

A ganvas `lrDecay` {from, to, final} becomes torch.optim.lr_scheduler.LambdaLR, stepped once per
training iteration (after its updatesPerStep optimizer steps), as the CycleGAN reference code
steps its scheduler (there per epoch). LambdaLR's k counts the iterations already done, so
iteration k + 1 (1-based) runs at lr * rule(k).
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


def decay_rule(decay):
    """The documented schedule in CycleGAN's form: 1 - max(0, s - from) / (to - from) for the
    1-based iteration s = k + 1, scaled to end at `final` and held there."""
    start, end, final = decay["from"], decay["to"], decay["final"]

    def rule(k):
        return max(final, 1.0 - (1.0 - final) * max(0, k + 1 - start) / float(end - start))

    return rule


def main():
    req = json.load(sys.stdin)
    dtype = torch.float64 if req.get("dtype", "float64") == "float64" else torch.float32
    out = {}
    for case in req["cases"]:
        X, Y = tensor(case["X"], dtype), tensor(case["Y"], dtype)
        W = tensor(case["W"], dtype).requires_grad_(True)
        b = tensor(case["b"], dtype).requires_grad_(True)
        opt = make_optimizer(case["optimizer"], case["params"], [W, b])
        decay = case["params"].get("lrDecay")
        scheduler = torch.optim.lr_scheduler.LambdaLR(opt, decay_rule(decay)) if decay else None
        per_step = case.get("updatesPerStep", 1)
        traj = []
        for i in range(case["steps"]):
            opt.zero_grad()
            loss = ((X @ W + b - Y) ** 2).mean()
            loss.backward()
            opt.step()
            if scheduler is not None and (i + 1) % per_step == 0:
                scheduler.step()
            traj.append([W.detach().reshape(-1).tolist(), b.detach().reshape(-1).tolist()])
        out[case["name"]] = traj
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
