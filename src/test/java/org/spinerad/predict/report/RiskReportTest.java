package org.spinerad.predict.report;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spinerad.predict.FeatureTable;
import org.spinerad.predict.RiskFixtures;
import org.spinerad.stats.ClassificationMetrics;
import org.spinerad.util.Csv;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.*;

/** The risk report rendered from a real {@code predict train} run folder: sections, Table 1, Table 2's CIs, methods, warnings. */
class RiskReportTest {
    @TempDir static Path dir;
    static Path run;
    static String html, cli;

    @BeforeAll
    static void train() throws Exception {
        FeatureTable t = RiskFixtures.planted(43, false);
        RiskFixtures.writeFeatures(t, dir.resolve("radiomics.csv"));
        RiskFixtures.clinical(t, 5).write(dir.resolve("clinical.csv"));
        run = dir.resolve("run");
        String out = RiskFixtures.run("predict", "train", "--clinical", dir.resolve("clinical.csv").toString(), "--features",
                "Rad=" + dir.resolve("radiomics.csv"), "--clinical-vars", "age,sex", "--learners", "LR,GNB", "--folds", "5",
                "--bootstrap", "200", "--seed", "7", "--nested", "--out", run.toString());
        assertTrue(out.startsWith("0\n"), out);
        cli = out;
        html = Files.readString(run.resolve("report.html"));
    }

    @Test
    void documentHasItsSectionsNumberedFiguresAndNoRawDumps() {
        for (String id : List.of("methods", "warnings", "table1", "table2", "selection", "classifiers", "comparisons", "figures", "files"))
            assertTrue(html.contains("<h2 id=\"" + id + "\">"), id);
        for (String caption : List.of("<b>Table 1.</b>", "<b>Table 2.</b>", "<b>Table 3.</b>", "<b>Table 4.</b>", "<b>Figure 1.</b>"))
            assertTrue(html.contains(caption), caption);
        int figures = html.split("<figure ").length - 1;
        assertEquals(3 * 3 + 3, figures, "ROC, calibration, decision curve per cohort; LASSO CV, path, coefficients for Rad-sign");
        assertTrue(html.contains("out-of-fold"), "train rows are labelled out-of-fold");
        // predictions, split and the LASSO path stay CSV files: linked, no patient id printed
        for (String f : List.of("predictions.csv", "split.csv", "lasso_path_Rad-sign.csv", "table2_performance_ci.csv", "run_summary.json"))
            assertTrue(html.contains("href=\"" + f + "\""), f);
        assertFalse(html.contains(">P017<"), "no per-patient rows in the report");
        assertFalse(html.contains("<?xml"), "SVG inlined without XML prolog");
        // nested CV: its own captioned table and the headline (validation, test, nested CV; never the training rows)
        assertTrue(html.contains("Nested cross-validation over all patients"), "nested CV table");
        Csv nested = Csv.read(run.resolve("nested_cv_Rad.csv"));
        String head = html.substring(html.indexOf("<b>Headline</b>"), html.indexOf("</div>", html.indexOf("<b>Headline</b>")));
        assertTrue(head.contains(String.format(Locale.ROOT, "nested-CV AUC %.3f", Double.parseDouble(nested.cell(0, 1)))), head);
        assertTrue(head.contains("in the test cohort") && !head.contains("in the train cohort"), head);
    }

    @Test
    void table1EqualsStatsBaseline() throws Exception {
        Path b = dir.resolve("baseline.csv");
        String out = RiskFixtures.run("stats", "baseline", "--table", dir.resolve("clinical.csv").toString(), "--split",
                run.resolve("split.csv").toString(), "--group", "cohort", "--vars", "age,sex,outcome", "--out", b.toString());
        assertTrue(out.startsWith("0\n"), out);
        Csv expected = Csv.read(b), table1 = Csv.read(run.resolve("table1_baseline.csv"));
        assertEquals(expected.header(), table1.header());
        assertEquals(expected.rows(), table1.rows());
        assertTrue(expected.rowCount() >= 4);
        for (List<String> row : expected.rows())
            for (String cell : row) assertTrue(html.contains("<td>" + cell.replace("<", "&lt;") + "</td>"), cell);
    }

