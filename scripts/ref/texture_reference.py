#!/usr/bin/env python3
"""Independent numpy/scipy implementation of PyRadiomics' texture definitions (GLCM, GLRLM, GLSZM, GLDM, NGTDM),
written from the formulas in PyRadiomics' documentation, for cross-checking SpineRad's Java classes.

Usage: texture_reference.py LEVELS.txt [--distances 1,2] [--force2D] [--asymmetric] [--gldm-a A]
LEVELS.txt: first line "nx ny nz", then nx*ny*nz integers, x fastest; 0 = outside the ROI.
Prints "class_Feature value" lines for the default features (per-direction mean; the out-of-plane axis for --force2D
is z). Zones come from scipy.ndimage.label, MCC from numpy.linalg.eigvals.
"""
import itertools
import sys

import numpy as np
from scipy import ndimage

EPS = np.spacing(1)


def load(path):
    with open(path) as f:
        nx, ny, nz = map(int, f.readline().split())
        vals = np.array(f.read().split(), dtype=int)
    return vals.reshape(nz, ny, nx)  # array order z, y, x


OPTS = {'distances': [1], 'force2D': False, 'symmetric': True, 'alpha': 0}


def angles(distances=None):
    """One (dz, dy, dx) offset per +/- pair with Chebyshev norm in distances (in-plane only for force2D); of each
    pair the one PyRadiomics generates first (offsets run from +max to -max, z slowest), i.e. the first non-zero
    component is positive."""
    distances = distances or OPTS['distances']
    m = max(distances)
    out = []
    for a in itertools.product(range(m, -m - 1, -1), repeat=3):
        if max(map(abs, a)) not in distances or (OPTS['force2D'] and a[0] != 0):
            continue
        if tuple(-x for x in a) in out:
            continue
        out.append(a)
    return out


def shifted(arr, a):
    """Pairs (center, neighbour) of the array for offset a (z, y, x)."""
    src, dst = [], []
    for d, n in zip(a, arr.shape):
        src.append(slice(max(0, -d), n - max(0, d)))
        dst.append(slice(max(0, d), n - max(0, -d)))
    return arr[tuple(src)], arr[tuple(dst)]


def glcm(arr):
    levels = np.unique(arr[arr > 0])
    ng = levels.max()
    index = {g: k for k, g in enumerate(levels)}
    n = len(levels)
    mats = []
    for a in angles():
        c, nb = shifted(arr, a)
        ok = (c > 0) & (nb > 0)
        P = np.zeros((n, n))
        for i, j in zip(c[ok], nb[ok]):
            P[index[i], index[j]] += 1
        if OPTS['symmetric']:
            P = P + P.T
        if P.sum() > 0:
            mats.append(P / P.sum())
    i = levels[:, None].astype(float)
    j = levels[None, :].astype(float)
    feats = {}
    rows = []
    for p in mats:
        px, py = p.sum(1), p.sum(0)
        ux, uy = (p * i).sum(), (p * j).sum()
        kd = np.abs(i - j)
        pxSuby = np.array([p[kd == k].sum() for k in range(ng)])
        pxAddy = np.array([p[(i + j) == k].sum() for k in range(2, 2 * ng + 1)])
        kv = np.arange(ng, dtype=float)
        ks = np.arange(2, 2 * ng + 1, dtype=float)
        hxy = -(p * np.log2(p + EPS)).sum()
        hx = -(px * np.log2(px + EPS)).sum()
        hy = -(py * np.log2(py + EPS)).sum()
        pxy = px[:, None] * py[None, :]
        hxy1 = -(p * np.log2(pxy + EPS)).sum()
        hxy2 = -(pxy * np.log2(pxy + EPS)).sum()
        sigx = np.sqrt((p * (i - ux) ** 2).sum())
        sigy = np.sqrt((p * (j - uy) ** 2).sum())
        corr = 1.0 if sigx * sigy == 0 else (p * (i - ux) * (j - uy)).sum() / (sigx * sigy + EPS)
        div = max(hx, hy)
        imc1 = 0.0 if div == 0 else (hxy - hxy1) / div
        imc2 = 0.0 if hxy2 == hxy else np.sqrt(1 - np.exp(-2 * (hxy2 - hxy)))
        Q = np.zeros((n, n))
        for k in range(n):
            Q += p[:, None, k] * p[None, :, k] / (px[:, None] * py[k] + EPS)
        ev = np.sort(np.linalg.eigvals(Q))
        mcc = np.sqrt(ev[-2]).real if n >= 2 else 1.0
        da = (kv * pxSuby).sum()
        rows.append({
            'Autocorrelation': (p * i * j).sum(), 'ClusterProminence': (p * (i + j - ux - uy) ** 4).sum(),
            'ClusterShade': (p * (i + j - ux - uy) ** 3).sum(), 'ClusterTendency': (p * (i + j - ux - uy) ** 2).sum(),
            'Contrast': (p * (i - j) ** 2).sum(), 'Correlation': corr, 'DifferenceAverage': da,
            'DifferenceEntropy': -(pxSuby * np.log2(pxSuby + EPS)).sum(),
            'DifferenceVariance': (pxSuby * (kv - da) ** 2).sum(), 'Id': (pxSuby / (1 + kv)).sum(),
            'Idm': (pxSuby / (1 + kv ** 2)).sum(), 'Idmn': (pxSuby / (1 + kv ** 2 / ng ** 2)).sum(),
            'Idn': (pxSuby / (1 + kv / ng)).sum(), 'Imc1': imc1, 'Imc2': imc2,
            'InverseVariance': (pxSuby[1:] / kv[1:] ** 2).sum(), 'JointAverage': ux, 'JointEnergy': (p ** 2).sum(),
            'JointEntropy': hxy, 'MCC': mcc, 'MaximumProbability': p.max(), 'SumAverage': (ks * pxAddy).sum(),
            'SumEntropy': -(pxAddy * np.log2(pxAddy + EPS)).sum(), 'SumSquares': (p * (i - ux) ** 2).sum()})
    for k in rows[0]:
        feats[k] = np.nanmean([r[k] for r in rows])
    return feats


