"""Measurement (not a test): the same optimisation as tests/style/bench-style.mjs in PyTorch
(plain conv/relu/max_pool with the VGG-19 block1-3 weights read from the TF.js layers files,
Caffe preprocessing, the same losses, Adam lr 0.02 on the [0,1] image from the content image,
256x256, float32, one thread). Prints content/style losses and the per-step time.

    flock /tmp/ganvas-heavy.lock /usr/bin/python3 tests/style/bench_style_torch.py [steps] [inputs dir]
"""
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

torch.set_num_threads(1)
WEIGHTS = os.environ.get("GANVAS_VGG19_WEIGHTS", "/work/shared/models/vgg19-block3")
STEPS = int(sys.argv[1]) if len(sys.argv) > 1 else 20
IMAGES = sys.argv[2] if len(sys.argv) > 2 else "runs/style-inputs"  # from export-inputs.mjs
STYLE = ["block1_conv1", "block2_conv1", "block3_conv1"]
CONTENT = "block3_conv2"
LAYERS = ["block1_conv1", "block1_conv2", "block1_pool", "block2_conv1", "block2_conv2", "block2_pool",
          "block3_conv1", "block3_conv2"]


def load_weights(folder):
    model = json.load(open(os.path.join(folder, "model.json")))
    out = {}
    for group in model["weightsManifest"]:
        data = b"".join(open(os.path.join(folder, p), "rb").read() for p in group["paths"])
        off = 0
        for w in group["weights"]:
            n = int(np.prod(w["shape"]))
            out[w["name"].split(":")[0]] = np.frombuffer(data, "<f4", n, off).reshape(w["shape"])
            off += 4 * n
    return out


W = load_weights(WEIGHTS)
K = {l: (torch.tensor(W[l + "/kernel"]).permute(3, 2, 0, 1).contiguous(), torch.tensor(W[l + "/bias"]))
     for l in LAYERS if not l.endswith("pool")}
MEAN = torch.tensor([103.939, 116.779, 123.68]).view(1, 3, 1, 1)


def feats(x_nhwc):
    h = x_nhwc.permute(0, 3, 1, 2).flip(1) * 255.0 - MEAN
    out = {}
    for l in LAYERS:
        h = F.max_pool2d(h, 2, 2) if l.endswith("pool") else F.relu(F.conv2d(h, K[l][0], K[l][1], padding=1))
        out[l] = h
    return out


def gram(f):
    b, c, hh, ww = f.shape
    x = f.reshape(b, c, hh * ww)
    return x @ x.transpose(1, 2)


def main():
    load = lambda n: torch.tensor(np.fromfile(os.path.join(IMAGES, n + ".f32"), "<f4").reshape(1, 256, 256, 3))
    content, style = load("content"), load("style")
    with torch.no_grad():
        p = feats(content)[CONTENT]
        fs = feats(style)
        a = [gram(fs[l]) for l in STYLE]
    x = content.clone().requires_grad_()
    opt = torch.optim.Adam([x], lr=0.02)

    def losses():
        f = feats(x)
        c = 0.5 * ((f[CONTENT] - p) ** 2).sum()
        s = 0
        for l, al in zip(STYLE, a):
            _, n, hh, ww = f[l].shape
            s = s + ((gram(f[l]) - al) ** 2).sum() / (4.0 * n * n * (hh * ww) ** 2) / len(STYLE)
        return c, s

    c, s = losses()
    s0 = s.item()
    print(f"step 0: content {c.item():.4e} style {s0:.4e}")
    times = []
    for i in range(1, STEPS + 1):
        t0 = time.perf_counter()
        opt.zero_grad()
        c, s = losses()
        (1.0 * c + 1000.0 * s).backward()
        opt.step()
        times.append(time.perf_counter() - t0)
        if i % 10 == 0 or i == STEPS:
            print(f"step {i} (loss before update): content {c.item():.4e} style {s.item():.4e} "
                  f"({100 * (1 - s.item() / s0):.1f}% down) {1000 * times[-1]:.0f} ms")
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "steps": STEPS,
                      "median_step_ms": 1000 * float(np.median(times[1:] or times))}))


if __name__ == "__main__":
    main()
