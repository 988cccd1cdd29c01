#!/usr/bin/python3
"""Independent NumPy forward pass of SpineRad's ViT-3D (org.spinerad.deep.Vit3d) for the Java tests.

usage: vit_numpy_reference.py DIR
DIR holds index.json ({"config": {...}, "params": {name: shape}, "input": shape}), one little-endian float32 file
per parameter (<name>.f32) and input.f32 (B, 1, S, S, S). Prints one line per case: logit, then the pooled vector.
"""
import json
import sys

import numpy as np
from scipy.special import erf, softmax

d = sys.argv[1]
idx = json.load(open(f"{d}/index.json"))
c = idx["config"]
P = {k: np.fromfile(f"{d}/{k}.f32", dtype="<f4").astype(np.float64).reshape(s) for k, s in idx["params"].items()}
x = np.fromfile(f"{d}/input.f32", dtype="<f4").astype(np.float64).reshape(idx["input"])


def layer_norm(t, g, b, eps):
    mu = t.mean(-1, keepdims=True)
    var = ((t - mu) ** 2).mean(-1, keepdims=True)
    return (t - mu) / np.sqrt(var + eps) * g + b


def param(prefix, name):
    keys = [k for k in P if k.startswith(prefix) and k.endswith(name)]
    assert len(keys) == 1, (prefix, name, keys)
    return P[keys[0]]


B, p, G, eps = x.shape[0], c["patchSize"], c["inputSize"] // c["patchSize"], c["layerNormEps"]
# patch embedding = Conv3d with kernel = stride = patch: (B, z, y, x) -> patches (B, gz, gy, gx, pz, py, px)
patches = x[:, 0].reshape(B, G, p, G, p, G, p).transpose(0, 1, 3, 5, 2, 4, 6).reshape(B, G ** 3, p ** 3)
w = param("01patch_embed", "_weight").reshape(c["dim"], p ** 3)
t = patches @ w.T + param("01patch_embed", "_bias") + P["pos_embed"]
H, dh = c["heads"], c["headDim"]
for i in range(c["depth"]):
    pre = f"{i + 2:02d}layer{i:02d}_"
    h = layer_norm(t, param(pre, "norm1_gamma"), param(pre, "norm1_beta"), eps)
    qkv = (h @ param(pre, "qkv_weight").T).reshape(B, -1, 3, H, dh).transpose(2, 0, 3, 1, 4)
    att = softmax(qkv[0] @ qkv[1].transpose(0, 1, 3, 2) / np.sqrt(dh), axis=-1)
    ctx = (att @ qkv[2]).transpose(0, 2, 1, 3).reshape(B, -1, H * dh)
    t = t + ctx @ param(pre, "proj_weight").T + param(pre, "proj_bias")
    h = layer_norm(t, param(pre, "norm2_gamma"), param(pre, "norm2_beta"), eps) @ param(pre, "fc1_weight").T + param(pre, "fc1_bias")
    h = 0.5 * h * (1 + erf(h / np.sqrt(2)))
    t = t + h @ param(pre, "fc2_weight").T + param(pre, "fc2_bias")
pooled = t.mean(1)
n = f"{c['depth'] + 2:02d}head_norm_"
logit = layer_norm(pooled, P[n + "gamma"], P[n + "beta"], eps) @ P[f"{c['depth'] + 3:02d}head_weight"].T + P[f"{c['depth'] + 3:02d}head_bias"]
for b in range(B):
    print(" ".join(repr(float(v)) for v in [logit[b, 0], *pooled[b]]))
