#!/usr/bin/python3
"""Forward time per volume of SpineRad's ViT-3D in plain PyTorch (Debian's python3-torch), for comparison with
`spinerad bench vit`. Same architecture as org.spinerad.deep.Vit3d: Conv3d patch embedding (kernel = stride = patch),
learnable position embedding, pre-norm encoder layers (LayerNorm, multi-head attention with bias-free qkv, LayerNorm,
GELU MLP), mean pooling over the patch tokens, LayerNorm + linear head.

usage: /usr/bin/python3 scripts/bench/vit_pytorch.py [--preset studies|cpuSmall] [--batch N] [--repeats R] [--threads T]
"""
import argparse
import os
import resource
import time

import torch
from torch import nn

PRESETS = {  # input, patch, dim, depth, heads, head_dim, mlp
    "studies": (128, 16, 1024, 6, 8, 64, 2048),
    "cpuSmall": (64, 16, 128, 2, 4, 32, 256),
}


class Layer(nn.Module):
    def __init__(self, dim, heads, head_dim, mlp):
        super().__init__()
        self.heads, self.head_dim = heads, head_dim
        self.norm1 = nn.LayerNorm(dim)
        self.qkv = nn.Linear(dim, 3 * heads * head_dim, bias=False)
        self.proj = nn.Linear(heads * head_dim, dim)
        self.norm2 = nn.LayerNorm(dim)
        self.fc1 = nn.Linear(dim, mlp)
        self.fc2 = nn.Linear(mlp, dim)

    def forward(self, x):
        b, n, _ = x.shape
        qkv = self.qkv(self.norm1(x)).reshape(b, n, 3, self.heads, self.head_dim).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0] * self.head_dim ** -0.5, qkv[1], qkv[2]
        ctx = (q @ k.transpose(-2, -1)).softmax(-1) @ v
        x = x + self.proj(ctx.transpose(1, 2).reshape(b, n, -1))
        return x + self.fc2(nn.functional.gelu(self.fc1(self.norm2(x))))


class Vit3d(nn.Module):
    def __init__(self, size, patch, dim, depth, heads, head_dim, mlp):
        super().__init__()
        tokens = (size // patch) ** 3
        self.patch_embed = nn.Conv3d(1, dim, patch, stride=patch)
        self.pos_embed = nn.Parameter(torch.randn(1, tokens, dim) * 0.02)
        self.layers = nn.ModuleList([Layer(dim, heads, head_dim, mlp) for _ in range(depth)])
        self.head_norm = nn.LayerNorm(dim)
        self.head = nn.Linear(dim, 1)

    def forward(self, x):
        t = self.patch_embed(x).flatten(2).transpose(1, 2) + self.pos_embed
        for layer in self.layers:
            t = layer(t)
        pooled = t.mean(1)
        return self.head(self.head_norm(pooled)).squeeze(1), pooled


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--preset", default="studies", choices=PRESETS)
    ap.add_argument("--batch", type=int, default=1, help="also time this batch size (besides batch 1)")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--threads", type=int, default=os.cpu_count(), help="intra-op threads (default: all processors)")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    cfg = PRESETS[a.preset]
    model = Vit3d(*cfg).eval()
    params = sum(p.numel() for p in model.parameters())
    print(f"PyTorch {torch.__version__}, {torch.get_num_threads()} threads; ViT-3D {a.preset}: {params / 1e6:.1f} M parameters")
    for batch in sorted({1, a.batch}):
        x = torch.randn(batch, 1, cfg[0], cfg[0], cfg[0])
        times = []
        with torch.no_grad():
            model(x)  # warm-up
            for _ in range(a.repeats):
                start = time.perf_counter()
                model(x)
                times.append((time.perf_counter() - start) / batch)
        times.sort()
        print(f"batch {batch}: {times[len(times) // 2]:.3f} s per volume")
    print(f"peak resident memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3:.0f} MB")


if __name__ == "__main__":
    main()
