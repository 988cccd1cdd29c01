package org.spinerad.stenosis.geometry;

import java.util.ArrayList;
import java.util.List;

/**
 * The spinal canal centreline: centroids of the canal voxels in 3 mm slabs along the spine axis, smoothed by
 * a Gaussian-weighted local linear fit (sigma 25 mm), which gives both the position and the tangent at any axis
 * parameter t. The axis points superior.
 */
public final class Centreline {
    static final double SLAB_MM = 3, SIGMA_MM = 25;
    private final double[] mean, axis;
    private final double[] ts;
    private final double[][] centroids;

    private Centreline(double[] mean, double[] axis, double[] ts, double[][] centroids) {
        this.mean = mean; this.axis = axis; this.ts = ts; this.centroids = centroids;
    }

    /**
     * The centreline through world points (the canal voxels), or null when they span fewer than 3 slabs. The slab axis is
     * {@code spineAxis} when given (e.g. through the body centroids: a short or leaky canal mask can be wider than long),
     * else the canal's principal axis.
     */
    public static Centreline fit(List<double[]> points, double[] spineAxis) {
        int n = points.size();
        if (n < 10) return null;
        double[] mean = new double[3];
        for (double[] p : points) for (int i = 0; i < 3; i++) mean[i] += p[i] / n;
        double[][] cov = new double[3][3];
        for (double[] p : points)
            for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) cov[i][j] += (p[i] - mean[i]) * (p[j] - mean[j]) / n;
        double[] axis = spineAxis != null ? spineAxis.clone() : principalAxis(cov);
        if (axis[2] < 0) for (int i = 0; i < 3; i++) axis[i] = -axis[i];
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (double[] p : points) { double t = Vec.dot(Vec.sub(p, mean), axis); min = Math.min(min, t); max = Math.max(max, t); }
        int bins = (int) Math.floor((max - min) / SLAB_MM) + 1;
        double[][] sum = new double[bins][4];
        for (double[] p : points) {
            int b = (int) Math.floor((Vec.dot(Vec.sub(p, mean), axis) - min) / SLAB_MM);
            for (int i = 0; i < 3; i++) sum[b][i] += p[i];
            sum[b][3]++;
        }
        List<double[]> c = new ArrayList<>();
        List<Double> t = new ArrayList<>();
        for (double[] s : sum)
            if (s[3] >= 3) {
                double[] p = {s[0] / s[3], s[1] / s[3], s[2] / s[3]};
                c.add(p);
                t.add(Vec.dot(Vec.sub(p, mean), axis));
            }
        if (c.size() < 3) return null;
        return new Centreline(mean, axis, t.stream().mapToDouble(Double::doubleValue).toArray(), c.toArray(new double[0][]));
    }

    /** Largest-eigenvalue eigenvector of a symmetric 3x3 matrix (power iteration from the best-aligned start). */
    private static double[] principalAxis(double[][] cov) {
        int best = 0;
        for (int i = 1; i < 3; i++) if (cov[i][i] > cov[best][best]) best = i;
        double[] v = new double[3];
        v[best] = 1;
        for (int it = 0; it < 200; it++) {
            double[] w = new double[3];
            for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) w[i] += cov[i][j] * v[j];
            double[] u = Vec.unit(w);
            if (u == null) break;
            v = u;
        }
        return v;
    }

    public double tMin() { return ts[0]; }
    public double tMax() { return ts[ts.length - 1]; }
    public double[] axis() { return axis.clone(); }

    /** Axis parameter of a world point. */
    public double parameterOf(double[] p) { return Vec.dot(Vec.sub(p, mean), axis); }

    /** {position, unit tangent (superior)} of the smoothed centreline at parameter t. */
    public double[][] at(double t) {
        double sw = 0, st = 0, stt = 0;
        double[] sp = new double[3], stp = new double[3];
        for (int k = 0; k < ts.length; k++) {
            double d = ts[k] - t, w = Math.exp(-0.5 * d * d / (SIGMA_MM * SIGMA_MM));
            sw += w; st += w * d; stt += w * d * d;
            for (int i = 0; i < 3; i++) { sp[i] += w * centroids[k][i]; stp[i] += w * d * centroids[k][i]; }
        }
        double det = sw * stt - st * st;
        double[] pos = new double[3], slope = new double[3];
        for (int i = 0; i < 3; i++) {
            slope[i] = det > 1e-9 ? (sw * stp[i] - st * sp[i]) / det : axis[i];
            pos[i] = det > 1e-9 ? (sp[i] - slope[i] * st) / sw : sp[i] / sw;
        }
        double[] tangent = Vec.unit(slope);
        if (tangent == null || Vec.dot(tangent, axis) <= 0) tangent = axis.clone();
        return new double[][]{pos, tangent};
    }

    /** The parameter t where the plane through p perpendicular to the centreline contains the centreline point. */
    public double project(double[] p) {
        double t = parameterOf(p);
        for (int it = 0; it < 20; it++) {
            double[][] c = at(t);
            double dt = Vec.dot(Vec.sub(p, c[0]), c[1]);
            t += dt;
            if (Math.abs(dt) < 1e-4) break;
        }
        return t;
    }

    /** Centreline points every {@code step} mm, for overlays. */
    public List<double[]> samples(double step) {
        List<double[]> out = new ArrayList<>();
        for (double t = tMin(); t <= tMax(); t += step) out.add(at(t)[0]);
        return out;
    }
}
