package org.spinerad.radiomics.filters;

import java.util.stream.IntStream;

/**
 * Port of ITK 5.2's RecursiveGaussianImageFilter (Deriche 4th-order IIR with Farneback-Westin coefficients, as in
 * {@code itkRecursiveGaussianImageFilter.hxx} / {@code itkRecursiveSeparableImageFilter.hxx}) for orders 0 and 2,
 * including its border initialisation (the edge value is assumed to extend to infinity), and of
 * LaplacianRecursiveGaussianImageFilter's composition, which SimpleITK/PyRadiomics use for LoG: per axis d, the
 * second derivative along d, then smoothing along the other axes in increasing order, each pass stored as float32,
 * accumulated in float32 as {@code cum + b / spacing_d^2}.
 */
final class RecursiveGaussian {
    private final double n0, n1, n2, n3, d1, d2, d3, d4, m1, m2, m3, m4, bn1, bn2, bn3, bn4, bm1, bm2, bm3, bm4;

    /** @param sigma in mm; {@code secondOrder} false = smoothing; normalizeAcrossScale multiplies order 2 by sigma^2 */
    RecursiveGaussian(double sigma, double spacing, boolean secondOrder, boolean normalizeAcrossScale) {
        double sigmad = sigma / spacing;
        double w1 = 0.6681, l1 = -1.3932, w2 = 2.0787, l2 = -1.3732;
        double cos1 = Math.cos(w1 / sigmad), cos2 = Math.cos(w2 / sigmad);
        double exp1 = Math.exp(l1 / sigmad), exp2 = Math.exp(l2 / sigmad);
        d4 = exp1 * exp1 * exp2 * exp2;
        d3 = -2 * cos1 * exp1 * exp2 * exp2 + -2 * cos2 * exp2 * exp1 * exp1;
        d2 = 4 * cos2 * cos1 * exp1 * exp2 + (exp1 * exp1 + exp2 * exp2);
        d1 = -2 * (exp2 * cos2 + exp1 * cos1);
        double sd = 1.0 + d1 + d2 + d3 + d4, dd = d1 + 2 * d2 + 3 * d3 + 4 * d4, ed = d1 + 4 * d2 + 9 * d3 + 16 * d4;
        double[] c0 = nCoefficients(sigmad, 1.3530, 1.8151, w1, l1, -0.3531, 0.0902, w2, l2);
        double[] n;
        if (!secondOrder) {
            double alpha0 = 2 * c0[4] / sd - c0[0];
            n = new double[]{c0[0] / alpha0, c0[1] / alpha0, c0[2] / alpha0, c0[3] / alpha0};
        } else {
            double[] c2 = nCoefficients(sigmad, -1.3563, 5.2318, w1, l1, 0.3446, -2.2355, w2, l2);
            double beta = -(2 * c2[4] - sd * c2[0]) / (2 * c0[4] - sd * c0[0]);
            n = new double[4];
            for (int i = 0; i < 4; i++) n[i] = c2[i] + beta * c0[i];
            double sn = c2[4] + beta * c0[4], dn = c2[5] + beta * c0[5], en = c2[6] + beta * c0[6];
            double alpha2 = (en * sd * sd - ed * sn * sd - 2 * dn * dd * sd + 2 * dd * dd * sn) / (sd * sd * sd);
            double norm = (normalizeAcrossScale ? sigma * sigma : 1.0) / alpha2;
            for (int i = 0; i < 4; i++) n[i] *= norm;
        }
        n0 = n[0]; n1 = n[1]; n2 = n[2]; n3 = n[3];
        // symmetric kernels (orders 0 and 2)
        m1 = n1 - d1 * n0;
        m2 = n2 - d2 * n0;
        m3 = n3 - d3 * n0;
        m4 = -d4 * n0;
        double sn = n0 + n1 + n2 + n3, sm = m1 + m2 + m3 + m4;
        bn1 = d1 * sn / sd; bn2 = d2 * sn / sd; bn3 = d3 * sn / sd; bn4 = d4 * sn / sd;
        bm1 = d1 * sm / sd; bm2 = d2 * sm / sd; bm3 = d3 * sm / sd; bm4 = d4 * sm / sd;
    }

    /** {N0, N1, N2, N3, SN, DN, EN} of ITK's ComputeNCoefficients. */
    private static double[] nCoefficients(double sigmad, double a1, double b1, double w1, double l1, double a2,
                                          double b2, double w2, double l2) {
        double sin1 = Math.sin(w1 / sigmad), sin2 = Math.sin(w2 / sigmad);
        double cos1 = Math.cos(w1 / sigmad), cos2 = Math.cos(w2 / sigmad);
        double exp1 = Math.exp(l1 / sigmad), exp2 = Math.exp(l2 / sigmad);
        double n0 = a1 + a2;
        double n1 = exp2 * (b2 * sin2 - (a2 + 2 * a1) * cos2);
        n1 += exp1 * (b1 * sin1 - (a1 + 2 * a2) * cos1);
        double n2 = (a1 + a2) * cos2 * cos1;
        n2 -= b1 * cos2 * sin1 + b2 * cos1 * sin2;
        n2 *= 2 * exp1 * exp2;
        n2 += a2 * exp1 * exp1 + a1 * exp2 * exp2;
        double n3 = exp2 * exp1 * exp1 * (b2 * sin2 - a2 * cos2);
        n3 += exp1 * exp2 * exp2 * (b1 * sin1 - a1 * cos1);
        return new double[]{n0, n1, n2, n3, n0 + n1 + n2 + n3, n1 + 2 * n2 + 3 * n3, n1 + 4 * n2 + 9 * n3};
    }