def size_matrix_features(entries, levels, nvox, names):
    """entries: list of (level, length) one per run/zone/voxel; names maps statistic -> feature name."""
    entries = np.array(entries, dtype=float)
    g, j = entries[:, 0], entries[:, 1]
    nz = len(entries)
    keys, counts = np.unique(entries, axis=0, return_counts=True)
    pij = counts / nz
    pg = np.array([(g == l).sum() for l in levels], dtype=float)
    lens = np.unique(j)
    pr = np.array([(j == l).sum() for l in lens], dtype=float)
    ui = (pg / nz * levels).sum()
    uj = (pr / nz * lens).sum()
    stat = {
        'SHORT': (1 / j ** 2).sum() / nz, 'LONG': (j ** 2).sum() / nz, 'GLN': (pg ** 2).sum() / nz,
        'GLNN': (pg ** 2).sum() / nz ** 2, 'LN': (pr ** 2).sum() / nz, 'LNN': (pr ** 2).sum() / nz ** 2,
        'GLV': (pg / nz * (levels - ui) ** 2).sum(), 'LV': (pr / nz * (lens - uj) ** 2).sum(),
        'ENTROPY': -(pij * np.log2(pij + EPS)).sum(), 'LOW': (1 / g ** 2).sum() / nz, 'HIGH': (g ** 2).sum() / nz,
        'SHORT_LOW': (1 / (g ** 2 * j ** 2)).sum() / nz, 'SHORT_HIGH': (g ** 2 / j ** 2).sum() / nz,
        'LONG_LOW': (j ** 2 / g ** 2).sum() / nz, 'LONG_HIGH': (g ** 2 * j ** 2).sum() / nz, 'PERCENT': nz / nvox}
    return {name: stat[s] for s, name in names.items()}


def glrlm(arr):
    levels = np.unique(arr[arr > 0]).astype(float)
    nz_, ny_, nx_ = arr.shape
    rows = []
    for a in angles([1]):
        runs, multi = [], False
        for start in itertools.product(range(nz_), range(ny_), range(nx_)):
            prev = tuple(s - d for s, d in zip(start, a))
            if all(0 <= p < n for p, n in zip(prev, arr.shape)):
                continue
            line, pos = [], start
            while all(0 <= p < n for p, n in zip(pos, arr.shape)):
                line.append(arr[pos])
                pos = tuple(p + d for p, d in zip(pos, a))
            multi |= sum(v > 0 for v in line) > 1
            for key, grp in itertools.groupby(line):
                if key > 0:
                    runs.append((key, len(list(grp))))
        if not multi or not runs:
            continue
        voxels = sum(r[1] for r in runs)
        rows.append(size_matrix_features(runs, levels, voxels, {
            'GLN': 'GrayLevelNonUniformity', 'GLNN': 'GrayLevelNonUniformityNormalized', 'GLV': 'GrayLevelVariance',
            'HIGH': 'HighGrayLevelRunEmphasis', 'LONG': 'LongRunEmphasis', 'LONG_HIGH': 'LongRunHighGrayLevelEmphasis',
            'LONG_LOW': 'LongRunLowGrayLevelEmphasis', 'LOW': 'LowGrayLevelRunEmphasis', 'ENTROPY': 'RunEntropy',
            'LN': 'RunLengthNonUniformity', 'LNN': 'RunLengthNonUniformityNormalized', 'PERCENT': 'RunPercentage',
            'LV': 'RunVariance', 'SHORT': 'ShortRunEmphasis', 'SHORT_HIGH': 'ShortRunHighGrayLevelEmphasis',
            'SHORT_LOW': 'ShortRunLowGrayLevelEmphasis'}))
    return {k: np.nanmean([r[k] for r in rows]) for k in rows[0]}


