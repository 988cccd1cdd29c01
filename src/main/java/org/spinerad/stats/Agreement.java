package org.spinerad.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import org.apache.commons.math3.distribution.FDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.spinerad.util.SpineRadException;

/**
 * Inter-rater agreement: intraclass correlation (Shrout &amp; Fleiss 1979 / McGraw &amp; Wong 1996) with the CIs and F tests
 * of R psych::ICC (identical to irr::icc with r0 = 0), and Cohen's kappa with the large-sample variance of Fleiss,
 * Cohen &amp; Everitt (1969) as vcd::Kappa (equal to psych::cohen.kappa for unweighted kappa; psych's weighted variance
 * deviates from the paper).
 */
public final class Agreement {
    private static final NormalDistribution NORMAL = new NormalDistribution(null, 0, 1);

    private Agreement() {}

    /** ICC forms: one-way ICC(1), two-way agreement ICC(A) (psych ICC2), two-way consistency ICC(C) (psych ICC3). */
    public enum IccForm {
        ICC_1_1("ICC(1,1)"), ICC_A_1("ICC(A,1)"), ICC_C_1("ICC(C,1)"),
        ICC_1_K("ICC(1,k)"), ICC_A_K("ICC(A,k)"), ICC_C_K("ICC(C,k)");

        public final String label;

        IccForm(String label) { this.label = label; }
    }

    /** One ICC form with its F test against 0 and confidence interval. */
    public record Icc(IccForm form, double value, double f, double df1, double df2, double pValue, double lower, double upper) {}

    /** All six ICC forms from a two-way ANOVA of the ratings. */
    public record IccTable(int subjects, int raters, double msRows, double msCols, double msError, double msWithin, List<Icc> forms) {
        public Icc get(IccForm form) { return forms.get(form.ordinal()); }
    }

