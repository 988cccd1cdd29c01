package org.spinerad.predict.report;

import org.spinerad.stats.Calibration;
import org.spinerad.stats.DecisionCurve;
import org.spinerad.stats.Plots;
import org.spinerad.stats.Quantiles;
import org.spinerad.stats.Roc;
import org.spinerad.util.Csv;
import org.spinerad.util.SpineRadException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/** The report's numbered figures, each written as PNG and SVG into the run folder and inlined (SVG) with a caption. */
final class Figures {
    static final int ROC_BAND_REPLICATES = 500;
    private final RunFolder run;
    private final long seed;
    private final StringBuilder html = new StringBuilder();
    private int number;
    /** The next figure spans the whole page width (a bar chart with long labels). */
    private boolean wide;

    Figures(RunFolder run, long seed) {
        this.run = run;
        this.seed = seed;
    }

    String html() { return html.isEmpty() ? "" : html + "</div>\n"; }

    int count() { return number; }

    private interface Plotter { void plot(Path file); }

    void cohortFigures() {
        for (String cohort : run.evaluableCohorts()) {
            int[] y = run.outcome(cohort);
            String label = cohort + (cohort.equals("train") ? " (out-of-fold)" : "") + " cohort";
            group((cohort.equals("train") ? "Training" : cohort.equals("validation") ? "Validation" : "Test") + " cohort"
                    + (cohort.equals("train") ? " (out-of-fold predictions)" : ""));
            Map<String, Roc> rocs = new LinkedHashMap<>();
            Map<String, double[][]> bands = new LinkedHashMap<>(), smooth = new LinkedHashMap<>();
            Map<String, Calibration.Curve> bins = new LinkedHashMap<>();
            Map<String, DecisionCurve.Curve> dca = new LinkedHashMap<>();
            List<String> binText = new ArrayList<>();
            for (String m : run.models) {
                double[] p = run.scores(cohort, m);
                rocs.put(m, new Roc(p, y));
                bands.put(m, rocBand(p, y, ROC_BAND_REPLICATES, seed));
                Calibration.Curve c = Calibration.curve(p, y, Math.min(10, Math.max(2, y.length / 10)));
                bins.put(m, c);
                double[][] l = Calibration.lowessCurve(p, y);
                if (l != null) smooth.put(m, l);
                binText.add(m + " " + Arrays.toString(c.count()).replace("[", "").replace("]", ""));
                dca.put(m, DecisionCurve.curve(p, y, DecisionCurve.thresholds(0.01, 0.99, 0.01)));
            }
            int events = RunFolder.events(y);
            add("roc_" + cohort, f -> Plots.roc("ROC curve: " + label, rocs, bands, f), String.format(Locale.ROOT,
                    "ROC curves, %s (n = %d, %d events). Shaded: stratified bootstrap 95%% CI of sensitivity at each "
                            + "1 - specificity (%d replicates).", label, y.length, events, ROC_BAND_REPLICATES));
            add("calibration_" + cohort, f -> Plots.calibration("Calibration: " + label, bins, smooth, f), String.format(Locale.ROOT,
                    "Calibration, %s: lowess-smoothed observed proportion (lines) and quantile bins (squares; patients per "
                            + "bin: %s). Dashed: ideal.", label, String.join("; ", binText)));
            add("decision_curve_" + cohort, f -> Plots.decisionCurve("Decision curve: " + label, dca, f), String.format(Locale.ROOT,
                    "Decision curves, %s: net benefit against threshold probability, with treat-all and treat-none.", label));
        }
    }

    void signatureFigures() {
        for (String m : run.models) {
            Csv cv = run.csv("lasso_cv_" + m + ".csv");
            if (cv != null || run.has("selected_features_" + m + ".csv")) group(m + " selection");
            double chosen = chosenLogLambda(m);
            if (cv != null) {
                double[] x = column(cv, "log10_lambda"), mean = column(cv, "cv_deviance_mean"), sd = column(cv, "cv_deviance_sd");
                int best = 0, top = 0;
                for (int i = 0; i < x.length; i++) {
                    if (mean[i] < mean[best]) best = i;
                    if (x[i] > x[top]) top = i;
                }
                double cap = Math.max(1.5 * mean[top], mean[best] + 2 * sd[best]);
                add("lasso_cv_" + m, f -> Plots.errorBars(m + ": LASSO cross-validation", "log10(lambda)", "CV deviance",
                        "mean ± SD over folds", x, mean, sd, chosen, "chosen", cap, f), m + ": LASSO cross-validation curve — mean CV "
                        + "deviance ± SD over folds per λ (axis cut at 1.5 × the deviance of the most penalised fit); dashed line: the chosen λ" + (Double.isNaN(chosen) ? "" : String.format(Locale.ROOT,
                        " (log10 λ = %.3f)", chosen)) + ".");
            }
            Csv path = run.csv("lasso_path_" + m + ".csv");
            List<String> selected = selectedFeatures(m).keySet().stream().toList();
            if (path != null) {
                double[] x = column(path, "log10_lambda");
                Map<String, double[][]> series = new LinkedHashMap<>();
                List<String> order = new ArrayList<>(selected);
                for (int c = 2; c < path.header().size(); c++) if (!order.contains(path.header().get(c))) order.add(path.header().get(c));
                for (String f : order) if (path.column(f) >= 0) series.put(f, new double[][]{x, column(path, f)});
                add("lasso_path_" + m, f -> Plots.lines(m + ": LASSO coefficient paths", "log10(lambda)", "coefficient", series,
                        chosen, "chosen", selected.size(), f), m + ": LASSO coefficient paths of the " + series.size() + " features entering LASSO; "
                        + "legend: the selected ones (up to 8); dashed line: the chosen λ.");
            }
            Map<String, Double> coef = selectedFeatures(m);
            if (!coef.isEmpty()) {
                List<Map.Entry<String, Double>> sorted = new ArrayList<>(coef.entrySet());
                sorted.sort(Comparator.comparingDouble((Map.Entry<String, Double> e) -> -Math.abs(e.getValue())));
                String[] names = sorted.stream().map(Map.Entry::getKey).toArray(String[]::new);
                double[] values = sorted.stream().mapToDouble(Map.Entry::getValue).toArray();
                wide = true;
                add("feature_importance_" + m, f -> Plots.bars(m + ": LASSO coefficients", names, values, f),
                        m + ": LASSO coefficients of the selected features (on the scaled features), by absolute size.");
            }
        }
    }

