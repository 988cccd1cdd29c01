package org.spinerad.predict;

/** Row subsets of feature matrices and outcome vectors, and the class counts of a binary outcome. */
public final class Rows {
    private Rows() {}

    /** The rows {@code idx} of {@code x} (shared, not copied). */
    public static double[][] of(double[][] x, int[] idx) {
        double[][] o = new double[idx.length][];
        for (int i = 0; i < idx.length; i++) o[i] = x[idx[i]];
        return o;
    }

    public static double[] of(double[] v, int[] idx) {
        double[] o = new double[idx.length];
        for (int i = 0; i < idx.length; i++) o[i] = v[idx[i]];
        return o;
    }

    public static int[] of(int[] y, int[] idx) {
        int[] o = new int[idx.length];
        for (int i = 0; i < idx.length; i++) o[i] = y[idx[i]];
        return o;
    }

    /** Number of 1s in a 0/1 outcome. */
    public static int positives(int[] y) {
        int s = 0;
        for (int v : y) s += v;
        return s;
    }

    /** Whether a 0/1 outcome holds both classes. */
    public static boolean bothClasses(int[] y) {
        int s = positives(y);
        return s > 0 && s < y.length;
    }
}
