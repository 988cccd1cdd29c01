package org.spinerad.stats;

import java.util.Arrays;

import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.spinerad.util.SpineRadException;

/** Calibration of predicted probabilities against a binary outcome. */
public final class Calibration {
    private Calibration() {}

    /** Per bin: mean predicted probability, observed event rate and count. */
    public record Curve(double[] meanPredicted, double[] observed, int[] count) {}

    public record HosmerLemeshow(double statistic, int df, double pValue, int groups) {}

    /**
     * Intercept and slope of the logistic recalibration model y ~ logit(p) (ideal: 0 and 1), and calibration-in-the-large:
     * the intercept of y ~ 1 + offset(logit(p)) (ideal: 0).
     */
    public record InterceptSlope(double intercept, double slope, double inTheLarge, LogisticRegression.Fit fit) {}

    private static int check(double[] p, int[] y) {
        int pos = StatsInput.scoresAndOutcome("calibration", p, y);
        for (int i = 0; i < p.length; i++)
            if (p[i] < 0 || p[i] > 1)
                throw new SpineRadException("calibration: predicted probability at row " + (i + 1) + " is " + p[i] + " (outside [0, 1])");
        return pos;
    }

    /** Mean squared difference between predicted probability and outcome. */
    public static double brier(double[] p, int[] y) {
        check(p, y);
        double s = 0;
        for (int i = 0; i < p.length; i++) s += (p[i] - y[i]) * (p[i] - y[i]);
        return s / p.length;
    }

    /**
     * Group index per observation by quantiles of p, as {@code cut(p, quantile(p, 0:g/g), include.lowest=TRUE)}:
     * right-closed intervals, duplicate breaks merged (so fewer than g groups when p has many ties).
     */
    static int[] quantileGroups(double[] p, int g, int[] groupCount) {
        double[] sorted = p.clone();
        Arrays.sort(sorted);
        double[] breaks = new double[g + 1];
        int nb = 0;
        for (int k = 0; k <= g; k++) {
            double q = Quantiles.sorted(sorted, (double) k / g);
            if (nb == 0 || q > breaks[nb - 1]) breaks[nb++] = q;
        }
        int groups = Math.max(1, nb - 1);
        int[] group = new int[p.length];
        for (int i = 0; i < p.length; i++) {
            int k = 0;
            while (k < groups - 1 && p[i] > breaks[k + 1]) k++;
            group[i] = k;
        }
        groupCount[0] = groups;
        return group;
    }

    /** Calibration curve with {@code bins} quantile bins of the predicted probability. */
    public static Curve curve(double[] p, int[] y, int bins) {
        check(p, y);
        int[] gc = new int[1];
        int[] group = quantileGroups(p, bins, gc);
        double[] sumP = new double[gc[0]], sumY = new double[gc[0]];
        int[] count = new int[gc[0]];
        for (int i = 0; i < p.length; i++) {
            sumP[group[i]] += p[i];
            sumY[group[i]] += y[i];
            count[group[i]]++;
        }
        for (int k = 0; k < count.length; k++) {
            sumP[k] /= count[k];
            sumY[k] /= count[k];
        }
        return new Curve(sumP, sumY, count);
    }

    /**
     * Smoothed calibration curve: local linear regression of the outcome on the predicted probability (commons-math
     * loess, span 2/3 as R's lowess, no robustness iterations), tied predictions pooled with their count as weight.
     * Returns {distinct predictions, smoothed observed proportion clipped to [0, 1]}, or null with fewer than 5 distinct
     * predictions (too few to smooth).
     */
    public static double[][] loess(double[] p, int[] y) {
        check(p, y);
        java.util.TreeMap<Double, double[]> pooled = new java.util.TreeMap<>();
        for (int i = 0; i < p.length; i++) {
            double[] s = pooled.computeIfAbsent(p[i], k -> new double[2]);
            s[0] += y[i];
            s[1]++;
        }
        int n = pooled.size();
        if (n < 5) return null;
        double[] x = new double[n], obs = new double[n], w = new double[n];
        int k = 0;
        for (var e : pooled.entrySet()) {
            x[k] = e.getKey();
            obs[k] = e.getValue()[0] / e.getValue()[1];
            w[k++] = e.getValue()[1];
        }
        double[] fit = new org.apache.commons.math3.analysis.interpolation.LoessInterpolator(Math.max(2.0 / 3, 3.0 / n), 0)
                .smooth(x, obs, w);
        for (int i = 0; i < n; i++) fit[i] = Double.isFinite(fit[i]) ? Math.max(0, Math.min(1, fit[i])) : Double.NaN;
        return new double[][]{x, fit};
    }

    /**
     * Hosmer-Lemeshow goodness of fit as ResourceSelection::hoslem.test: quantile groups of p, statistic
     * sum((O - E)^2 / E) over events and non-events, chi-square with (groups - 2) df.
     */
    public static HosmerLemeshow hosmerLemeshow(double[] p, int[] y, int g) {
        check(p, y);
        int[] gc = new int[1];
        int[] group = quantileGroups(p, g, gc);
        int groups = gc[0];
        if (groups < 3) throw new SpineRadException("Hosmer-Lemeshow: predicted probabilities form only " + groups + " distinct groups");
        double[] o1 = new double[groups], e1 = new double[groups], o0 = new double[groups], e0 = new double[groups];
        for (int i = 0; i < p.length; i++) {
            int k = group[i];
            o1[k] += y[i];
            o0[k] += 1 - y[i];
            e1[k] += p[i];
            e0[k] += 1 - p[i];
        }
        double chi = 0;
        for (int k = 0; k < groups; k++)
            chi += (o1[k] - e1[k]) * (o1[k] - e1[k]) / e1[k] + (o0[k] - e0[k]) * (o0[k] - e0[k]) / e0[k];
        int df = groups - 2;
        return new HosmerLemeshow(chi, df, 1 - new ChiSquaredDistribution(null, df).cumulativeProbability(chi), groups);
    }

    /** Logistic recalibration y ~ logit(p); probabilities are clipped to [1e-12, 1 - 1e-12] before the logit. */
    public static InterceptSlope interceptSlope(double[] p, int[] y) {
        check(p, y);
        double[] lp = new double[p.length];
        for (int i = 0; i < p.length; i++) lp[i] = LogisticRegression.logit(Math.min(1 - 1e-12, Math.max(1e-12, p[i])));
        LogisticRegression.Fit fit = LogisticRegression.fit(lp, y, "logit(p)");
        LogisticRegression.Fit citl = LogisticRegression.fit(new double[0][], lp, y, new String[0]);
        return new InterceptSlope(fit.coefficients()[0], fit.coefficients()[1], citl.coefficients()[0], fit);
    }
}
