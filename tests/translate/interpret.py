"""The network definitions of a ganvas graph, run in PyTorch (NCHW) node by node.

Shared by the StarGAN and CycleGAN references: stargan_ref.py checks loss values on ganvas's own
weights with it, and both scripts' --time modes train the template's networks with it.
"""
import json
import statistics
import time

import torch
import torch.nn.functional as F


def pair(v):
    return (v, v) if isinstance(v, int) else tuple(v)


def interpret(net_def, net_name, weights):
    """A function inputs -> outputs running the network definition in PyTorch (NCHW).

    `weights` maps `weights/<net>/<node>/<name>` to arrays in tfjs layouts; a callable instead
    is asked for each weight with its name and tfjs shape (the timing mode creates them)."""
    nodes = {n["id"]: n for n in net_def["nodes"]}
    incoming = {}
    for e in net_def["edges"]:
        incoming.setdefault(e["target"], []).append(e)

    def w(node_id, name, shape):
        key = f"weights/{net_name}/{node_id}/{name}"
        return weights(key, shape) if callable(weights) else torch.tensor(weights[key])

    def run(inputs):
        memo = {}

        def value(node_id, port="y"):
            if node_id not in memo:
                memo[node_id] = evaluate(nodes[node_id])
            return memo[node_id]

        def arg(node_id, port="x"):
            return [value(e["source"]) for e in incoming.get(node_id, []) if e["targetPort"] == port]

        def evaluate(n):
            t, p, i = n["type"], n["params"], n["id"]
            if t == "core.input":
                return inputs[p["name"]]
            if t == "core.output":
                return arg(i)[0]
            x = arg(i)
            if t == "layers.conv2d":
                pad = p.get("padding", "same")
                kh, kw = pair(p["kernelSize"])
                k = w(i, "kernel", (kh, kw, x[0].shape[1], p["filters"])).permute(3, 2, 0, 1)
                b = w(i, "bias", (p["filters"],)) if p.get("useBias", True) else None
                return F.conv2d(x[0], k, b, stride=p.get("strides", 1), padding=0 if pad == "valid" else pad)
            if t == "layers.conv2dTranspose":
                kh, kw = pair(p["kernelSize"])
                k = w(i, "kernel", (kh, kw, p["filters"], x[0].shape[1])).permute(3, 2, 0, 1)
                b = w(i, "bias", (p["filters"],)) if p.get("useBias", True) else None
                return F.conv_transpose2d(x[0], k, b, stride=p.get("strides", 1), padding=p.get("padding", 0))
            if t == "layers.instanceNorm":
                affine = p.get("affine", True)
                ch = (x[0].shape[1],)
                return F.instance_norm(x[0], weight=w(i, "gamma", ch) if affine else None, bias=w(i, "beta", ch) if affine else None, eps=p.get("epsilon", 1e-5))
            if t == "layers.reflectPad":
                q = p.get("padding", 1)
                return F.pad(x[0], (q, q, q, q), mode="reflect")
            if t == "layers.relu":
                return F.relu(x[0])
            if t == "layers.leakyRelu":
                return F.leaky_relu(x[0], p.get("alpha", 0.2))
            if t == "layers.tanh":
                return torch.tanh(x[0])
            if t == "layers.add":
                return sum(x[1:], x[0])
            if t == "layers.concat":
                assert p.get("axis", -1) == -1
                return torch.cat(x, 1)
            if t == "layers.flatten":
                # ganvas flattens NHWC.
                return x[0].permute(0, 2, 3, 1).flatten(1)
            if t == "layers.maxPool2d":
                assert p.get("padding", "valid") == "valid"
                return F.max_pool2d(x[0], p.get("poolSize", 2), p.get("strides", 2))
            if t == "layers.dense":
                assert not p.get("spectralNorm", False)
                y = x[0] @ w(i, "kernel", (x[0].shape[1], p["units"]))
                return y + w(i, "bias", (p["units"],)) if p.get("useBias", True) else y
            if t == "layers.reshape":
                # ganvas reshapes NHWC; a rank-3 target is an image map again (NCHW here).
                v = x[0].permute(0, 2, 3, 1) if x[0].dim() == 4 else x[0]
                y = v.reshape(v.shape[0], *p["targetShape"])
                return y.permute(0, 3, 1, 2) if y.dim() == 4 else y
            if t == "layers.upsample":
                mode = p.get("mode", "nearest")
                extra = {"align_corners": False} if mode == "bilinear" else {}
                return F.interpolate(x[0], scale_factor=p.get("factor", 2), mode=mode, **extra)
            if t == "layers.multiply":
                y = x[0]
                for v in x[1:]:
                    y = y * v
                return y
            if t == "gan.tileLabels":
                label = arg(i, "label")[0]
                like = arg(i, "like")[0]
                return label[:, :, None, None].expand(-1, -1, like.shape[2], like.shape[3])
            raise ValueError("no reference for layer type " + t)

        outs = [n for n in net_def["nodes"] if n["type"] == "core.output"]
        return {n["params"]["name"]: value(n["id"]) for n in outs}

    return run


def timing_args(prog, argv):
    """The timing modes' command line: a template and --steps/--batch/--threads/--seed. Sets torch's
    threads and seeds; returns the arguments and the template document."""
    import argparse
    import random

    ap = argparse.ArgumentParser(prog=prog)
    ap.add_argument("template")
    ap.add_argument("--steps", type=int, default=15)
    ap.add_argument("--batch", type=int, default=None)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args(argv)
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    random.seed(a.seed)
    return a, json.load(open(a.template, encoding="utf-8"))


def fresh_weights(store):
    """A weight creator for interpret() (timing runs): normal(0, 0.02) kernels, zero biases and
    betas, unit gammas, each created once and kept in `store` as a Parameter."""
    def create(key, shape):
        if key not in store:
            zero = key.endswith("/bias") or key.endswith("/beta")
            one = key.endswith("/gamma")
            v = torch.zeros(shape) if zero else torch.ones(shape) if one else torch.randn(shape) * 0.02
            store[key] = torch.nn.Parameter(v)
        return store[key]

    return create


def adam(params, o):
    """torch Adam with the settings of a ganvas optim.adam node's params."""
    return torch.optim.Adam(params, lr=o.get("lr", 1e-3), betas=(o.get("beta1", 0.9), o.get("beta2", 0.999)))


def time_steps(step, steps, doc, args, batch):
    """Runs step() (which returns (loss_d, loss_g)) `steps` times and prints the benchmark's JSON
    line: median wall and CPU ms per step after up to 5 warm-up steps, and the last losses."""
    times, cpu = [], []
    for _ in range(steps):
        t0, c0 = time.perf_counter(), time.process_time()
        loss_d, loss_g = step()
        times.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    warm = min(5, max(0, len(times) - 1))
    print(json.dumps({
        "model": doc["name"], "impl": f"pytorch {torch.__version__}", "steps": steps, "batch": batch, "threads": args.threads,
        "msPerStep": statistics.median(times[warm:]), "cpuMsPerStep": statistics.median(cpu[warm:]), "warmupSteps": warm,
        "final": {"lossD": loss_d.item(), "lossG": loss_g.item()},
    }))
