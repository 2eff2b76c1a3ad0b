"""PyTorch reference values for the nodes-layers tests.

Reads {"cases": [{"op": ..., ...}, ...]} as JSON on stdin and prints {"results": [...]} as JSON.
Tensors arrive and leave in ganvas layouts (NHWC activations, tfjs weight layouts); the
layout conversions to PyTorch's live here, next to the PyTorch calls they serve:
  activations   NHWC -> NCHW:                                  permute(0, 3, 1, 2)
  conv2d        [kh, kw, cin, cout] -> [cout, cin, kh, kw]:    permute(3, 2, 0, 1)
  conv2dT       [kh, kw, cout, cin] -> [cin, cout, kh, kw]:    permute(3, 2, 0, 1)
  dense         [F, U] -> Linear weight [U, F]:                transpose
Spectral normalisation (op "spectralNorm") runs torch.nn.utils.spectral_norm on a real
nn.Linear / nn.Conv2d / nn.ConvTranspose2d; its v vector is flat in ganvas' order of the
"rest" axes, (kh, kw, cin) for both convolutions, PyTorch's is (cin, kh, kw).
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


def sn_module(case):
    """The layer as a PyTorch module with ganvas' weights (float64), and layout converters."""
    kernel = t(case["kernel"])
    bias = case.get("bias")
    layer = case["layer"]
    if layer == "dense":
        f, units = kernel.shape
        m = torch.nn.Linear(f, units, bias=bias is not None)
        weight = kernel.T
        to_ours, v_in, v_out = (lambda g: g.T), (lambda v: v), (lambda v: v)
    else:
        kh, kw = kernel.shape[0], kernel.shape[1]
        # conv2d [kh, kw, cin, cout] and conv2dT [kh, kw, cout, cin] both permute (3, 2, 0, 1).
        weight = kernel.permute(3, 2, 0, 1)
        stride, padding = case["strides"], pad_arg(case["padding"])
        if layer == "conv2d":
            m = torch.nn.Conv2d(weight.shape[1], weight.shape[0], (kh, kw), stride=stride, padding=padding, bias=bias is not None)
            cin = weight.shape[1]
        else:
            m = torch.nn.ConvTranspose2d(
                weight.shape[0], weight.shape[1], (kh, kw), stride=stride, padding=padding,
                output_padding=case.get("outputPadding", 0), bias=bias is not None,
            )
            cin = weight.shape[0]
        to_ours = lambda g: g.permute(2, 3, 1, 0)
        v_in = lambda v: v.reshape(kh, kw, cin).permute(2, 0, 1).reshape(-1)
        v_out = lambda v: v.reshape(cin, kh, kw).permute(1, 2, 0).reshape(-1)
    m = m.double()
    with torch.no_grad():
        m.weight.copy_(weight)
        if bias is not None:
            m.bias.copy_(t(bias))
    m = torch.nn.utils.spectral_norm(m, n_power_iterations=case["iterations"], eps=1e-12)
    with torch.no_grad():
        m.weight_u.copy_(t(case["u"]))
        m.weight_v.copy_(v_in(t(case["v"])))
    return m, to_ours, v_out


def spectral_norm(case):
    """Training-mode forwards (one, or two in one loss as D on real and fake), the gradient of
    sum(y·r) w.r.t. input, kernel and bias, the updated u and v, then the eval-mode output and
    kernel gradient with the stored vectors."""
    m, to_ours, v_out = sn_module(case)
    conv = case["layer"] != "dense"
    to_torch = nchw if conv else (lambda a: a)
    to_ganvas = nhwc if conv else (lambda a: a)
    out = {}
    with torch.enable_grad():
        m.train()
        xs = [t(case["x"]).requires_grad_()] + ([t(case["x2"]).requires_grad_()] if case.get("x2") is not None else [])
        rs = [t(case["r"])] + ([t(case["r2"])] if case.get("r2") is not None else [])
        ys = [m(to_torch(x)) for x in xs]
        loss = sum((to_ganvas(y) * r).sum() for y, r in zip(ys, rs))
        loss.backward()
        out["y"] = to_ganvas(ys[0]).tolist()
        if len(ys) > 1:
            out["y2"] = to_ganvas(ys[1]).tolist()
            out["gradX2"] = xs[1].grad.tolist()
        out["gradX"] = xs[0].grad.tolist()
        out["gradKernel"] = to_ours(m.weight_orig.grad).tolist()
        if m.bias is not None:
            out["gradBias"] = m.bias.grad.tolist()
        out["u"] = m.weight_u.tolist()
        out["v"] = v_out(m.weight_v).tolist()
        m.eval()
        m.weight_orig.grad = None
        y_eval = m(to_torch(t(case["x"])))
        (to_ganvas(y_eval) * rs[0]).sum().backward()
        out["yEval"] = to_ganvas(y_eval).tolist()
        out["gradKernelEval"] = to_ours(m.weight_orig.grad).tolist()
        # Eval mode must not have moved the vectors.
        out["uAfterEval"] = m.weight_u.tolist()
    return out


def run(case):
    op = case["op"]
    if op == "spectralNorm":
        return spectral_norm(case)
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
