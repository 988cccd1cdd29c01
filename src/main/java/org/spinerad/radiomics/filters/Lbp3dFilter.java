package org.spinerad.radiomics.filters;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * PyRadiomics' getLBP3DImage (spherical-harmonics 3D LBP, Banerjee et al. 2013), computed for ROI voxels only
 * (other voxels are 0). Per ROI voxel: the image is sampled on a trimesh-style icosphere (icosahedron subdivided
 * {@code subdivisions} times, vertices projected to {@code radius}) in index units with scipy's
 * {@code map_coordinates(order=3)} semantics (cubic B-spline with mirror-boundary prefilter; samples outside the
 * image are 0). Outputs, as PyRadiomics: "lbp-3D-m1".."lbp-3D-m&lt;levels&gt;" (energy of the spherical-harmonic
 * degree-n part of the binary pattern {@code sample >= centre}) and "lbp-3D-k" (kurtosis of the samples).
 * PyRadiomics' conventions are kept: vertex components are offsets along numpy axes (z, y, x); it passes
 * theta = arccos(v_x / R) as scipy's azimuth and phi = atan2(v_y, v_z) as the polar angle of {@code sph_harm}; the
 * energy is the real part of sqrt(sum of complex squares).
 */
public final class Lbp3dFilter {
    private Lbp3dFilter() {}

    public static List<String> prefixes(int levels) {
        List<String> names = new ArrayList<>();
        for (int l = 1; l <= levels; l++) names.add("lbp-3D-m" + l);
        names.add("lbp-3D-k");
        return names;
    }

    public static List<FilteredImage> apply(float[] image, boolean[] mask, int nx, int ny, int nz, int levels,
                                            double radius, int subdivisions) {
        double[][] verts = icosphere(subdivisions, radius); // (v0, v1, v2) = offsets along (z, y, x)
        int nv = verts.length;
        // spherical harmonics Y[j][v] (re, im) and their degree n_ix
        List<double[]> yRe = new ArrayList<>(), yIm = new ArrayList<>();
        List<Integer> degree = new ArrayList<>();
        for (int n = 0; n < levels; n++)
            for (int m = -n; m <= n; m++) {
                double[] re = new double[nv], im = new double[nv];
                for (int v = 0; v < nv; v++) {
                    double theta = Math.acos(Math.max(-1, Math.min(1, verts[v][2] / radius)));
                    double phi = Math.atan2(verts[v][1], verts[v][0]);
                    double[] y = sphHarm(m, n, theta, phi);
                    re[v] = y[0];
                    im[v] = y[1];
                }
                yRe.add(re);
                yIm.add(im);
                degree.add(n);
            }
        int nh = degree.size();
        double[][] yr = yRe.toArray(new double[0][]), yi = yIm.toArray(new double[0][]);
        int[] deg = degree.stream().mapToInt(Integer::intValue).toArray();
        double[] coef = CubicSpline.coefficients(image, nx, ny, nz);
        // per vertex: 4 offsets and weights per axis (x, y, z), since fractional parts do not depend on the voxel
        int[][] base = new int[nv][3];
        double[][][] w = new double[nv][3][];
        for (int v = 0; v < nv; v++)
            for (int a = 0; a < 3; a++) {
                double off = verts[v][2 - a];
                double fl = Math.floor(off);
                base[v][a] = (int) fl - 1;
                w[v][a] = CubicSpline.weights(off - fl);
            }
        int n = nx * ny * nz;
        float[][] out = new float[levels + 1][n];
        IntStream.range(0, nz).parallel().forEach(z -> {
            double[] f = new double[nv];
            double[] cRe = new double[nh], cIm = new double[nh];
            for (int y = 0; y < ny; y++)
                for (int x = 0; x < nx; x++) {
                    int idx = x + nx * (y + ny * z);
                    if (!mask[idx]) continue;
                    double mean = 0;
                    for (int v = 0; v < nv; v++) {
                        f[v] = CubicSpline.sample(coef, nx, ny, nz, x, y, z, verts[v][2], verts[v][1], verts[v][0],
                                base[v], w[v]);
                        mean += f[v];
                    }
                    mean /= nv;
                    double m2 = 0, m4 = 0;
                    for (int v = 0; v < nv; v++) {
                        double d = f[v] - mean, d2 = d * d;
                        m2 += d2;
                        m4 += d2 * d2;
                    }
                    m2 /= nv;
                    m4 /= nv;
                    // scipy.stats.kurtosis (Fisher, biased): NaN where the variance is numerically zero
                    double eps = 1e-15 * mean; // numpy finfo(float64).resolution
                    out[levels][idx] = (float) (m2 <= eps * eps ? Double.NaN : m4 / (m2 * m2) - 3);
                    double centre = image[idx];
                    for (int j = 0; j < nh; j++) {
                        double re = 0, im = 0;
                        double[] r = yr[j], i = yi[j];
                        for (int v = 0; v < nv; v++)
                            if (f[v] >= centre) { re += r[v]; im += i[v]; }
                        cRe[j] = re;
                        cIm[j] = im;
                    }
                    for (int lev = 0; lev < levels; lev++) {
                        double sRe = 0, sIm = 0;
                        for (int v = 0; v < nv; v++) {
                            double gRe = 0, gIm = 0;
                            for (int j = 0; j < nh; j++) {
                                if (deg[j] != lev) continue;
                                double ar = yr[j][v], ai = yi[j][v];
                                gRe += cRe[j] * ar - cIm[j] * ai;
                                gIm += cRe[j] * ai + cIm[j] * ar;
                            }
                            sRe += gRe * gRe - gIm * gIm;
                            sIm += 2 * gRe * gIm;
                        }
                        // real part of the principal complex square root
                        out[lev][idx] = (float) Math.sqrt((Math.hypot(sRe, sIm) + sRe) / 2);
                    }
                }
        });
        List<FilteredImage> result = new ArrayList<>();
        List<String> names = prefixes(levels);
        for (int l = 0; l <= levels; l++) result.add(new FilteredImage(names.get(l), out[l]));
        return result;
    }