    /**
     * ICCs of {@code ratings[subject][rater]} (complete data) at confidence {@code level} (e.g. 0.95).
     * Needs at least 2 subjects and 2 raters and some variation.
     */
    public static IccTable icc(double[][] ratings, double level) {
        int n = ratings.length;
        if (n < 2) throw new SpineRadException("ICC: needs at least 2 subjects, got " + n);
        int k = ratings[0].length;
        if (k < 2) throw new SpineRadException("ICC: needs at least 2 raters, got " + k);
        double grand = 0;
        double[] rowMean = new double[n], colMean = new double[k];
        for (int i = 0; i < n; i++) {
            if (ratings[i].length != k) throw new SpineRadException("ICC: subject " + (i + 1) + " has " + ratings[i].length + " ratings, expected " + k);
            for (int j = 0; j < k; j++) {
                double v = ratings[i][j];
                if (!Double.isFinite(v)) throw new SpineRadException("ICC: rating of subject " + (i + 1) + ", rater " + (j + 1) + " is " + v);
                rowMean[i] += v / k;
                colMean[j] += v / n;
                grand += v;
            }
        }
        grand /= (double) n * k;
        double ssRows = 0, ssCols = 0, ssTotal = 0;
        for (double m : rowMean) ssRows += k * (m - grand) * (m - grand);
        for (double m : colMean) ssCols += n * (m - grand) * (m - grand);
        for (double[] row : ratings) for (double v : row) ssTotal += (v - grand) * (v - grand);
        if (ssTotal == 0) throw new SpineRadException("ICC: all ratings are identical (constant)");
        double ssError = Math.max(0, ssTotal - ssRows - ssCols);
        double msr = ssRows / (n - 1), msc = ssCols / (k - 1), mse = ssError / ((n - 1.0) * (k - 1));
        double msw = (ssCols + ssError) / (n * (k - 1.0));
        double alpha = 1 - level;

        double icc1 = (msr - msw) / (msr + (k - 1) * msw);
        double icc2 = (msr - mse) / (msr + (k - 1) * mse + k * (msc - mse) / n);
        double icc3 = (msr - mse) / (msr + (k - 1) * mse);
        double icc1k = (msr - msw) / msr, icc2k = (msr - mse) / (msr + (msc - mse) / n), icc3k = (msr - mse) / msr;

        double f1 = msr / msw, df1n = n - 1, df1d = n * (k - 1.0);
        double f3 = msr / mse, df3n = n - 1, df3d = (n - 1.0) * (k - 1);
        double p1 = upperF(f1, df1n, df1d), p3 = upperF(f3, df3n, df3d);

        double f1l = f1 / qF(1 - alpha / 2, df1n, df1d), f1u = f1 * qF(1 - alpha / 2, df1d, df1n);
        double f3l = f3 / qF(1 - alpha / 2, df3n, df3d), f3u = f3 * qF(1 - alpha / 2, df3d, df3n);
        // ICC(A,1): Satterthwaite degrees of freedom (McGraw & Wong 1996, case 2A)
        double fj = msc / mse;
        double vn = (k - 1) * (n - 1) * sq(k * icc2 * fj + n * (1 + (k - 1) * icc2) - k * icc2);
        double vd = (n - 1) * sq(k * icc2 * fj) + sq(n * (1 + (k - 1) * icc2) - k * icc2);
        double v = vn / vd;
        double fu = qF(1 - alpha / 2, n - 1, v), fl = qF(1 - alpha / 2, v, n - 1);
        double denomA = k * msc + (k * n - k - n) * mse;
        double l2 = n * (msr - fu * mse) / (fu * denomA + n * msr);
        double u2 = n * (fl * msr - mse) / (denomA + n * fl * msr);

        List<Icc> forms = new ArrayList<>(6);
        forms.add(new Icc(IccForm.ICC_1_1, icc1, f1, df1n, df1d, p1, (f1l - 1) / (f1l + k - 1), (f1u - 1) / (f1u + k - 1)));
        forms.add(new Icc(IccForm.ICC_A_1, icc2, f3, df3n, df3d, p3, l2, u2));
        forms.add(new Icc(IccForm.ICC_C_1, icc3, f3, df3n, df3d, p3, (f3l - 1) / (f3l + k - 1), (f3u - 1) / (f3u + k - 1)));
        forms.add(new Icc(IccForm.ICC_1_K, icc1k, f1, df1n, df1d, p1, 1 - 1 / f1l, 1 - 1 / f1u));
        forms.add(new Icc(IccForm.ICC_A_K, icc2k, f3, df3n, df3d, p3, l2 * k / (1 + l2 * (k - 1)), u2 * k / (1 + u2 * (k - 1))));
        forms.add(new Icc(IccForm.ICC_C_K, icc3k, f3, df3n, df3d, p3, 1 - 1 / f3l, 1 - 1 / f3u));
        return new IccTable(n, k, msr, msc, mse, msw, forms);
    }

    private static double sq(double x) { return x * x; }

    private static double upperF(double f, double d1, double d2) {
        return UpperTail.f(f, d1, d2);
    }

    private static double qF(double p, double d1, double d2) {
        return new FDistribution(null, d1, d2, 1e-14).inverseCumulativeProbability(p);
    }

    // ---------------------------------------------------------------- Cohen's kappa

    public enum KappaWeights { UNWEIGHTED, LINEAR, QUADRATIC }

    /**
     * Kappa with its large-sample standard error and CI (Fleiss, Cohen &amp; Everitt 1969), and the test of kappa = 0:
     * z = kappa / seNull with the standard error under independence, as irr::kappa2 and statsmodels cohens_kappa.
     */
    public record Kappa(KappaWeights weights, double kappa, double se, double lower, double upper, double seNull, double z,
                        double pValue, int n, List<String> categories) {}