    @Test
    void table2IntervalsEqualWilsonByFormulaAndCountsAtTheThreshold() {
        Csv t2 = Csv.read(run.resolve("table2_performance_ci.csv")), preds = Csv.read(run.resolve("predictions.csv"));
        Csv perf = Csv.read(run.resolve("performance.csv"));
        assertEquals(perf.rowCount(), t2.rowCount());
        double z = 1.959963984540054;
        for (int r = 0; r < t2.rowCount(); r++) {
            String model = t2.cell(r, 0), cohort = t2.cell(r, 1);
            double thr = num(t2, r, "threshold");
            int tp = 0, fp = 0, tn = 0, fn = 0;
            for (int i = 0; i < preds.rowCount(); i++) {
                if (!preds.cell(i, 1).equals(cohort)) continue;
                boolean pos = Double.parseDouble(preds.cell(i, preds.column(model))) >= thr, event = preds.cell(i, 2).equals("1");
                if (event) { if (pos) tp++; else fn++; } else if (pos) fp++; else tn++;
            }
            assertEquals(List.of(tp, fp, tn, fn), List.of((int) num(t2, r, "TP"), (int) num(t2, r, "FP"), (int) num(t2, r, "TN"), (int) num(t2, r, "FN")));
            int[][] xn = {{tp + tn, tp + tn + fp + fn}, {tp, tp + fn}, {tn, tn + fp}, {tp, tp + fp}, {tn, tn + fn}};
            String[] names = {"ACC", "SEN", "SPE", "PPV", "NPV"};
            for (int k = 0; k < names.length; k++) {
                double n = xn[k][1], p = xn[k][0] / n;
                double centre = (p + z * z / (2 * n)) / (1 + z * z / n), half = z / (1 + z * z / n) * Math.sqrt(p * (1 - p) / n + z * z / (4 * n * n));
                assertEquals(p, num(t2, r, names[k]), 1e-12, names[k]);
                assertEquals(Math.max(0, centre - half), num(t2, r, names[k] + "_CI_lower"), 1e-12, names[k]);
                assertEquals(Math.min(1, centre + half), num(t2, r, names[k] + "_CI_upper"), 1e-12, names[k]);
            }
            // the same counts as performance.csv's point estimates; F1 inside its bootstrap interval
            int pr = findRow(perf, model, cohort);
            assertEquals(num(perf, pr, "SEN"), num(t2, r, "SEN"), 1e-12);
            assertEquals(num(perf, pr, "F1"), num(t2, r, "F1"), 1e-12);
            assertEquals(new ClassificationMetrics(thr, tp, fp, tn, fn).f1(), num(t2, r, "F1"), 1e-12);
            assertTrue(num(t2, r, "F1_CI_lower") <= num(t2, r, "F1") && num(t2, r, "F1") <= num(t2, r, "F1_CI_upper"));
            assertTrue(num(t2, r, "F1_CI_upper") > num(t2, r, "F1_CI_lower"), "bootstrap spread");
            assertEquals(num(perf, pr, "AUC_CI_lower_DeLong"), num(t2, r, "AUC_CI_lower_DeLong"), 0);
            // the HTML shows the same interval, 3 decimals
            assertTrue(html.contains(String.format(Locale.ROOT, "%.3f<br><small>%.3f–%.3f</small>", num(t2, r, "SEN"),
                    num(t2, r, "SEN_CI_lower"), num(t2, r, "SEN_CI_upper"))));
        }
    }

