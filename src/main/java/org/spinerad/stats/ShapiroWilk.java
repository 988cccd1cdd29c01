package org.spinerad.stats;

import java.util.Arrays;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.spinerad.util.SpineRadException;

/**
 * Shapiro-Wilk W and p-value by Royston (1995), Algorithm AS R94 (complete samples, 3 &le; n &le; 5000): approximate
 * coefficients from normal scores, W as squared correlation, p-value from Royston's normalising transformation.
 */
final class ShapiroWilk {
    private static final NormalDistribution NORMAL = new NormalDistribution(null, 0, 1);
    private static final double[] C1 = {0, 0.221157, -0.147981, -2.07119, 4.434685, -2.706056};
    private static final double[] C2 = {0, 0.042981, -0.293762, -1.752461, 5.682633, -3.582633};
    private static final double[] C3 = {0.544, -0.39978, 0.025054, -6.714e-4};
    private static final double[] C4 = {1.3822, -0.77857, 0.062767, -0.0020322};
    private static final double[] C5 = {-1.5861, -0.31082, -0.083751, 0.0038915};
    private static final double[] C6 = {-0.4803, -0.082676, 0.0030302};
    private static final double[] G = {-2.273, 0.459};

    private ShapiroWilk() {}

    /** Returns {W, p}. */
    static double[] test(double[] data) {
        double[] x = data.clone();
        Arrays.sort(x);
        int n = x.length, half = n / 2;
        double range = x[n - 1] - x[0];
        if (range == 0) throw new SpineRadException("Shapiro-Wilk: all values are identical");
        double[] a = coefficients(n, half);
        // W = squared correlation between the sorted data and the antisymmetric coefficient vector
        double mean = 0;
        for (double v : x) mean += v / range;
        mean /= n;
        double ssx = 0, sax = 0, ssa = 0;
        for (int i = 0; i < n; i++) {
            int mirror = n - 1 - i;
            double ai = i < mirror ? -a[i] : (i > mirror ? a[mirror] : 0);
            double xi = x[i] / range - mean;
            ssa += ai * ai;
            ssx += xi * xi;
            sax += ai * xi;
        }
        // the coefficient vector has zero mean by antisymmetry
        double root = Math.sqrt(ssa * ssx);
        double w1 = (root - sax) * (root + sax) / (ssa * ssx); // 1 - W without cancellation
        double w = 1 - w1;
        return new double[]{w, pValue(n, w, w1)};
    }

    /** Positive half of the coefficient vector a (a[0] for the extremes). */
    private static double[] coefficients(int n, int half) {
        double[] a = new double[half];
        if (n == 3) {
            a[0] = Math.sqrt(0.5);
            return a;
        }
        double an25 = n + 0.25, summ2 = 0;
        double[] m = new double[half];
        for (int i = 0; i < half; i++) {
            m[i] = NORMAL.inverseCumulativeProbability((i + 1 - 0.375) / an25);
            summ2 += m[i] * m[i];
        }
        summ2 *= 2;
        double ssumm2 = Math.sqrt(summ2), rsn = 1 / Math.sqrt(n);
        double a1 = poly(C1, rsn) - m[0] / ssumm2;
        int first;
        double fac;
        if (n > 5) {
            double a2 = -m[1] / ssumm2 + poly(C2, rsn);
            fac = Math.sqrt((summ2 - 2 * m[0] * m[0] - 2 * m[1] * m[1]) / (1 - 2 * a1 * a1 - 2 * a2 * a2));
            a[1] = a2;
            first = 2;
        } else {
            fac = Math.sqrt((summ2 - 2 * m[0] * m[0]) / (1 - 2 * a1 * a1));
            first = 1;
        }
        a[0] = a1;
        for (int i = first; i < half; i++) a[i] = -m[i] / fac;
        return a;
    }

    private static double pValue(int n, double w, double w1) {
        if (n == 3) return Math.max(0, 6 / Math.PI * (Math.asin(Math.sqrt(w)) - Math.asin(Math.sqrt(0.75))));
        double y = Math.log(w1), mu, sigma;
        if (n <= 11) {
            double gamma = poly(G, n);
            if (y >= gamma) return 1e-99;
            y = -Math.log(gamma - y);
            mu = poly(C3, n);
            sigma = Math.exp(poly(C4, n));
        } else {
            double ln = Math.log(n);
            mu = poly(C5, ln);
            sigma = Math.exp(poly(C6, ln));
        }
        return NORMAL.cumulativeProbability(-(y - mu) / sigma);
    }

    private static double poly(double[] c, double x) {
        double r = 0;
        for (int j = c.length - 1; j >= 0; j--) r = r * x + c[j];
        return r;
    }
}
