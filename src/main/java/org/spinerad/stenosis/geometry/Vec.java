package org.spinerad.stenosis.geometry;

/** Small 3-vector helpers on double[3] (world LPS millimetres). */
public final class Vec {
    private Vec() {}

    public static double dot(double[] a, double[] b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }

    public static double[] add(double[] a, double[] b, double s) { return new double[]{a[0] + s * b[0], a[1] + s * b[1], a[2] + s * b[2]}; }

    public static double[] sub(double[] a, double[] b) { return new double[]{a[0] - b[0], a[1] - b[1], a[2] - b[2]}; }

    public static double[] cross(double[] a, double[] b) {
        return new double[]{a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    }

    public static double norm(double[] a) { return Math.sqrt(dot(a, a)); }

    /** The unit vector of a, or null when a is (nearly) zero. */
    public static double[] unit(double[] a) {
        double n = norm(a);
        return n < 1e-9 ? null : new double[]{a[0] / n, a[1] / n, a[2] / n};
    }

    /** The part of a perpendicular to the unit vector n. */
    public static double[] reject(double[] a, double[] n) { return add(a, n, -dot(a, n)); }
}
