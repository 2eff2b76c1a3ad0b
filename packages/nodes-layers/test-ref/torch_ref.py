"""PyTorch reference values for the nodes-layers tests.

Reads {"cases": [{"op": ..., ...}, ...]} as JSON on stdin and prints {"results": [...]} as JSON.
Tensors arrive and leave in ganvas layouts (NHWC activations, tfjs weight layouts); the
layout conversions to PyTorch's live here, next to the PyTorch calls they serve:
  activations   NHWC -> NCHW:                                  permute(0, 3, 1, 2)
  conv2d        [kh, kw, cin, cout] -> [cout, cin, kh, kw]:    permute(3, 2, 0, 1)
  conv2dT       [kh, kw, cout, cin] -> [cin, cout, kh, kw]:    permute(3, 2, 0, 1)
  dense         [F, U] -> Linear weight [U, F]:                transpose
No kernel flip is applied: both frameworks' transposed conv is the adjoint of the same
cross-correlation (the tests would fail if a flip were needed).
Computation is in float64 so the reference error is negligible next to float32.
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


def pad_arg(p):
    if p == "valid":
        return 0
    if p == "same":
        raise ValueError("'same' has no exact PyTorch equivalent for every stride; test it by shape")
    return p


def run(case):
    op = case["op"]
    if op == "dense":
        b = t(case["bias"]) if case.get("bias") is not None else None
        return {"y": F.linear(t(case["x"]), t(case["kernel"]).T, b).tolist()}
    if op == "conv2d":
        b = t(case["bias"]) if case.get("bias") is not None else None
        w = t(case["kernel"]).permute(3, 2, 0, 1)
        y = F.conv2d(nchw(t(case["x"])), w, b, stride=case["strides"], padding=pad_arg(case["padding"]))
        return {"y": nhwc(y).tolist()}
    if op == "conv2dTranspose":
        b = t(case["bias"]) if case.get("bias") is not None else None
        w = t(case["kernel"]).permute(3, 2, 0, 1)
        y = F.conv_transpose2d(
            nchw(t(case["x"])),
            w,
            b,
            stride=case["strides"],
            padding=pad_arg(case["padding"]),
            output_padding=case.get("outputPadding", 0),
        )
        return {"y": nhwc(y).tolist()}
    if op == "batchNorm":
        x = t(case["x"])
        rm = t(case["runningMean"])
        rv = t(case["runningVar"])
        g = t(case["gamma"]) if case.get("gamma") is not None else None
        b = t(case["beta"]) if case.get("beta") is not None else None
        xin = nchw(x) if x.dim() == 4 else x
        y = F.batch_norm(xin, rm, rv, g, b, training=case["training"], momentum=case["momentum"], eps=case["epsilon"])
        y = nhwc(y) if x.dim() == 4 else y
        return {"y": y.tolist(), "runningMean": rm.tolist(), "runningVar": rv.tolist()}
    if op == "relu":
        return {"y": F.relu(t(case["x"])).tolist()}
    if op == "leakyRelu":
        return {"y": F.leaky_relu(t(case["x"]), case["alpha"]).tolist()}
    if op == "tanh":
        return {"y": torch.tanh(t(case["x"])).tolist()}
    if op == "sigmoid":
        return {"y": torch.sigmoid(t(case["x"])).tolist()}
    if op == "reparameterize":
        mu, logvar, eps = t(case["mu"]), t(case["logvar"]), t(case["eps"])
        return {"z": (mu + torch.exp(0.5 * logvar) * eps).tolist()}
    raise ValueError("unknown op " + op)


def main():
    payload = json.load(sys.stdin)
    json.dump({"results": [run(c) for c in payload["cases"]]}, sys.stdout)


if __name__ == "__main__":
    main()
