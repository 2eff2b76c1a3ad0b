"""Tensor bundles shared with the TypeScript side (tests/reference/bundle.ts, export_mnist.mjs).

A bundle is a directory holding `index.json` and one raw little-endian file per array:

    {"tensors": {"<name>": {"file": "<file>", "dtype": "float32" | "float64" | "int32",
                            "shape": [...]}}, ...any other metadata}

Raw files keep 10,000 MNIST digits or a network's weights exact and fast to read from both
numpy and Node, with no float-to-text round trip.
"""
import json
import os
import re

import numpy as np

DTYPES = {"float32": "<f4", "float64": "<f8", "int32": "<i4"}


def read_bundle(directory):
    """Returns (index, {name: ndarray})."""
    with open(os.path.join(directory, "index.json"), encoding="utf-8") as f:
        index = json.load(f)
    arrays = {}
    for name, spec in index["tensors"].items():
        dtype = DTYPES[spec["dtype"]]
        arr = np.fromfile(os.path.join(directory, spec["file"]), dtype=dtype)
        arrays[name] = arr.reshape(spec["shape"])
    return index, arrays


def file_name(name):
    return re.sub(r"[^A-Za-z0-9_.-]", "__", name) + ".bin"


def write_bundle(directory, arrays, meta=None):
    """Write {name: ndarray} (float32, float64 or int32) as a bundle."""
    os.makedirs(directory, exist_ok=True)
    index = dict(meta or {})
    index["tensors"] = {}
    for name, arr in arrays.items():
        arr = np.asarray(arr)
        dtype = {np.dtype("float32"): "float32", np.dtype("float64"): "float64", np.dtype("int32"): "int32"}[arr.dtype]
        f = file_name(name)
        np.ascontiguousarray(arr, dtype=DTYPES[dtype]).tofile(os.path.join(directory, f))
        index["tensors"][name] = {"file": f, "dtype": dtype, "shape": list(arr.shape)}
    with open(os.path.join(directory, "index.json"), "w", encoding="utf-8") as f:
        json.dump(index, f)


def load_mnist_export(directory):
    """The split written by export_mnist.mjs: images as N×1×28×28 float32 in [0, 1], labels int32."""
    index, arrays = read_bundle(directory)
    out = {}
    for split in ("train", "heldout"):
        images = arrays[f"{split}/images"].reshape(-1, 1, 28, 28)
        out[split] = (images, arrays[f"{split}/labels"])
    return index, out
