#!/usr/bin/python3
"""Builds a tiny 3D convolutional segmentation net with PyTorch (Debian python3-torch), saves it as TorchScript plus a
SpineRad segmentation manifest, and writes reference logits for a fixed input.

    /usr/bin/python3 scripts/make_torchscript_unet.py src/test/resources/segment/tiny_unet

Outputs in the folder: model.pt (TorchScript, traced), manifest.json (spacing, patch size, normalisation, labels) and
reference.json (input formula, shape and a few logits) used by TorchScriptSegmenterTest.
"""
import json
import math
import os
import sys

import torch


class TinyNet(torch.nn.Module):
    """conv3x3x3(1->4) + InstanceNorm + LeakyReLU + stride-2 conv + transposed conv back + 1x1x1 conv to 6 classes."""

    def __init__(self):
        super().__init__()
        self.conv1 = torch.nn.Conv3d(1, 4, 3, padding=1)
        self.norm1 = torch.nn.InstanceNorm3d(4, affine=True)
        self.down = torch.nn.Conv3d(4, 8, 3, stride=2, padding=1)
        self.up = torch.nn.ConvTranspose3d(8, 4, 2, stride=2)
        self.head = torch.nn.Conv3d(8, 6, 1)

    def forward(self, x):
        a = torch.nn.functional.leaky_relu(self.norm1(self.conv1(x)), 0.01)
        b = torch.nn.functional.leaky_relu(self.down(a), 0.01)
        return self.head(torch.cat([a, self.up(b)], 1))


def fixed_input(d, h, w):
    """The normalised test patch: v(x, y, z) = sin(0.3 x + 0.2 y) * cos(0.15 z) + 0.01 x, x fastest."""
    t = torch.empty(1, 1, d, h, w)
    for z in range(d):
        for y in range(h):
            for x in range(w):
                t[0, 0, z, y, x] = math.sin(0.3 * x + 0.2 * y) * math.cos(0.15 * z) + 0.01 * x
    return t


def main(out):
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(1234)
    net = TinyNet().eval()
    with torch.no_grad():
        for p in net.parameters():
            p.copy_(torch.randn_like(p) * 0.3)
    d, h, w = 16, 12, 8  # z, y, x of the reference patch
    x = fixed_input(d, h, w)
    traced = torch.jit.trace(net, x)
    traced.save(os.path.join(out, "model.pt"))
    with torch.no_grad():
        y = net(x)
    probes = [(0, 0, 0, 0), (1, 3, 5, 7), (5, 15, 11, 0), (3, 8, 6, 4), (2, 10, 2, 5)]  # (class, z, y, x)
    ref = {
        "input": "sin(0.3 x + 0.2 y) * cos(0.15 z) + 0.01 x",
        "patchSizeXYZ": [w, h, d],
        "torch": torch.__version__,
        "probes": [{"class": c, "z": z, "y": yy, "x": xx, "logit": float(y[0, c, z, yy, xx])} for c, z, yy, xx in probes],
        "sum": float(y.sum()),
    }
    for p in ref["probes"]:
        print("logit[class %d, z %d, y %d, x %d] = %.6f" % (p["class"], p["z"], p["y"], p["x"], p["logit"]))
    print("sum of all logits = %.6f" % ref["sum"])
    with open(os.path.join(out, "reference.json"), "w") as f:
        json.dump(ref, f, indent=2)
    names = ["L1", "L2", "L3", "L4", "L5"]
    manifest = {
        "format": "spinerad-segmentation", "formatVersion": 1, "architecture": "torchscript",
        "spacing": [2.0, 2.0, 2.0], "patchSize": [8, 12, 16],
        "labels": [{"class": i + 1, "value": i + 1, "name": n} for i, n in enumerate(names)],
        "relabelByPosition": True,
        "normalization": {"scheme": "CT: clip to [p0.5, p99.5] of training foreground, then z-score",
                          "clipLow": -200.0, "clipHigh": 1200.0, "mean": 300.0, "std": 400.0},
        "parameterFile": "model.pt",
        "training": {"data": "none: random weights, a format and numerics test model made by scripts/make_torchscript_unet.py"},
        "validationDice": {}, "spineradVersion": "n/a (PyTorch %s)" % torch.__version__,
    }
    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "src/test/resources/segment/tiny_unet")
