package org.spinerad.stats;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.spinerad.util.SpineRadException;

/** Two- and k-group hypothesis tests with R's conventions (two-sided p-values). */
public final class GroupTests {
    private static final NormalDistribution NORMAL = new NormalDistribution(null, 0, 1);

    private GroupTests() {}

    /** A test statistic with its degrees of freedom (NaN when not applicable) and p-value. */
    public record Result(String test, double statistic, double df1, double df2, double pValue) {}

    // ---------------------------------------------------------------- parametric

    /** Student (pooled variance) or Welch t-test, as R t.test(var.equal = !welch). */
    public static Result tTest(double[] a, double[] b, boolean welch) {
        check("t-test group 1", a, 2);
        check("t-test group 2", b, 2);
        double ma = mean(a), mb = mean(b), va = variance(a, ma), vb = variance(b, mb);
        int na = a.length, nb = b.length;
        double se, df;
        if (welch) {
            double sa = va / na, sb = vb / nb;
            se = Math.sqrt(sa + sb);
            df = (sa + sb) * (sa + sb) / (sa * sa / (na - 1) + sb * sb / (nb - 1));
        } else {
            df = na + nb - 2;
            double pooled = ((na - 1) * va + (nb - 1) * vb) / df;
            se = Math.sqrt(pooled * (1.0 / na + 1.0 / nb));
        }
        if (se == 0) throw new SpineRadException("t-test: both groups are constant");
        double t = (ma - mb) / se;
        double p = 2 * new TDistribution(null, df).cumulativeProbability(-Math.abs(t));
        return new Result(welch ? "Welch t-test" : "Student t-test", t, df, Double.NaN, p);
    }

    /** One-way ANOVA F test (equal variances), as R oneway.test(var.equal=TRUE) / anova(lm). */
    public static Result anova(double[]... groups) {
        if (groups.length < 2) throw new SpineRadException("ANOVA: needs at least 2 groups, got " + groups.length);
        int n = 0;
        double grand = 0;
        for (int g = 0; g < groups.length; g++) {
            check("ANOVA group " + (g + 1), groups[g], 1);
            n += groups[g].length;
            for (double v : groups[g]) grand += v;
        }
        grand /= n;
        double between = 0, within = 0;
        for (double[] g : groups) {
            double m = mean(g);
            between += g.length * (m - grand) * (m - grand);
            for (double v : g) within += (v - m) * (v - m);
        }
        int df1 = groups.length - 1, df2 = n - groups.length;
        if (df2 < 1) throw new SpineRadException("ANOVA: no residual degrees of freedom (" + n + " values in " + groups.length + " groups)");
        if (within == 0) throw new SpineRadException("ANOVA: all groups are constant");
        double f = (between / df1) / (within / df2);
        return new Result("ANOVA", f, df1, df2, UpperTail.f(f, df1, df2));
    }

    /**
     * Levene's test: ANOVA on absolute deviations from the group median (Brown-Forsythe, R car::leveneTest default)
     * or from the group mean.
     */
    public static Result levene(boolean median, double[]... groups) {
        double[][] dev = new double[groups.length][];
        for (int g = 0; g < groups.length; g++) {
            check("Levene group " + (g + 1), groups[g], 1);
            double c = median ? Quantiles.of(groups[g], 0.5) : mean(groups[g]);
            dev[g] = new double[groups[g].length];
            for (int i = 0; i < dev[g].length; i++) dev[g][i] = Math.abs(groups[g][i] - c);
        }
        Result r = anova(dev);
        return new Result(median ? "Levene (median)" : "Levene (mean)", r.statistic, r.df1, r.df2, r.pValue);
    }

    // ---------------------------------------------------------------- rank tests

    /**
     * Wilcoxon-Mann-Whitney test with normal approximation, continuity and tie correction, as R
     * wilcox.test(a, b, exact=FALSE, correct=TRUE). The statistic is W = U of the first group.
     */
    public static Result mannWhitney(double[] a, double[] b) {
        check("Mann-Whitney group 1", a, 1);
        check("Mann-Whitney group 2", b, 1);
        int na = a.length, nb = b.length, n = na + nb;
        double[] all = new double[n];
        System.arraycopy(a, 0, all, 0, na);
        System.arraycopy(b, 0, all, na, nb);
        Ranks r = Ranks.of(all);
        double rankSum = 0;
        for (int i = 0; i < na; i++) rankSum += r.ranks[i];
        double w = rankSum - na * (na + 1) / 2.0;
        double z = w - na * (double) nb / 2;
        double sigma = Math.sqrt(na * (double) nb / 12 * ((n + 1) - r.tieSum / ((double) n * (n - 1))));
        if (sigma == 0) throw new SpineRadException("Mann-Whitney: all values are identical");
        z = (z - Math.signum(z) * 0.5) / sigma;
        double p = 2 * Math.min(NORMAL.cumulativeProbability(z), NORMAL.cumulativeProbability(-z));
        return new Result("Mann-Whitney U", w, Double.NaN, Double.NaN, Math.min(1, p));
    }

