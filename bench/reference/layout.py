"""Weight layout conversions between ganvas (tfjs, NHWC) and PyTorch (NCHW).

ganvas layouts (packages/nodes-layers): dense kernel [in, out]; conv2d kernel [kh, kw, cin, cout];
conv2dTranspose kernel [kh, kw, cout, cin]; batch norm gamma/beta/runningMean/runningVar [C].
PyTorch: Linear weight [out, in]; Conv2d [cout, cin, kh, kw]; ConvTranspose2d [cin, cout, kh, kw].
Both conv kinds map by the same permutation and neither kernel is flipped.
"""
import torch


def dense_weight(kernel):
    return kernel.t()


def dense_grad(grad):
    return grad.t()


def conv_weight(kernel):
    """conv2d [kh,kw,cin,cout] -> [cout,cin,kh,kw]; conv2dTranspose [kh,kw,cout,cin] -> [cin,cout,kh,kw]."""
    return kernel.permute(3, 2, 0, 1)


def conv_grad(grad):
    return grad.permute(2, 3, 1, 0)


def dense_into_maps(kernel, c, h, w):
    """A dense layer whose output ganvas reshapes to [h, w, c] (NHWC) while PyTorch views it as
    [c, h, w]: permute the output units. kernel [in, h*w*c] -> Linear weight [c*h*w, in]."""
    n_in = kernel.shape[0]
    return kernel.reshape(n_in, h, w, c).permute(0, 3, 1, 2).reshape(n_in, c * h * w).t()


def dense_into_maps_grad(grad, c, h, w):
    n_in = grad.shape[1]
    return grad.t().reshape(n_in, c, h, w).permute(0, 2, 3, 1).reshape(n_in, h * w * c)


def dense_from_maps(kernel, c, h, w):
    """A dense layer after flattening [h, w, c] maps (ganvas) vs [c, h, w] (PyTorch):
    kernel [h*w*c, out] -> Linear weight [out, c*h*w]."""
    n_out = kernel.shape[1]
    return kernel.reshape(h, w, c, n_out).permute(3, 2, 0, 1).reshape(n_out, c * h * w)


def dense_from_maps_grad(grad, c, h, w):
    """Inverse of dense_from_maps (for a gradient or a weight): [out, c*h*w] -> kernel [h*w*c, out]."""
    n_out = grad.shape[0]
    return grad.reshape(n_out, c, h, w).permute(2, 3, 1, 0).reshape(h * w * c, n_out)


def nchw(images):
    """[B, H, W, C] -> [B, C, H, W]."""
    return images.permute(0, 3, 1, 2)


def load_batch_norm(bn, arrays, prefix):
    with torch.no_grad():
        bn.weight.copy_(arrays[f"{prefix}/gamma"])
        bn.bias.copy_(arrays[f"{prefix}/beta"])
        bn.running_mean.copy_(arrays[f"{prefix}/runningMean"])
        bn.running_var.copy_(arrays[f"{prefix}/runningVar"])
