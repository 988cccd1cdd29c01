package org.spinerad.predict;

import org.spinerad.stats.Calibration;
import org.spinerad.stats.DecisionCurve;
import org.spinerad.stats.Plots;
import org.spinerad.stats.Roc;
import org.spinerad.util.Csv;
import org.spinerad.util.SpineRadException;
import org.spinerad.util.Version;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the plots (PNG and SVG) of a risk analysis and one self-contained HTML report that inlines the SVG plots
 * and every CSV table of the run folder.
 */
public final class RiskReport {
    private RiskReport() {}

    public static Path write(RiskAnalysis.Result r, Path dir) {
        StringBuilder plots = new StringBuilder();
        for (String cohort : RiskAnalysis.COHORTS) {
            int[] y = r.outcome(cohort);
            if (y.length == 0 || !Evaluation.bothClasses(y)) continue;
            Map<String, Roc> rocs = new LinkedHashMap<>();
            Map<String, Calibration.Curve> cal = new LinkedHashMap<>();
            Map<String, DecisionCurve.Curve> dca = new LinkedHashMap<>();
            for (RiskAnalysis.SignatureResult s : Evaluation.models(r)) {
                double[] p = s.scores().get(cohort);
                rocs.put(s.name(), new Roc(p, y));
                cal.put(s.name(), Calibration.curve(p, y, Math.min(10, Math.max(2, y.length / 10))));
                dca.put(s.name(), DecisionCurve.curve(p, y, DecisionCurve.thresholds(0.01, 0.99, 0.01)));
            }
            plots.append("<h3>").append(cohort).append(" cohort</h3>\n");
            plots.append(both(dir, "roc_" + cohort, f -> Plots.roc(rocs, f)));
            plots.append(both(dir, "calibration_" + cohort, f -> Plots.calibration(cal, f)));
            plots.append(both(dir, "decision_curve_" + cohort, f -> Plots.decisionCurve(dca, f)));
        }
        for (RiskAnalysis.SignatureResult s : r.signatures()) {
            LassoCV.Result l = s.selection().lasso();
            if (l != null) {
                double[] logLambda = new double[l.lambdas().length];
                for (int i = 0; i < logLambda.length; i++) logLambda[i] = Math.log10(l.lambdas()[i]);
                Map<String, double[][]> cv = new LinkedHashMap<>();
                cv.put("mean CV deviance", new double[][]{logLambda, l.cvMean()});
                plots.append(both(dir, "lasso_cv_" + s.name(), f -> Plots.lines(s.name() + ": LASSO " + (l.best() >= 0
                        ? "CV curve (chosen log10 lambda " + String.format(java.util.Locale.ROOT, "%.3f", logLambda[l.best()]) + ")" : ""),
                        "log10(lambda)", "CV deviance", cv, f)));
                List<String> names = s.selection().steps().get(s.selection().steps().size() - 1).inputFeatures();
                Map<String, double[][]> path = new LinkedHashMap<>();
                for (int j = 0; j < names.size(); j++) {
                    double[] b = new double[logLambda.length];
                    for (int i = 0; i < b.length; i++) b[i] = l.coefficientPath()[i][j];
                    path.put(names.get(j), new double[][]{logLambda, b});
                }
                plots.append(both(dir, "lasso_path_" + s.name(), f -> Plots.lines(s.name() + ": LASSO coefficient paths",
                        "log10(lambda)", "coefficient", path, f)));
            }
            Map<String, Double> coef = s.selection().coefficients();
            if (coef.isEmpty()) continue;
            String[] names = coef.keySet().toArray(String[]::new);
            double[] values = coef.values().stream().mapToDouble(Double::doubleValue).toArray();
            plots.append(both(dir, "feature_importance_" + s.name(),
                    f -> Plots.bars(s.name() + ": LASSO coefficients of selected features", names, values, f)));
        }
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>SpineRad risk analysis</title><style>")
                .append("body{font-family:sans-serif;margin:2em;max-width:1200px}table{border-collapse:collapse;margin:1em 0;font-size:0.85em}")
                .append("td,th{border:1px solid #bbb;padding:2px 6px;text-align:right}th{background:#eee}svg{max-width:100%;height:auto}")
                .append("figure{display:inline-block;width:32%;margin:0.3%;vertical-align:top}</style></head><body>\n")
                .append("<h1>SpineRad risk analysis</h1><p>SpineRad ").append(esc(Version.get())).append(". Signatures: ");
        for (RiskAnalysis.SignatureResult s : Evaluation.models(r))
            html.append(esc(s.name())).append(" (best classifier ").append(esc(s.bestLearner())).append(") ");
        html.append("</p>\n<h2>Plots</h2>\n").append(plots).append("<h2>Tables</h2>\n");
        try (var files = Files.list(dir)) {
            for (Path csv : files.filter(f -> f.toString().endsWith(".csv")).sorted(java.util.Comparator
                    .comparingInt(RiskReport::tableRank).thenComparing(Path::toString)).toList())
                html.append("<h3>").append(esc(csv.getFileName().toString())).append("</h3>\n").append(table(Csv.read(csv)));
        } catch (IOException e) {
            throw new SpineRadException(dir + ": cannot list the run folder: " + e.getMessage(), e);
        }
        html.append("</body></html>\n");
        Path report = dir.resolve("report.html");
        try {
            Files.writeString(report, html, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SpineRadException(report + ": cannot write report: " + e.getMessage(), e);
        }
        return report;
    }

    private interface Plotter { void plot(Path file); }

    /** Writes a plot as PNG and SVG and returns an HTML figure inlining the SVG. */
    private static String both(Path dir, String name, Plotter p) {
        Path svg = dir.resolve(name + ".svg");
        p.plot(dir.resolve(name + ".png"));
        p.plot(svg);
        try {
            String s = Files.readString(svg, StandardCharsets.UTF_8).replaceFirst("^<\\?xml[^>]*>", "");
            return "<figure>" + s + "<figcaption>" + esc(name) + "</figcaption></figure>\n";
        } catch (IOException e) {
            throw new SpineRadException(svg + ": " + e.getMessage(), e);
        }
    }

    /** Headline tables first: performance, classifier comparison, DeLong tests, clinical screening, selected features. */
    private static int tableRank(Path csv) {
        String n = csv.getFileName().toString();
        String[] order = {"performance", "comparison_", "delong", "model_vs_rater", "nested_cv", "clinical_screening", "selected_features"};
        for (int i = 0; i < order.length; i++) if (n.startsWith(order[i])) return i;
        return order.length;
    }

    static String table(Csv csv) {
        StringBuilder sb = new StringBuilder("<table><tr>");
        for (String h : csv.header()) sb.append("<th>").append(esc(h)).append("</th>");
        sb.append("</tr>\n");
        int shown = Math.min(csv.rowCount(), 200);
        for (int r = 0; r < shown; r++) {
            sb.append("<tr>");
            for (int c = 0; c < csv.header().size(); c++) sb.append("<td>").append(esc(shorten(csv.cell(r, c)))).append("</td>");
            sb.append("</tr>\n");
        }
        sb.append("</table>");
        if (shown < csv.rowCount()) sb.append("<p>(").append(csv.rowCount() - shown).append(" more rows in the CSV)</p>");
        return sb.append('\n').toString();
    }

    private static String shorten(String s) {
        try {
            double v = Double.parseDouble(s);
            return v == Math.rint(v) && Math.abs(v) < 1e9 ? s.replaceAll("\\.0$", "") : String.format(java.util.Locale.ROOT, "%.4g", v);
        } catch (NumberFormatException e) {
            return s;
        }
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

}