    /** Selected features of a signature with their LASSO coefficients, from selected_features_&lt;sig&gt;.csv. */
    Map<String, Double> selectedFeatures(String model) {
        Map<String, Double> out = new LinkedHashMap<>();
        Csv s = run.csv("selected_features_" + model + ".csv");
        if (s == null) return out;
        for (int r = 0; r < s.rowCount(); r++)
            if (!s.cell(r, 0).startsWith("(")) out.put(s.cell(r, 0), Csv.parseNum(s.cell(r, 1), "selected_features_" + model + ".csv"));
        return out;
    }

    private double chosenLogLambda(String model) {
        Csv s = run.csv("selected_features_" + model + ".csv");
        if (s == null) return Double.NaN;
        for (int r = 0; r < s.rowCount(); r++)
            if (s.cell(r, 0).equals("(lambda)")) return Math.log10(Csv.parseNum(s.cell(r, 1), "selected_features_" + model + ".csv"));
        return Double.NaN;
    }

    private static double[] column(Csv t, String name) {
        int c = t.requireColumn(name, name);
        double[] v = new double[t.rowCount()];
        for (int r = 0; r < v.length; r++) v[r] = Csv.parseNum(t.cell(r, c), name);
        return v;
    }

    /**
     * Bootstrap band of a ROC curve: cases and controls resampled separately; at each 1 - specificity of a 0.02 grid the
     * best sensitivity reached, 2.5% and 97.5% percentiles over replicates. Returns {fpr grid, lower, upper}.
     */
    static double[][] rocBand(double[] p, int[] y, int replicates, long seed) {
        int[] cases = java.util.stream.IntStream.range(0, y.length).filter(i -> y[i] == 1).toArray();
        int[] controls = java.util.stream.IntStream.range(0, y.length).filter(i -> y[i] == 0).toArray();
        int g = 51;
        double[] fpr = new double[g];
        for (int k = 0; k < g; k++) fpr[k] = k / (g - 1.0);
        double[][] sens = new double[g][replicates];
        SplittableRandom rng = new SplittableRandom(seed);
        double[] bp = new double[y.length];
        int[] by = new int[y.length];
        for (int b = 0; b < replicates; b++) {
            int i = 0;
            for (int k = 0; k < cases.length; k++, i++) { bp[i] = p[cases[rng.nextInt(cases.length)]]; by[i] = 1; }
            for (int k = 0; k < controls.length; k++, i++) { bp[i] = p[controls[rng.nextInt(controls.length)]]; by[i] = 0; }
            Roc.Curve c = new Roc(bp, by).curve();
            for (int k = 0; k < g; k++) {
                double best = 0;
                for (int t = 0; t < c.thresholds().length; t++)
                    if (1 - c.specificity()[t] <= fpr[k] + 1e-12) best = Math.max(best, c.sensitivity()[t]);
                sens[k][b] = best;
            }
        }
        double[] lo = new double[g], hi = new double[g];
        for (int k = 0; k < g; k++) {
            Arrays.sort(sens[k]);
            lo[k] = Quantiles.sorted(sens[k], 0.025);
            hi[k] = Quantiles.sorted(sens[k], 0.975);
        }
        return new double[][]{fpr, lo, hi};
    }

    /** Starts a titled group of figures (a cohort, a signature). */
    private void group(String title) {
        if (!html.isEmpty()) html.append("</div>\n");
        html.append("<h3>").append(RiskReport.esc(title)).append("</h3><div class=\"figs\">\n");
    }

    private void add(String name, Plotter p, String caption) {
        Path svg = run.dir.resolve(name + ".svg");
        p.plot(run.dir.resolve(name + ".png"));
        p.plot(svg);
        String s;
        try {
            s = Files.readString(svg, StandardCharsets.UTF_8).replaceFirst("^<\\?xml[^>]*>", "");
        } catch (IOException e) {
            throw new SpineRadException(svg + ": " + e.getMessage(), e);
        }
        number++;
        html.append("<figure id=\"fig").append(number).append(wide ? "\" class=\"wide\">" : "\">").append(s).append("<figcaption><b>Figure ").append(number)
                .append(".</b> ").append(RiskReport.esc(caption)).append(" <a href=\"").append(name).append(".png\">PNG</a> · <a href=\"")
                .append(name).append(".svg\">SVG</a></figcaption></figure>\n");
        wide = false;
    }
}
