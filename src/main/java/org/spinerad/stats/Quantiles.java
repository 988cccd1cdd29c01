package org.spinerad.stats;

import java.util.Arrays;

/** Quantiles with linear interpolation (R type 7 = numpy's default), shared by the statistics and the predictors. */
public final class Quantiles {
    private Quantiles() {}

    /** Quantile q in [0, 1] of an ascending-sorted array; NaN when it is empty. */
    public static double sorted(double[] sorted, double q) {
        if (sorted.length == 0) return Double.NaN;
        double h = (sorted.length - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    /** Quantile of unsorted values. */
    public static double of(double[] values, double q) {
        double[] s = values.clone();
        Arrays.sort(s);
        return sorted(s, q);
    }

    /** Quantile ignoring NaN, like {@code numpy.nanpercentile}; NaN when no value is finite. */
    public static double ignoringNaN(double[] values, double q) {
        return sorted(Arrays.stream(values).filter(d -> !Double.isNaN(d)).sorted().toArray(), q);
    }
}