    /**
     * Cohen's kappa of two raters' categorical ratings (strings; the category order for weighting is numeric when all
     * categories are numbers, else lexical). Agreement weights: linear 1 - |i-j|/(c-1), quadratic 1 - (i-j)^2/(c-1)^2.
     * The CI is kappa &plusmn; z SE (not clipped).
     */
    public static Kappa kappa(String[] rater1, String[] rater2, KappaWeights weights, double level) {
        StatsInput.sameLength("kappa (rater 1 vs rater 2)", rater1.length, rater2.length);
        if (rater1.length < 2) throw new SpineRadException("kappa: needs at least 2 rated subjects, got " + rater1.length);
        List<String> cats = categories(rater1, rater2);
        int c = cats.size();
        if (c < 2) throw new SpineRadException("kappa: only one category ('" + cats.get(0) + "') used by both raters");
        double[][] p = new double[c][c];
        int n = rater1.length;
        for (int i = 0; i < n; i++) p[cats.indexOf(rater1[i].trim())][cats.indexOf(rater2[i].trim())] += 1.0 / n;
        double[][] w = new double[c][c];
        for (int i = 0; i < c; i++)
            for (int j = 0; j < c; j++) {
                double d = Math.abs(i - j) / (c - 1.0);
                w[i][j] = switch (weights) {
                    case UNWEIGHTED -> i == j ? 1 : 0;
                    case LINEAR -> 1 - d;
                    case QUADRATIC -> 1 - d * d;
                };
            }
        double[] rs = new double[c], cs = new double[c];
        for (int i = 0; i < c; i++) for (int j = 0; j < c; j++) { rs[i] += p[i][j]; cs[j] += p[i][j]; }
        double po = 0, pe = 0;
        for (int i = 0; i < c; i++) for (int j = 0; j < c; j++) { po += w[i][j] * p[i][j]; pe += w[i][j] * rs[i] * cs[j]; }
        double kappa = (po - pe) / (1 - pe);
        // Fleiss, Cohen & Everitt (1969): weighted marginal means of the weights
        double[] wRow = new double[c], wCol = new double[c];
        for (int i = 0; i < c; i++) for (int k = 0; k < c; k++) { wRow[i] += w[i][k] * cs[k]; wCol[i] += w[k][i] * rs[k]; }
        double s = 0;
        for (int i = 0; i < c; i++)
            for (int j = 0; j < c; j++) s += p[i][j] * sq(w[i][j] * (1 - pe) - (wRow[i] + wCol[j]) * (1 - po));
        double var = Math.max(0, (s - sq(po * pe - 2 * pe + po)) / (n * Math.pow(1 - pe, 4)));
        // under independence p_ij = p_i. p_.j
        double s0 = 0;
        for (int i = 0; i < c; i++)
            for (int j = 0; j < c; j++) s0 += rs[i] * cs[j] * sq(w[i][j] - (wRow[i] + wCol[j]));
        double seNull = Math.sqrt(Math.max(0, (s0 - pe * pe) / (n * sq(1 - pe))));
        double se = Math.sqrt(var), q = NORMAL.inverseCumulativeProbability(0.5 + level / 2), z = kappa / seNull;
        return new Kappa(weights, kappa, se, kappa - q * se, kappa + q * se, seNull, z,
                2 * NORMAL.cumulativeProbability(-Math.abs(z)), n, cats);
    }

    private static List<String> categories(String[] a, String[] b) {
        boolean numeric = true;
        TreeMap<String, Double> values = new TreeMap<>();
        for (String[] r : new String[][]{a, b})
            for (String s : r) {
                String t = s == null ? "" : s.trim();
                if (t.isEmpty()) throw new SpineRadException("kappa: missing rating");
                double v;
                try { v = Double.parseDouble(t); } catch (NumberFormatException e) { v = Double.NaN; numeric = false; }
                values.put(t, v);
            }
        List<String> cats = new ArrayList<>(values.keySet());
        if (numeric) cats.sort((x, y) -> Double.compare(values.get(x), values.get(y)));
        return cats;
    }
}