    /** ITK's FilterDataArray (line length >= 4). */
    void filterLine(double[] data, double[] outs, double[] s2, int ln) {
        double v1 = data[0];
        outs[0] = v1 * n0 + v1 * n1 + v1 * n2 + v1 * n3;
        outs[1] = data[1] * n0 + v1 * n1 + v1 * n2 + v1 * n3;
        outs[2] = data[2] * n0 + data[1] * n1 + v1 * n2 + v1 * n3;
        outs[3] = data[3] * n0 + data[2] * n1 + data[1] * n2 + v1 * n3;
        outs[0] -= v1 * bn1 + v1 * bn2 + v1 * bn3 + v1 * bn4;
        outs[1] -= outs[0] * d1 + v1 * bn2 + v1 * bn3 + v1 * bn4;
        outs[2] -= outs[1] * d1 + outs[0] * d2 + v1 * bn3 + v1 * bn4;
        outs[3] -= outs[2] * d1 + outs[1] * d2 + outs[0] * d3 + v1 * bn4;
        for (int i = 4; i < ln; i++) {
            outs[i] = data[i] * n0 + data[i - 1] * n1 + data[i - 2] * n2 + data[i - 3] * n3;
            outs[i] -= outs[i - 1] * d1 + outs[i - 2] * d2 + outs[i - 3] * d3 + outs[i - 4] * d4;
        }
        double v2 = data[ln - 1];
        s2[ln - 1] = v2 * m1 + v2 * m2 + v2 * m3 + v2 * m4;
        s2[ln - 2] = data[ln - 1] * m1 + v2 * m2 + v2 * m3 + v2 * m4;
        s2[ln - 3] = data[ln - 2] * m1 + data[ln - 1] * m2 + v2 * m3 + v2 * m4;
        s2[ln - 4] = data[ln - 3] * m1 + data[ln - 2] * m2 + data[ln - 1] * m3 + v2 * m4;
        s2[ln - 1] -= v2 * bm1 + v2 * bm2 + v2 * bm3 + v2 * bm4;
        s2[ln - 2] -= s2[ln - 1] * d1 + v2 * bm2 + v2 * bm3 + v2 * bm4;
        s2[ln - 3] -= s2[ln - 2] * d1 + s2[ln - 1] * d2 + v2 * bm3 + v2 * bm4;
        s2[ln - 4] -= s2[ln - 3] * d1 + s2[ln - 2] * d2 + s2[ln - 1] * d3 + v2 * bm4;
        for (int i = ln - 4; i > 0; i--) {
            s2[i - 1] = data[i] * m1 + data[i + 1] * m2 + data[i + 2] * m3 + data[i + 3] * m4;
            s2[i - 1] -= s2[i] * d1 + s2[i + 1] * d2 + s2[i + 2] * d3 + s2[i + 3] * d4;
        }
        for (int i = 0; i < ln; i++) outs[i] += s2[i];
    }

    /** Filters every line along {@code axis} (0 = x) of {@code in} into {@code out} (float32), in parallel. */
    void filterAxis(float[] in, float[] out, int nx, int ny, int nz, int axis) {
        int n = axis == 0 ? nx : axis == 1 ? ny : nz;
        int stride = axis == 0 ? 1 : axis == 1 ? nx : nx * ny;
        int linesA = axis == 0 ? ny : nx, linesB = axis == 2 ? ny : nz;
        IntStream.range(0, linesB).parallel().forEach(b -> {
            double[] data = new double[n], outs = new double[n], scratch = new double[n];
            for (int a = 0; a < linesA; a++) {
                int start = switch (axis) {
                    case 0 -> nx * (a + ny * b);
                    case 1 -> a + nx * ny * b;
                    default -> a + nx * b;
                };
                for (int i = 0; i < n; i++) data[i] = in[start + i * stride];
                filterLine(data, outs, scratch, n);
                for (int i = 0; i < n; i++) out[start + i * stride] = (float) outs[i];
            }
        });
    }

    /** SimpleITK LaplacianRecursiveGaussianImageFilter with NormalizeAcrossScale = true (all sizes >= 4). */
    static float[] laplacian(float[] image, int nx, int ny, int nz, double[] spacing, double sigma) {
        if (Math.min(nx, Math.min(ny, nz)) < 4)
            throw new IllegalArgumentException("recursive Gaussian needs at least 4 voxels along every axis");
        float[] cumulative = new float[image.length], a = new float[image.length], b = new float[image.length];
        for (int dim = 0; dim < 3; dim++) {
            new RecursiveGaussian(sigma, spacing[dim], true, true).filterAxis(image, a, nx, ny, nz, dim);
            float[] src = a, dst = b;
            for (int other = 0; other < 3; other++) {
                if (other == dim) continue;
                new RecursiveGaussian(sigma, spacing[other], false, true).filterAxis(src, dst, nx, ny, nz, other);
                float[] t = src; src = dst; dst = t;
            }
            double inv = 1.0 / (spacing[dim] * spacing[dim]);
            for (int i = 0; i < cumulative.length; i++) cumulative[i] = (float) (cumulative[i] + src[i] * inv);
        }
        return cumulative;
    }
}
