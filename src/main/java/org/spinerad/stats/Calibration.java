package org.spinerad.stats;

import java.util.Arrays;

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
     * Smoothed calibration curve: R's {@code lowess(p, y, f = 2/3, iter = 0, delta = 0)} (Cleveland's locally weighted
     * linear regression with tricube weights over the nearest f·n points). Returns {distinct predictions in increasing
     * order, smoothed observed proportion clipped to [0, 1]}, or null with fewer than 5 distinct predictions.
     */
    public static double[][] lowessCurve(double[] p, int[] y) {
        check(p, y);
        int n = p.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(p[a], p[b]));
        double[] x = new double[n], yy = new double[n];
        for (int i = 0; i < n; i++) { x[i] = p[order[i]]; yy[i] = y[order[i]]; }
        if (Arrays.stream(x).distinct().count() < 5) return null;
        double[] fit = lowess(x, yy, 2.0 / 3);
        double[] ux = Arrays.stream(x).distinct().toArray(), uy = new double[ux.length];
        for (int i = 0, k = 0; i < n; i++) if (i == 0 || x[i] != x[i - 1]) uy[k++] = Math.max(0, Math.min(1, fit[i]));
        return new double[][]{ux, uy};
    }

    /** Cleveland's lowess without robustness iterations (R's clowess with iter = 0, delta = 0) on x sorted increasingly. */
    static double[] lowess(double[] x, double[] y, double f) {
        int n = x.length, ns = Math.max(2, Math.min(n, (int) (f * n + 1e-7)));
        double range = x[n - 1] - x[0];
        double[] ys = new double[n], w = new double[n];
        int left = 0, right = ns - 1, last = -1;
        for (int i = 0; i < n; i++) {
            if (last >= 0 && x[i] == x[last]) { ys[i] = ys[last]; last = i; continue; }
            while (right < n - 1 && x[i] - x[left] > x[right + 1] - x[i]) { left++; right++; }
            double h = Math.max(x[i] - x[left], x[right] - x[i]), h9 = 0.999 * h, h1 = 0.001 * h, a = 0;
            int j = left, end = left;
            for (; j < n; j++) {
                w[j] = 0;
                double r = Math.abs(x[j] - x[i]);
                if (r <= h9) {
                    w[j] = r <= h1 ? 1 : Math.pow(1 - Math.pow(r / h, 3), 3);
                    a += w[j];
                } else if (x[j] > x[i]) break;
            }
            end = j - 1;
            if (a <= 0) ys[i] = y[i];
            else {
                for (j = left; j <= end; j++) w[j] /= a;
                if (h > 0) {
                    a = 0;
                    for (j = left; j <= end; j++) a += w[j] * x[j];
                    double b = x[i] - a, c = 0;
                    for (j = left; j <= end; j++) c += w[j] * (x[j] - a) * (x[j] - a);
                    if (Math.sqrt(c) > 0.001 * range) {
                        b /= c;
                        for (j = left; j <= end; j++) w[j] *= b * (x[j] - a) + 1;
                    }
                }
                double s = 0;
                for (j = left; j <= end; j++) s += w[j] * y[j];
                ys[i] = s;
            }
            last = i;
        }
        return ys;
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
        return new HosmerLemeshow(chi, df, UpperTail.chiSquared(chi, df), groups);
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
