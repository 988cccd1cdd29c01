package org.spinerad.stenosis.learn;

import org.spinerad.stats.Agreement;
import org.spinerad.util.Csv;
import org.spinerad.util.SpineRadException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Trains the {@link MeasurementGrader} from a measurement table (rows of {@code spinerad stenosis batch}: patient_id,
 * level, side, measurements) and a {@link GradesTable}, with patient-level k-fold cross-validation (every level of a
 * patient in the same fold); evaluates the out-of-fold grades against the reference and against each rater, and each
 * rater against the others; writes the model and an HTML report with the ROC plot of the binary view.
 */
public final class StenosisTraining {
    private StenosisTraining() {}

    /** @param rocs per task the ROC of the cross-validated binary score (null where one class only) */
    public record Result(MeasurementGrader model, Map<String, GraderEvaluation> evaluations, List<String[]> predictions,
                         List<String[]> agreement, Map<String, org.spinerad.stats.Roc> rocs) {}

    /** A graded level or side joined to its measurements. */
    private record Sample(String patient, String key, boolean central, double[] x, int y) {}

    public static Result run(List<Map<String, String>> measured, String measuredSource, GradesTable grades, String rater,
                             int folds, long seed, int binaryFrom) {
        Map<String, Map<String, String>> byKey = new LinkedHashMap<>();
        for (var r : measured) {
            String p = r.getOrDefault("patient_id", "").trim();
            if (p.isEmpty()) throw new SpineRadException(measuredSource + ": needs a patient_id column (the output of 'spinerad stenosis batch')");
            byKey.put(GradesTable.key(p, r.get("level"), r.get("side")), r);
        }
        List<Sample> samples = new ArrayList<>();
        for (var e : grades.reference(rater).entrySet()) {
            Map<String, String> row = byKey.get(e.getKey());
            String[] k = e.getKey().split("\\|");
            if (row == null)
                throw new SpineRadException(grades.source() + ": patient " + k[0] + " level " + k[1] + " " + k[2]
                        + " is graded but not measured in " + measuredSource);
            boolean central = GradesTable.central(e.getKey());
            samples.add(new Sample(k[0], e.getKey(), central,
                    MeasurementGrader.features(row, central ? MeasurementGrader.CENTRAL_FEATURES : MeasurementGrader.RECESS_FEATURES), e.getValue()));
        }
        List<String> patients = samples.stream().map(Sample::patient).distinct().sorted().toList();
        if (folds < 2 || folds > patients.size())
            throw new SpineRadException("cross-validation needs 2 <= folds <= patients (" + patients.size() + "), got " + folds);
        List<String> order = new ArrayList<>(patients);
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = order.size() - 1; i > 0; i--) java.util.Collections.swap(order, i, rnd.nextInt(i + 1));
        Map<String, Integer> fold = new LinkedHashMap<>();
        for (int i = 0; i < order.size(); i++) fold.put(order.get(i), i % folds);

        int n = samples.size();
        int[] predicted = new int[n];
        double[] score = new double[n];
        for (int f = 0; f < folds; f++) {
            List<Sample> train = new ArrayList<>();
            for (Sample s : samples) if (fold.get(s.patient()) != f) train.add(s);
            MeasurementGrader m = fit(train, seed + f, grades.source() + " (fold " + (f + 1) + ")");
            for (int i = 0; i < n; i++) {
                Sample s = samples.get(i);
                if (fold.get(s.patient()) != f) continue;
                predicted[i] = s.central() ? m.gradeCentral(s.x()) : m.gradeRecess(s.x());
                score[i] = m.cumulative(s.central(), s.x())[binaryFrom];
            }
        }
        MeasurementGrader model = fit(samples, seed, grades.source());

