package org.spinerad.predict;

import java.util.Arrays;

/** Order statistics with numpy's default (linear) interpolation, ignoring NaN like {@code numpy.nanpercentile}. */
public final class Quantiles {
    private Quantiles() {}

    /** q in [0, 1]; NaN when no finite value. */
    public static double quantile(double[] values, double q) {
        double[] v = Arrays.stream(values).filter(d -> !Double.isNaN(d)).sorted().toArray();
        return sortedQuantile(v, q);
    }

    public static double sortedQuantile(double[] sorted, double q) {
        if (sorted.length == 0) return Double.NaN;
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
