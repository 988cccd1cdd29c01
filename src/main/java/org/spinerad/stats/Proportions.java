package org.spinerad.stats;

import org.apache.commons.math3.distribution.NormalDistribution;

/** Confidence intervals for a binomial proportion. */
public final class Proportions {
    private static final NormalDistribution NORMAL = new NormalDistribution(null, 0, 1);

    private Proportions() {}

    /**
     * Wilson score interval of x successes in n trials, as R's {@code prop.test(x, n, correct = FALSE)$conf.int};
     * NaN bounds and estimate when n = 0.
     */
    public static Roc.Interval wilson(int x, int n, double level) {
        if (n == 0) return new Roc.Interval(Double.NaN, Double.NaN, Double.NaN);
        double z = NORMAL.inverseCumulativeProbability(0.5 + level / 2), p = (double) x / n, z2 = z * z;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = z / (1 + z2 / n) * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        return new Roc.Interval(Math.max(0, centre - half), p, Math.min(1, centre + half));
    }
}