        Map<String, GraderEvaluation> eval = new LinkedHashMap<>();
        Map<String, org.spinerad.stats.Roc> rocs = new LinkedHashMap<>();
        List<String[]> predictions = new ArrayList<>();
        for (String task : new String[]{"central", "recess"}) {
            List<Integer> idx = new ArrayList<>();
            for (int i = 0; i < n; i++) if (samples.get(i).central() == task.equals("central")) idx.add(i);
            int[] ref = idx.stream().mapToInt(i -> samples.get(i).y()).toArray();
            double[] sc = idx.stream().mapToDouble(i -> score[i]).toArray();
            eval.put(task + " (cross-validated vs reference)", GraderEvaluation.of(ref, idx.stream().mapToInt(i -> predicted[i]).toArray(), sc, binaryFrom));
            int[] outcome = java.util.Arrays.stream(ref).map(g -> g >= binaryFrom ? 1 : 0).toArray();
            int cases = java.util.Arrays.stream(outcome).sum();
            if (cases > 0 && cases < outcome.length) rocs.put(task, new org.spinerad.stats.Roc(sc, outcome));
        }
        for (int i = 0; i < n; i++) {
            String[] k = samples.get(i).key().split("\\|");
            predictions.add(new String[]{k[0], k[1], k[2], String.valueOf(samples.get(i).y()), String.valueOf(predicted[i]), Csv.num(score[i])});
        }
        return new Result(model, eval, predictions, agreement(grades, samples, predicted), rocs);
    }

    private static MeasurementGrader fit(List<Sample> s, long seed, String source) {
        List<double[]> cx = new ArrayList<>(), rx = new ArrayList<>();
        List<Integer> cy = new ArrayList<>(), ry = new ArrayList<>();
        for (Sample x : s) (x.central() ? cx : rx).add(x.x());
        for (Sample x : s) (x.central() ? cy : ry).add(x.y());
        return MeasurementGrader.train(cx, cy.stream().mapToInt(Integer::intValue).toArray(), rx,
                ry.stream().mapToInt(Integer::intValue).toArray(), seed, source);
    }

    /** Quadratic- and linear-weighted kappa of the model vs each rater and of each rater pair, over the levels both graded. */
    private static List<String[]> agreement(GradesTable grades, List<Sample> samples, int[] predicted) {
        Map<String, Integer> model = new LinkedHashMap<>();
        for (int i = 0; i < samples.size(); i++) model.put(samples.get(i).key(), predicted[i]);
        Map<String, Map<String, Integer>> byRater = new LinkedHashMap<>();
        byRater.put("model", model);
        for (String r : grades.raters()) byRater.put(r, grades.reference(r));
        List<String> names = new ArrayList<>(byRater.keySet());
        List<String[]> out = new ArrayList<>();
        for (int a = 0; a < names.size(); a++)
            for (int b = a + 1; b < names.size(); b++) {
                Map<String, Integer> x = byRater.get(names.get(a)), y = byRater.get(names.get(b));
                List<String> keys = x.keySet().stream().filter(y::containsKey).toList();
                String[] ga = keys.stream().map(k -> String.valueOf(x.get(k))).toArray(String[]::new);
                String[] gb = keys.stream().map(k -> String.valueOf(y.get(k))).toArray(String[]::new);
                out.add(new String[]{names.get(a), names.get(b), String.valueOf(keys.size()),
                        Csv.num(GraderEvaluation.kappa(ga, gb, Agreement.KappaWeights.LINEAR)),
                        Csv.num(GraderEvaluation.kappa(ga, gb, Agreement.KappaWeights.QUADRATIC))});
            }
        return out;
    }

    /** The evaluation as an HTML page (the risk report's plain table style). */
    public static void writeReport(Result r, Path html) {
        StringBuilder s = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>SpineRad stenosis grader</title><style>")
                .append("body{font-family:sans-serif;margin:2em;max-width:1200px}table{border-collapse:collapse;margin:1em 0;font-size:0.85em}")
                .append("td,th{border:1px solid #bbb;padding:2px 6px;text-align:right}th{background:#eee}</style></head><body>\n")
                .append("<h1>SpineRad stenosis grader</h1><p>Measurement random forest (ordinal), patient-level cross-validation.</p>\n");
        s.append("<h2>Performance</h2><table><tr><th>task</th><th>n</th><th>accuracy</th><th>kappa linear</th><th>kappa quadratic</th>")
                .append("<th>binary AUC (95% CI)</th><th>sensitivity 0/1/2/3</th><th>specificity 0/1/2/3</th></tr>\n");
        for (var e : r.evaluations().entrySet()) {
            GraderEvaluation g = e.getValue();
            s.append("<tr><th>").append(e.getKey()).append("</th><td>").append(g.n()).append("</td><td>").append(f(g.accuracy()))
                    .append("</td><td>").append(f(g.kappaLinear())).append("</td><td>").append(f(g.kappaQuadratic())).append("</td><td>")
                    .append(f(g.auc())).append(" (").append(f(g.aucLower())).append("-").append(f(g.aucUpper())).append(")</td><td>")
                    .append(list(g.sensitivity())).append("</td><td>").append(list(g.specificity())).append("</td></tr>\n");
        }
        s.append("</table>\n");
        for (var e : r.evaluations().entrySet()) {
            s.append("<h3>Confusion matrix: ").append(e.getKey()).append(" (rows reference, columns predicted)</h3><table><tr><th></th>");
            for (int k = 0; k < 4; k++) s.append("<th>").append(k).append("</th>");
            s.append("</tr>");
            for (int a = 0; a < 4; a++) {
                s.append("<tr><th>").append(a).append("</th>");
                for (int b = 0; b < 4; b++) s.append("<td>").append(e.getValue().confusion()[a][b]).append("</td>");
                s.append("</tr>");
            }
            s.append("</table>\n");
        }
        s.append("<h2>Model vs raters, rater vs rater</h2><table><tr><th>a</th><th>b</th><th>n</th><th>kappa linear</th><th>kappa quadratic</th></tr>\n");
        for (String[] a : r.agreement()) s.append("<tr><td>").append(String.join("</td><td>", a)).append("</td></tr>\n");
        s.append("</table>\n");
        if (!r.rocs().isEmpty()) {
            Path png = html.resolveSibling("roc_binary.png");
            org.spinerad.stats.Plots.roc(r.rocs(), png);
            s.append("<h2>Binary view (grade &ge; 2): cross-validated ROC</h2><img src=\"").append(png.getFileName()).append("\" alt=\"ROC\">\n");
        }
        s.append("</body></html>\n");
        try {
            Files.writeString(html, s, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SpineRadException(html + ": cannot write the report (" + e.getMessage() + ")", e);
        }
    }

    private static String f(double v) { return Double.isNaN(v) ? "-" : String.format(java.util.Locale.ROOT, "%.3f", v); }

    private static String list(double[] v) {
        StringBuilder b = new StringBuilder();
        for (double x : v) b.append(b.length() > 0 ? " / " : "").append(f(x));
        return b.toString();
    }
}