def glszm(arr):
    levels = np.unique(arr[arr > 0])
    zones = []
    for g in levels:
        structure = np.ones((3, 3, 3))
        if OPTS['force2D']:
            structure[0] = structure[2] = 0
        lab, n = ndimage.label(arr == g, structure=structure)
        for size in np.bincount(lab.ravel())[1:]:
            zones.append((g, size))
    return size_matrix_features(zones, levels.astype(float), (arr > 0).sum(), {
        'GLN': 'GrayLevelNonUniformity', 'GLNN': 'GrayLevelNonUniformityNormalized', 'GLV': 'GrayLevelVariance',
        'HIGH': 'HighGrayLevelZoneEmphasis', 'LONG': 'LargeAreaEmphasis', 'LONG_HIGH': 'LargeAreaHighGrayLevelEmphasis',
        'LONG_LOW': 'LargeAreaLowGrayLevelEmphasis', 'LOW': 'LowGrayLevelZoneEmphasis', 'LN': 'SizeZoneNonUniformity',
        'LNN': 'SizeZoneNonUniformityNormalized', 'SHORT': 'SmallAreaEmphasis',
        'SHORT_HIGH': 'SmallAreaHighGrayLevelEmphasis', 'SHORT_LOW': 'SmallAreaLowGrayLevelEmphasis',
        'ENTROPY': 'ZoneEntropy', 'PERCENT': 'ZonePercentage', 'LV': 'ZoneVariance'})


def neighbours(arr):
    """Per ROI voxel: level, array of the levels of its neighbours inside the ROI (both signs of every angle)."""
    offsets = angles()
    offsets = offsets + [tuple(-x for x in a) for a in offsets]
    out = []
    for pos in zip(*np.nonzero(arr)):
        nb = []
        for a in offsets:
            q = tuple(p + d for p, d in zip(pos, a))
            if all(0 <= v < n for v, n in zip(q, arr.shape)) and arr[q] > 0:
                nb.append(arr[q])
        out.append((arr[pos], np.array(nb)))
    return out


def gldm(arr):
    levels = np.unique(arr[arr > 0]).astype(float)
    entries = [(g, 1 + (np.abs(nb - g) <= OPTS['alpha']).sum()) for g, nb in neighbours(arr)]
    return size_matrix_features(entries, levels, len(entries), {
        'ENTROPY': 'DependenceEntropy', 'LN': 'DependenceNonUniformity', 'LNN': 'DependenceNonUniformityNormalized',
        'LV': 'DependenceVariance', 'GLN': 'GrayLevelNonUniformity', 'GLV': 'GrayLevelVariance',
        'HIGH': 'HighGrayLevelEmphasis', 'LONG': 'LargeDependenceEmphasis',
        'LONG_HIGH': 'LargeDependenceHighGrayLevelEmphasis', 'LONG_LOW': 'LargeDependenceLowGrayLevelEmphasis',
        'LOW': 'LowGrayLevelEmphasis', 'SHORT': 'SmallDependenceEmphasis',
        'SHORT_HIGH': 'SmallDependenceHighGrayLevelEmphasis', 'SHORT_LOW': 'SmallDependenceLowGrayLevelEmphasis'})


def ngtdm(arr):
    levels = np.unique(arr[arr > 0])
    n = {g: 0.0 for g in levels}
    s = {g: 0.0 for g in levels}
    for g, nb in neighbours(arr):
        n[g] += 1
        if len(nb):
            s[g] += abs(g - nb.mean())
    nvp = sum(n.values())
    i = levels.astype(float)
    p = np.array([n[g] for g in levels]) / nvp
    si = np.array([s[g] for g in levels])
    ngp = len(levels)
    ps = (p * si).sum()
    d2 = (i[:, None] - i[None, :]) ** 2
    absdiff = np.abs((i * p)[:, None] - (i * p)[None, :]).sum()
    return {
        'Busyness': 0.0 if absdiff == 0 else ps / absdiff,
        'Coarseness': 1e6 if ps == 0 else 1 / ps,
        'Complexity': (np.abs(i[:, None] - i[None, :]) * ((p * si)[:, None] + (p * si)[None, :])
                       / (p[:, None] + p[None, :])).sum() / nvp,
        'Contrast': 0.0 if ngp <= 1 else (p[:, None] * p[None, :] * d2).sum() / (ngp * (ngp - 1)) * si.sum() / nvp,
        'Strength': 0.0 if si.sum() == 0 else ((p[:, None] + p[None, :]) * d2).sum() / si.sum()}


if __name__ == '__main__':
    arr = load(sys.argv[1])
    args = sys.argv[2:]
    for k, arg in enumerate(args):
        if arg == '--distances':
            OPTS['distances'] = [int(d) for d in args[k + 1].split(',')]
        elif arg == '--force2D':
            OPTS['force2D'] = True
        elif arg == '--asymmetric':
            OPTS['symmetric'] = False
        elif arg == '--gldm-a':
            OPTS['alpha'] = float(args[k + 1])
    for name, fn in (('glcm', glcm), ('glrlm', glrlm), ('glszm', glszm), ('gldm', gldm), ('ngtdm', ngtdm)):
        for k, v in fn(arr).items():
            print(f'{name}_{k} {float(v)!r}')