    @Test
    void methodsAndFunnelStateTheRunsRealSettings() throws Exception {
        JsonObject s = JsonParser.parseString(Files.readString(run.resolve("run_summary.json"))).getAsJsonObject();
        JsonObject sig = s.getAsJsonArray("signatures").get(0).getAsJsonObject();
        assertEquals(60, sig.getAsJsonArray("funnel").get(0).getAsJsonObject().get("features").getAsInt(), "60 features in");
        Csv sel = Csv.read(run.resolve("selected_features_Rad-sign.csv"));
        var funnel = sig.getAsJsonArray("funnel");
        assertEquals(sel.rowCount() - 1, funnel.get(funnel.size() - 1).getAsJsonObject().get("features").getAsInt(), "after LASSO = selected");
        double lambda = Double.parseDouble(sel.cell(sel.rowCount() - 1, 1));
        assertEquals(lambda, sig.get("lambda").getAsDouble(), 0);
        String methods = html.substring(html.indexOf("<h2 id=\"methods\">"), html.indexOf("<h2 id=\"warnings\">"));
        for (String fact : List.of("p ≤ 0.05", "|r| &gt; 0.9", "5-fold", "seed 7", "7:2:1", String.format(Locale.ROOT, "λ = %.4g", lambda),
                "2 classifiers (LR, GNB)", "Youden on out-of-fold training predictions", "TRIPOD", "Wilson", "p &lt; 0.05",
                "XGBoost4J (xgboost4j", "Nested cross-validation"))
            assertTrue(methods.contains(fact), fact + " in: " + methods);
        assertTrue(html.contains("after F-test (p &lt;= 0.05)") && html.contains("after correlation filter"), "funnel stages");
        Csv split = Csv.read(run.resolve("split.csv"));
        long train = split.rows().stream().filter(r -> r.get(1).equals("train")).count();
        assertTrue(methods.contains("train n = " + train), methods);
    }

    @Test
    void smallSampleWarningsNameTheCohortAndTheEventsPerPredictor() throws Exception {
        String warnings = html.substring(html.indexOf("<h2 id=\"warnings\">"), html.indexOf("<h2 id=\"table1\">"));
        Csv split = Csv.read(run.resolve("split.csv")), clin = Csv.read(dir.resolve("clinical.csv"));
        int testEvents = 0, testN = 0, trainEvents = 0, trainN = 0;
        for (int r = 0; r < split.rowCount(); r++) {
            int y = Integer.parseInt(clin.cell(r, 1));
            assertEquals(clin.cell(r, 0), split.cell(r, 0));
            if (split.cell(r, 1).equals("test")) { testEvents += y; testN++; }
            if (split.cell(r, 1).equals("train")) { trainEvents += y; trainN++; }
        }
        int minority = Math.min(trainEvents, trainN - trainEvents), testMinority = Math.min(testEvents, testN - testEvents);
        assertEquals(testMinority < 10, warnings.contains("cohort test: only " + testMinority + " events (smaller outcome class) among "
                + testN + " patients"), warnings);
        String epv = "Rad-sign: " + minority + " training events for 60 candidate predictors";
        assertTrue(warnings.contains(epv), warnings);
        assertTrue(cli.contains("warning: " + epv), "the command line shows the warnings too: " + cli);
    }

    @Test
    void reportIsRenderedAgainFromTheFolderAlone() throws Exception {
        Path copy = dir.resolve("copy");
        Files.createDirectories(copy);
        try (var s = Files.list(run)) {
            for (Path f : s.filter(f -> f.toString().endsWith(".csv") || f.toString().endsWith(".json")).toList())
                Files.copy(f, copy.resolve(f.getFileName()));
        }
        Files.delete(copy.resolve("lasso_path_Rad-sign.csv")); // an absent table is skipped, not an error
        String out = RiskFixtures.run("predict", "report", "--run", copy.toString());
        assertTrue(out.startsWith("0\n"), out);
        String again = Files.readString(copy.resolve("report.html"));
        assertEquals(html.split("<figure ").length - 1, again.split("<figure ").length);
        assertTrue(again.contains("<b>Table 2.</b>"));
        String missing = RiskFixtures.run("predict", "report", "--run", dir.resolve("nothing").toString());
        assertTrue(missing.startsWith("2\n") && missing.contains("no predictions.csv"), missing);
    }

    private static double num(Csv t, int r, String col) { return Double.parseDouble(t.cell(r, t.requireColumn(col, "t"))); }

    private static int findRow(Csv t, String model, String cohort) {
        for (int r = 0; r < t.rowCount(); r++) if (t.cell(r, 0).equals(model) && t.cell(r, 1).equals(cohort)) return r;
        throw new AssertionError(model + " " + cohort);
    }
}
