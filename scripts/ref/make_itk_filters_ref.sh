#!/bin/sh
# Reference outputs of ITK 5.2 (Debian libinsighttoolkit5-dev) LaplacianRecursiveGaussianImageFilter
# (NormalizeAcrossScale on, as SimpleITK/PyRadiomics) and GradientMagnitudeImageFilter, used by ItkReferenceTest.
# Run from the repository root: sh scripts/ref/make_itk_filters_ref.sh
set -e
OUT=src/test/resources/ref/itk
mkdir -p "$OUT"
g++ -O2 -std=c++17 -I/usr/include/ITK-5.2 scripts/ref/itk_filters.cxx -o /tmp/itk_filters -L/usr/lib \
  -lITKSmoothing-5.2 -lITKCommon-5.2 -litkvnl-5.2 -litkvnl_algo-5.2 -litksys-5.2 -litkv3p_netlib-5.2 \
  -lITKVNLInstantiation-5.2 -lpthread
# 16 x 14 x 12 voxels (x fastest), spacing 0.7 / 0.9 / 1.5 mm, values N(40, 100^2)
/usr/bin/python3 -c "
import numpy as np
np.random.seed(5)
(np.random.randn(12, 14, 16) * 100 + 40).astype('<f4').tofile('$OUT/random_16x14x12.f32')"
for s in 1.0 1.5 3.0; do
  /tmp/itk_filters "$OUT/random_16x14x12.f32" 16 14 12 0.7 0.9 1.5 $s "$OUT/log_sigma_$s.f32" "$OUT/gradient.f32"
done