    /** scipy.special.sph_harm(m, n, theta, phi): theta azimuth, phi polar, Condon-Shortley phase; {re, im}. */
    static double[] sphHarm(int m, int n, double theta, double phi) {
        int mp = Math.abs(m);
        double p = legendre(mp, n, Math.cos(phi));
        double norm = Math.sqrt((2 * n + 1) / (4 * Math.PI) * factorialRatio(n - mp, n + mp));
        if (m < 0) p *= ((mp & 1) == 0 ? 1 : -1); // P_n^-m = (-1)^m (n-m)!/(n+m)! P_n^m; norm absorbs the ratio
        double val = norm * p;
        return new double[]{val * Math.cos(m * theta), val * Math.sin(m * theta)};
    }

    /** a! / b! */
    private static double factorialRatio(int a, int b) {
        double r = 1;
        for (int k = Math.min(a, b) + 1; k <= Math.max(a, b); k++) r *= k;
        return a >= b ? r : 1 / r;
    }

    /** Associated Legendre P_n^m(x), m >= 0, with the Condon-Shortley phase (scipy lpmv). */
    static double legendre(int m, int n, double x) {
        double pmm = 1, s = Math.sqrt(Math.max(0, (1 - x) * (1 + x)));
        for (int k = 1; k <= m; k++) pmm *= -(2 * k - 1) * s;
        if (n == m) return pmm;
        double pm1 = x * (2 * m + 1) * pmm;
        for (int l = m + 2; l <= n; l++) {
            double pl = (x * (2 * l - 1) * pm1 - (l + m - 1) * pmm) / (l - m);
            pmm = pm1;
            pm1 = pl;
        }
        return pm1;
    }

    /** Vertices of trimesh's icosphere(subdivisions, radius) (order differs, which the outputs do not depend on). */
    static double[][] icosphere(int subdivisions, double radius) {
        double t = (1 + Math.sqrt(5)) / 2;
        List<double[]> v = new ArrayList<>();
        for (double a : new double[]{-1, 1})
            for (double b : new double[]{-t, t}) {
                v.add(new double[]{a, b, 0});
                v.add(new double[]{0, a, b});
                v.add(new double[]{b, 0, a});
            }
        for (double[] p : v) scaleTo(p, radius);
        double edge = 2 * radius / Math.sqrt(1 + t * t);
        List<int[]> faces = new ArrayList<>();
        for (int i = 0; i < 12; i++)
            for (int j = i + 1; j < 12; j++)
                for (int k = j + 1; k < 12; k++)
                    if (near(v.get(i), v.get(j), edge) && near(v.get(j), v.get(k), edge) && near(v.get(i), v.get(k), edge))
                        faces.add(new int[]{i, j, k});
        for (int s = 0; s < subdivisions; s++) {
            Map<Long, Integer> midpoints = new HashMap<>();
            List<int[]> next = new ArrayList<>();
            for (int[] f : faces) {
                int ab = midpoint(v, midpoints, f[0], f[1], radius), bc = midpoint(v, midpoints, f[1], f[2], radius),
                        ca = midpoint(v, midpoints, f[2], f[0], radius);
                next.add(new int[]{f[0], ab, ca});
                next.add(new int[]{f[1], bc, ab});
                next.add(new int[]{f[2], ca, bc});
                next.add(new int[]{ab, bc, ca});
            }
            faces = next;
        }
        return v.toArray(new double[0][]);
    }

    private static boolean near(double[] a, double[] b, double edge) {
        double d = Math.sqrt(Math.pow(a[0] - b[0], 2) + Math.pow(a[1] - b[1], 2) + Math.pow(a[2] - b[2], 2));
        return Math.abs(d - edge) < 1e-9 * Math.max(1, edge);
    }

    private static int midpoint(List<double[]> v, Map<Long, Integer> cache, int a, int b, double radius) {
        long key = (long) Math.min(a, b) << 32 | Math.max(a, b);
        return cache.computeIfAbsent(key, k -> {
            double[] p = {(v.get(a)[0] + v.get(b)[0]) / 2, (v.get(a)[1] + v.get(b)[1]) / 2, (v.get(a)[2] + v.get(b)[2]) / 2};
            scaleTo(p, radius);
            v.add(p);
            return v.size() - 1;
        });
    }

    private static void scaleTo(double[] p, double radius) {
        double s = radius / Math.sqrt(p[0] * p[0] + p[1] * p[1] + p[2] * p[2]);
        for (int i = 0; i < 3; i++) p[i] *= s;
    }
}
