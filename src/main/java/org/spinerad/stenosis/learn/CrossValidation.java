package org.spinerad.stenosis.learn;

import org.spinerad.stats.Agreement;
import org.spinerad.stats.Roc;
import org.spinerad.util.Csv;
import org.spinerad.util.SpineRadException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Patient-level k-fold cross-validation of a stenosis grader (every level of a patient in the same fold), the same for
 * the measurement forest and the CNN: out-of-fold grades and binary scores evaluated per task (central, recess) pooled
 * and per fold ({@link GraderEvaluation}), against each rater, and rater against rater; the HTML report.
 *
 * @param evaluations per task the pooled out-of-fold evaluation against the reference
 * @param perFold     per task the evaluation of each fold
 * @param predictions patient, level, side, reference, predicted, binary score, fold
 * @param rocs        per task the ROC of the pooled binary score (absent where one class only)
 */
public record CrossValidation(String method, Map<String, GraderEvaluation> evaluations, Map<String, List<GraderEvaluation>> perFold,
                              List<String[]> predictions, List<String[]> agreement, Map<String, Roc> rocs) {

    /** A graded level or side: key "patient|level|side" ({@link GradesTable#key}). */
    public record Graded(String patient, String key, boolean central, int grade) {}

    /** Trains on the samples {@code train} (indices) and returns {grade, binary score} for each of {@code test}. */
    public interface Learner {
        double[][] fitPredict(List<Integer> train, List<Integer> test, int fold);
    }

    public static final List<String> PREDICTION_COLUMNS = List.of("patient_id", "level", "side", "reference", "predicted", "p_binary", "fold");

    public static CrossValidation run(String method, List<Graded> samples, GradesTable grades, int folds, long seed, int binaryFrom, Learner learner) {
        List<String> patients = samples.stream().map(Graded::patient).distinct().sorted().toList();
        if (folds < 2 || folds > patients.size())
            throw new SpineRadException("cross-validation needs 2 <= folds <= patients (" + patients.size() + "), got " + folds);
        List<String> order = new ArrayList<>(patients);
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = order.size() - 1; i > 0; i--) java.util.Collections.swap(order, i, rnd.nextInt(i + 1));
        Map<String, Integer> foldOf = new LinkedHashMap<>();
        for (int i = 0; i < order.size(); i++) foldOf.put(order.get(i), i % folds);

        int n = samples.size();
        int[] predicted = new int[n], fold = new int[n];
        double[] score = new double[n];
        for (int f = 0; f < folds; f++) {
            List<Integer> train = new ArrayList<>(), test = new ArrayList<>();
            for (int i = 0; i < n; i++) (foldOf.get(samples.get(i).patient()) == f ? test : train).add(i);
            double[][] out = learner.fitPredict(train, test, f);
            for (int t = 0; t < test.size(); t++) {
                predicted[test.get(t)] = (int) out[t][0];
                score[test.get(t)] = out[t][1];
                fold[test.get(t)] = f;
            }
        }
        Map<String, GraderEvaluation> eval = new LinkedHashMap<>();
        Map<String, List<GraderEvaluation>> perFold = new LinkedHashMap<>();
        Map<String, Roc> rocs = new LinkedHashMap<>();
        for (String task : new String[]{"central", "recess"}) {
            List<Integer> idx = new ArrayList<>();
            for (int i = 0; i < n; i++) if (samples.get(i).central() == task.equals("central")) idx.add(i);
            eval.put(task + " (cross-validated vs reference)", evaluate(samples, predicted, score, idx, binaryFrom));
            List<GraderEvaluation> byFold = new ArrayList<>();
            for (int f = 0; f < folds; f++) {
                int ff = f;
                byFold.add(evaluate(samples, predicted, score, idx.stream().filter(i -> fold[i] == ff).toList(), binaryFrom));
            }
            perFold.put(task, byFold);
            int[] outcome = idx.stream().mapToInt(i -> samples.get(i).grade() >= binaryFrom ? 1 : 0).toArray();
            int cases = Arrays.stream(outcome).sum();
            if (cases > 0 && cases < outcome.length) rocs.put(task, new Roc(idx.stream().mapToDouble(i -> score[i]).toArray(), outcome));
        }
        List<String[]> predictions = new ArrayList<>();
        Map<String, Integer> model = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            Graded s = samples.get(i);
            String[] k = s.key().split("\\|");
            predictions.add(new String[]{k[0], k[1], k[2], String.valueOf(s.grade()), String.valueOf(predicted[i]), Csv.num(score[i]),
                    String.valueOf(fold[i] + 1)});
            model.put(s.key(), predicted[i]);
        }
        return new CrossValidation(method, eval, perFold, predictions, agreement(grades, model), rocs);
    }

    private static GraderEvaluation evaluate(List<Graded> samples, int[] predicted, double[] score, List<Integer> idx, int binaryFrom) {
        return GraderEvaluation.of(idx.stream().mapToInt(i -> samples.get(i).grade()).toArray(), idx.stream().mapToInt(i -> predicted[i]).toArray(),
                idx.stream().mapToDouble(i -> score[i]).toArray(), binaryFrom);
    }

    /** Quadratic- and linear-weighted kappa of the model vs each rater and of each rater pair, over the levels both graded. */
    private static List<String[]> agreement(GradesTable grades, Map<String, Integer> model) {
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

    /** cv_predictions.csv */
    public void writePredictions(Path csv) {
        new Csv(PREDICTION_COLUMNS, predictions.stream().map(List::of).toList()).write(csv);
    }

    /** The evaluation as an HTML page (the risk report's plain table style) with the ROC plot beside it. */
    public void writeReport(Path html) {
        StringBuilder s = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>SpineRad stenosis grader</title><style>")
                .append("body{font-family:sans-serif;margin:2em;max-width:1200px}table{border-collapse:collapse;margin:1em 0;font-size:0.85em}")
                .append("td,th{border:1px solid #bbb;padding:2px 6px;text-align:right}th{background:#eee}</style></head><body>\n")
                .append("<h1>SpineRad stenosis grader</h1><p>").append(method).append(", patient-level cross-validation (")
                .append(perFold.values().iterator().next().size()).append(" folds).</p>\n");
        s.append("<h2>Performance</h2><table><tr><th>task</th><th>n</th><th>accuracy</th><th>kappa linear</th><th>kappa quadratic</th>")
                .append("<th>binary AUC (95% CI)</th><th>sensitivity 0/1/2/3</th><th>specificity 0/1/2/3</th></tr>\n");
        for (var e : evaluations.entrySet()) {
            GraderEvaluation g = e.getValue();
            s.append("<tr><th>").append(e.getKey()).append("</th><td>").append(g.n()).append("</td><td>").append(f(g.accuracy()))
                    .append("</td><td>").append(f(g.kappaLinear())).append("</td><td>").append(f(g.kappaQuadratic())).append("</td><td>")
                    .append(f(g.auc())).append(" (").append(f(g.aucLower())).append("-").append(f(g.aucUpper())).append(")</td><td>")
                    .append(list(g.sensitivity())).append("</td><td>").append(list(g.specificity())).append("</td></tr>\n");
        }
        s.append("</table>\n<h2>Per fold</h2><table><tr><th>task</th><th>fold</th><th>n</th><th>accuracy</th><th>kappa linear</th>")
                .append("<th>kappa quadratic</th><th>binary AUC</th></tr>\n");
        for (var e : perFold.entrySet())
            for (int k = 0; k < e.getValue().size(); k++) {
                GraderEvaluation g = e.getValue().get(k);
                s.append("<tr><th>").append(e.getKey()).append("</th><td>").append(k + 1).append("</td><td>").append(g.n()).append("</td><td>")
                        .append(f(g.accuracy())).append("</td><td>").append(f(g.kappaLinear())).append("</td><td>").append(f(g.kappaQuadratic()))
                        .append("</td><td>").append(f(g.auc())).append("</td></tr>\n");
            }
        s.append("</table>\n");
        for (var e : evaluations.entrySet()) {
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
        for (String[] a : agreement) s.append("<tr><td>").append(String.join("</td><td>", a)).append("</td></tr>\n");
        s.append("</table>\n");
        if (!rocs.isEmpty()) {
            Path png = html.resolveSibling("roc_binary.png");
            org.spinerad.stats.Plots.roc(rocs, png);
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
