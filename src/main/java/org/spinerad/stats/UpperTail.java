package org.spinerad.stats;

import org.apache.commons.math3.special.Beta;
import org.apache.commons.math3.special.Gamma;

/**
 * Upper-tail (survival) probabilities computed directly from the regularised incomplete beta and gamma functions, so
 * small p-values keep their digits instead of becoming 0 as {@code 1 - CDF} does below about 1e-16 (as R's
 * {@code pf(..., lower.tail = FALSE)} and {@code pchisq(..., lower.tail = FALSE)}).
 */
public final class UpperTail {
    private UpperTail() {}

    /** P(F > f) for Fisher's F with (d1, d2) degrees of freedom: I_{d2/(d2 + d1 f)}(d2/2, d1/2). */
    public static double f(double f, double d1, double d2) {
        if (Double.isNaN(f)) return Double.NaN;
        if (f <= 0) return 1;
        if (Double.isInfinite(f)) return 0;
        return Beta.regularizedBeta(d2 / (d2 + d1 * f), d2 / 2, d1 / 2);
    }

    /** P(X > x) for chi-squared with df degrees of freedom: Q(df/2, x/2). */
    public static double chiSquared(double x, double df) {
        if (Double.isNaN(x)) return Double.NaN;
        if (x <= 0) return 1;
        if (Double.isInfinite(x)) return 0;
        return Gamma.regularizedGammaQ(df / 2, x / 2);
    }
}
