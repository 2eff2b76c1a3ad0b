"""PyTorch reference for the style-transfer losses (tests/style/reference.test.ts).

Reads a tensor bundle (bench/reference/bundle.py format) holding VGG conv weights in Keras
layout (`<layer>/kernel` [3,3,Cin,Cout], `<layer>/bias`), the generated image `x`, content
image `content` and style image `style` (NHWC RGB in [0,1]), and `index.json` metadata
{"layers": [...VGG layer names up to the deepest tap...], "content": "<layer>",
"style": ["<layer>", ...], "style_weights": [...]}. Prints JSON with the losses and their
gradients with respect to x (NHWC), in float64. Written without torchvision: the network is
plain conv2d/relu/max_pool2d with the given weights.
"""
import json
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "../../bench/reference"))
from bundle import read_bundle  # noqa: E402

MEAN_BGR = torch.tensor([103.939, 116.779, 123.68], dtype=torch.float64).view(1, 3, 1, 1)


def preprocess(rgb01_nhwc):
    x = rgb01_nhwc.permute(0, 3, 1, 2) * 255.0
    return x.flip(1) - MEAN_BGR  # RGB -> BGR, minus the ImageNet mean


def vgg_features(x, weights, layers, taps):
    out = {}
    h = preprocess(x)
    for name in layers:
        if name.endswith("_pool"):
            h = F.max_pool2d(h, 2, 2)
        else:
            k = torch.tensor(weights[name + "/kernel"], dtype=torch.float64).permute(3, 2, 0, 1)
            b = torch.tensor(weights[name + "/bias"], dtype=torch.float64)
            h = F.relu(F.conv2d(h, k, b, padding=1))
        if name in taps:
            out[name] = h
    return out


def gram(f):
    b, c, hh, ww = f.shape
    x = f.reshape(b, c, hh * ww)
    return x @ x.transpose(1, 2)


def style_layer(f, target_f):
    _, n, hh, ww = f.shape
    m = hh * ww
    return ((gram(f) - gram(target_f)) ** 2).sum() / (4.0 * n * n * m * m)


def main():
    index, arrays = read_bundle(sys.argv[1])
    layers, content_layer = index["layers"], index["content"]
    style_layers, style_weights = index["style"], index["style_weights"]
    taps = set(style_layers) | {content_layer}
    t = lambda name: torch.tensor(arrays[name], dtype=torch.float64)
    x = t("x").requires_grad_()
    with torch.no_grad():
        p = vgg_features(t("content"), arrays, layers, taps)
        a = vgg_features(t("style"), arrays, layers, taps)
    feats = vgg_features(x, arrays, layers, taps)
    result = {}

    def record(name, loss):
        (g,) = torch.autograd.grad(loss, x, retain_graph=True)
        result[name] = {"value": loss.item(), "grad": g.flatten().tolist()}

    record("content", 0.5 * ((feats[content_layer] - p[content_layer]) ** 2).sum())
    for name in style_layers:
        record("style_" + name, style_layer(feats[name], a[name]))
        g = gram(feats[name])
        result["gram_" + name] = {"value": g.permute(0, 1, 2).flatten().tolist()}
    record("style", sum(w * style_layer(feats[n], a[n]) for n, w in zip(style_layers, style_weights)))
    dy = x[:, 1:, :, :] - x[:, :-1, :, :]
    dx = x[:, :, 1:, :] - x[:, :, :-1, :]
    record("tv", (dy ** 2).sum() + (dx ** 2).sum())
    print(json.dumps(result))


if __name__ == "__main__":
    main()