    /** Kruskal-Wallis rank sum test with tie correction, as R kruskal.test. */
    public static Result kruskalWallis(double[]... groups) {
        if (groups.length < 2) throw new SpineRadException("Kruskal-Wallis: needs at least 2 groups, got " + groups.length);
        int n = 0;
        for (int g = 0; g < groups.length; g++) {
            check("Kruskal-Wallis group " + (g + 1), groups[g], 1);
            n += groups[g].length;
        }
        double[] all = new double[n];
        for (int g = 0, o = 0; g < groups.length; o += groups[g].length, g++)
            System.arraycopy(groups[g], 0, all, o, groups[g].length);
        Ranks r = Ranks.of(all);
        double h = 0;
        for (int g = 0, o = 0; g < groups.length; o += groups[g].length, g++) {
            double s = 0;
            for (int i = 0; i < groups[g].length; i++) s += r.ranks[o + i];
            h += s * s / groups[g].length;
        }
        double denom = 1 - r.tieSum / ((double) n * n * n - n);
        if (denom == 0) throw new SpineRadException("Kruskal-Wallis: all values are identical");
        h = (12 / ((double) n * (n + 1)) * h - 3 * (n + 1)) / denom;
        int df = groups.length - 1;
        return new Result("Kruskal-Wallis", h, df, Double.NaN, UpperTail.chiSquared(h, df));
    }

    // ---------------------------------------------------------------- contingency tables

    /** Expected counts under independence. */
    public static double[][] expected(long[][] table) {
        int r = table.length, c = table[0].length;
        double[] rs = new double[r], cs = new double[c];
        double n = 0;
        for (int i = 0; i < r; i++)
            for (int j = 0; j < c; j++) {
                rs[i] += table[i][j];
                cs[j] += table[i][j];
                n += table[i][j];
            }
        double[][] e = new double[r][c];
        for (int i = 0; i < r; i++) for (int j = 0; j < c; j++) e[i][j] = rs[i] * cs[j] / n;
        return e;
    }

    /** Pearson chi-square test of independence; Yates correction on 2x2 tables when {@code yates} (R chisq.test default). */
    public static Result chiSquare(long[][] table, boolean yates) {
        checkTable("chi-square", table);
        double[][] e = expected(table);
        int r = table.length, c = table[0].length;
        boolean correct = yates && r == 2 && c == 2;
        double yatesTerm = Double.POSITIVE_INFINITY;
        if (correct)
            for (int i = 0; i < r; i++) for (int j = 0; j < c; j++) yatesTerm = Math.min(yatesTerm, Math.abs(table[i][j] - e[i][j]));
        double corr = correct ? Math.min(0.5, yatesTerm) : 0, chi = 0;
        for (int i = 0; i < r; i++)
            for (int j = 0; j < c; j++) {
                double d = Math.abs(table[i][j] - e[i][j]) - corr;
                chi += d * d / e[i][j];
            }
        int df = (r - 1) * (c - 1);
        return new Result(correct ? "chi-square (Yates)" : "chi-square", chi, df, Double.NaN,
                UpperTail.chiSquared(chi, df));
    }

    /**
     * Fisher's exact test, two-sided as R fisher.test: sum of the probabilities of all tables with the observed margins
     * that are no more likely than the observed one (relative tolerance 1e-7). Tables of any size are enumerated;
     * the number of tables is capped (error when exceeded).
     */
    public static Result fisher(long[][] table) {
        checkTable("Fisher's exact test", table);
        return FisherExact.test(table);
    }

    // ---------------------------------------------------------------- normality

    /** Shapiro-Wilk normality test, Royston's algorithm AS R94 as R shapiro.test (3 to 5000 values). */
    public static Result shapiroWilk(double[] x) {
        check("Shapiro-Wilk", x, 3);
        if (x.length > 5000) throw new SpineRadException("Shapiro-Wilk: sample size must be at most 5000, got " + x.length);
        double[] w = ShapiroWilk.test(x);
        return new Result("Shapiro-Wilk", w[0], Double.NaN, Double.NaN, w[1]);
    }

    // ---------------------------------------------------------------- helpers

    static double mean(double[] x) {
        double s = 0;
        for (double v : x) s += v;
        return s / x.length;
    }

    static double variance(double[] x, double mean) {
        double s = 0;
        for (double v : x) s += (v - mean) * (v - mean);
        return s / (x.length - 1);
    }

    private static void check(String what, double[] x, int min) {
        StatsInput.minSize(what, x.length, min);
        StatsInput.finite(what, x);
    }

    private static void checkTable(String what, long[][] table) {
        if (table.length < 2 || table[0].length < 2)
            throw new SpineRadException(what + ": table must be at least 2x2");
        long[] rs = new long[table.length], cs = new long[table[0].length];
        for (int i = 0; i < table.length; i++) {
            if (table[i].length != cs.length) throw new SpineRadException(what + ": table rows have different lengths");
            for (int j = 0; j < cs.length; j++) {
                if (table[i][j] < 0) throw new SpineRadException(what + ": negative count in cell (" + (i + 1) + ", " + (j + 1) + ")");
                rs[i] += table[i][j];
                cs[j] += table[i][j];
            }
        }
        for (int i = 0; i < rs.length; i++) if (rs[i] == 0) throw new SpineRadException(what + ": row " + (i + 1) + " of the table is empty");
        for (int j = 0; j < cs.length; j++) if (cs[j] == 0) throw new SpineRadException(what + ": column " + (j + 1) + " of the table is empty");
    }
}
