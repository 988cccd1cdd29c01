package org.spinerad.predict.workflow;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spinerad.predict.FeatureTable;
import org.spinerad.predict.RiskFixtures;
import org.spinerad.predict.learners.Learner;
import org.spinerad.predict.learners.Models;
import org.spinerad.util.Csv;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;
import static org.spinerad.predict.RiskFixtures.run;

/**
 * {@code predict train / apply} modelling behaviour through the CLI: duplicate ids, fail-fast validation, honesty
 * warnings, empty LASSO, imputation flags, seed reproducibility across thread counts, nested CV of the whole pipeline.
 */
class ModellingCliTest {

    /** The first n patients of the planted cohort, written as radiomics.csv and clinical.csv in dir. */
    static FeatureTable cohort(Path dir, int n, boolean nullCohort) {
        FeatureTable all = RiskFixtures.planted(41, nullCohort);
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) rows[i] = i;
        FeatureTable t = all.rows(rows);
        RiskFixtures.writeFeatures(t, dir.resolve("radiomics.csv"));
        RiskFixtures.clinical(t, 2).write(dir.resolve("clinical.csv"));
        return t;
    }

    static String[] train(Path dir, String out, String... extra) {
        List<String> a = new ArrayList<>(List.of("predict", "train", "--clinical", dir.resolve("clinical.csv").toString(),
                "--features", "Rad=" + dir.resolve("radiomics.csv"), "--bootstrap", "20"));
        a.addAll(List.of(extra));
        if (!a.contains("--folds")) a.addAll(List.of("--folds", "3"));
        if (!a.contains("--out")) a.addAll(List.of("--out", dir.resolve(out).toString()));
        return a.toArray(String[]::new);
    }

    @Test
    void duplicateIdsAreAnErrorNamingTheFileTheIdAndTheRows(@TempDir Path dir) throws Exception {
        cohort(dir, 60, false);
        List<String> lines = new ArrayList<>(Files.readAllLines(dir.resolve("radiomics.csv")));
        lines.set(5, lines.get(5).replaceFirst("^P\\d+", "P001")); // row 6 repeats P001 of row 3
        Files.write(dir.resolve("radiomics.csv"), lines);
        String out = run(train(dir, "run", "--learners", "LR"));
        assertTrue(out.startsWith("2\n") && out.contains("radiomics.csv: 1 duplicate patient_id value(s): 'P001' (rows 3, 6)")
                && !out.contains("at org."), out);
        cohort(dir, 60, false);
        lines = new ArrayList<>(Files.readAllLines(dir.resolve("clinical.csv")));
        lines.add(lines.get(10));
        Files.write(dir.resolve("clinical.csv"), lines);
        out = run(train(dir, "run", "--learners", "LR"));
        assertTrue(out.startsWith("2\n") && out.contains("clinical.csv: 1 duplicate patient_id value(s): 'P009' (rows 11, 62)"), out);
    }

    @Test
    void everyInputIsCheckedBeforeAnyFittingAndFailsFast(@TempDir Path dir) throws Exception {
        // demo-size input: 150 patients, 1,000 features
        FeatureTable small = RiskFixtures.planted(41, false);
        List<String> ids = small.ids().subList(0, 150), names = new ArrayList<>();
        double[][] x = new double[150][1000];
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(5);
        for (int j = 0; j < 1000; j++) names.add("f" + j);
        for (double[] row : x) for (int j = 0; j < row.length; j++) row[j] = rnd.nextGaussian();
        int[] y = java.util.Arrays.copyOf(small.y(), 150);
        RiskFixtures.writeFeatures(new FeatureTable(ids, names, x, y, "wide"), dir.resolve("radiomics.csv"));
        RiskFixtures.clinical(new FeatureTable(ids, List.of(), new double[150][0], y, "c"), 2).write(dir.resolve("clinical.csv"));
        Files.writeString(dir.resolve("not-a-folder"), "x");
        String[][] bad = {
                {"--clinical-vars", "age,bmi"},
                {"--learners", "LR,SVN"},
                {"--test-centre", "A"},
                {"--centre-column", "center", "--test-centre", "Z"},
                {"--rater-column", "raterx"},
                {"--out", dir.resolve("not-a-folder").resolve("run").toString()},
                {"--folds", "1"},
        };
        String[] expected = {"--clinical-vars names no column 'bmi'", "unknown classifier 'SVN'", "--test-centre needs --centre-column",
                "no patient of centre 'Z' in column 'center' (centres: A, B, C)", "no column 'raterx'", "output folder cannot be written",
                "--folds must be at least 2"};
        for (int k = 0; k < bad.length; k++) {
            long start = System.nanoTime();
            String out = run(train(dir, "run", bad[k]));
            double seconds = (System.nanoTime() - start) / 1e9;
            assertTrue(out.startsWith("2\n") && out.contains(expected[k]) && !out.contains("at org."), out);
            assertTrue(seconds < 5, String.join(" ", bad[k]) + " failed after " + seconds + " s, not before fitting");
            assertFalse(Files.exists(dir.resolve("run/model.json")));
        }
    }

    @Test
    void smallCohortsAndTextColumnsGiveWarnings(@TempDir Path dir) throws Exception {
        cohort(dir, 90, true);
        List<String> lines = new ArrayList<>(Files.readAllLines(dir.resolve("radiomics.csv")));
        for (int i = 0; i < lines.size(); i++) lines.set(i, lines.get(i) + (i == 0 ? ",scanner" : ",GE"));
        Files.write(dir.resolve("radiomics.csv"), lines);
        String out = run(train(dir, "run", "--learners", "LR,GNB", "--clinical-vars", "age"));
        assertTrue(out.startsWith("0\n"), out);
        String all = String.join("\n", Csv.read(dir.resolve("run/warnings.csv")).rows().stream().map(r -> String.join(": ", r)).toList());
        assertTrue(all.contains("input radiomics.csv: column 'scanner' holds text"), all);
        assertTrue(all.contains("cohort test: only 4 events (smaller outcome class) among 9 patients"), all);
        assertTrue(all.contains("Rad-sign: 29 training events for 60 candidate predictors (0.48 events per candidate predictor"), all);
        assertTrue(all.contains("Rad-sign: test Brier score"), "a null signature is worse than the prevalence model: " + all);
        assertTrue(out.contains("warning: cohort test: only 4 events"), "warnings are printed too: " + out);
        Csv delong = Csv.read(dir.resolve("run/delong_tests.csv"));
        int caveat = delong.requireColumn("caveat", "delong_tests.csv"), cohort = delong.requireColumn("cohort", "delong_tests.csv");
        int flagged = 0;
        for (int r = 0; r < delong.rowCount(); r++)
            if (delong.cell(r, cohort).contains("test")) {
                assertEquals("unreliable: only 4 events in this cohort", delong.cell(r, caveat));
                flagged++;
            }
        assertTrue(flagged >= 2, "tiny test cohort p-values flagged");
    }

    @Test
    void anEmptyLassoSelectionStopsTheSignatureUnlessAFallbackIsConfigured(@TempDir Path dir) throws Exception {
        // two noise features: LASSO CV prefers the intercept-only model
        FeatureTable t = cohort(dir, 120, false);
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(11);
        double[][] x = new double[t.rows()][2];
        for (double[] row : x) { row[0] = rnd.nextGaussian(); row[1] = rnd.nextGaussian(); }
        RiskFixtures.writeFeatures(new FeatureTable(t.ids(), List.of("noise_a", "noise_b"), x, null, "noise"), dir.resolve("radiomics.csv"));
        String out = run(train(dir, "run", "--learners", "LR", "--clinical-vars", "age"));
        assertTrue(out.startsWith("0\n"), out);
        String warnings = Files.readString(dir.resolve("run/warnings.csv"));
        assertTrue(warnings.contains("Rad-sign,\"signature not built from " + dir.resolve("radiomics.csv") + ": LASSO cross-validation chose the empty model"), warnings);
        assertFalse(Files.exists(dir.resolve("run/comparison_Rad-sign.csv")), "no zero-coefficient signature is fitted");
        assertFalse(Files.readString(dir.resolve("run/model.json")).contains("Rad-sign"));
        // without clinical variables nothing is left: a clear error
        out = run(train(dir, "run2", "--learners", "LR"));
        assertTrue(out.startsWith("2\n") && out.contains("LASSO cross-validation chose the empty model") && out.contains("nothing to combine"), out);
        // the configured fallback keeps the first feature on the LASSO path instead
        out = run(train(dir, "run3", "--learners", "LR", "--empty-lasso", "first-feature"));
        assertTrue(out.startsWith("0\n"), out);
        assertTrue(Files.readString(dir.resolve("run3/warnings.csv")).contains("kept the first feature on the path"));
    }

    @Test
    void applyFlagsImputedCellsPerPatient(@TempDir Path dir) throws Exception {
        cohort(dir, 120, false);
        assertTrue(run(train(dir, "run", "--learners", "LR")).startsWith("0\n"));
        List<String> lines = new ArrayList<>(Files.readAllLines(dir.resolve("radiomics.csv")));
        List<String> header = List.of(lines.get(0).split(","));
        int f0 = header.indexOf("original_firstorder_F0");
        String[] cells = lines.get(3).split(",", -1);
        cells[f0] = "";
        lines.set(3, String.join(",", cells));
        Files.write(dir.resolve("new.csv"), lines);
        String out = run("predict", "apply", "--model", dir.resolve("run/model.json").toString(), "--features", dir.resolve("new.csv").toString(),
                "--out", dir.resolve("applied.csv").toString());
        assertTrue(out.startsWith("0\n") && out.contains("warning: 1 patient(s) had missing model inputs"), out);
        Csv applied = Csv.read(dir.resolve("applied.csv"));
        int count = applied.requireColumn("imputed_count", "applied"), cols = applied.requireColumn("imputed_columns", "applied");
        for (int r = 0; r < applied.rowCount(); r++) {
            boolean blanked = applied.cell(r, 0).equals(cells[0]);
            assertEquals(blanked ? "1" : "0", applied.cell(r, count), applied.cell(r, 0));
            assertEquals(blanked ? "original_firstorder_F0" : "", applied.cell(r, cols));
        }
    }

    @Test
    void sameSeedGivesByteIdenticalOutputsWhateverTheThreadCount(@TempDir Path dir) throws Exception {
        cohort(dir, 100, false);
        String learners = String.join(",", Models.learners().stream().map(Learner::name).toList());
        for (var job : List.of(new Object[]{"one", 1}, new Object[]{"four", 4})) {
            String out = new ForkJoinPool((int) job[1]).submit(() -> run(train(dir, (String) job[0], "--learners", learners,
                    "--clinical-vars", "age,sex", "--seed", "7"))).get();
            assertTrue(out.startsWith("0\n"), out);
        }
        List<String> files;
        try (Stream<Path> s = Files.list(dir.resolve("one"))) {
            files = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertTrue(files.contains("model.json") && files.contains("performance.csv") && files.contains("comparison_Rad-sign.csv"));
        String model = Files.readString(dir.resolve("one/model.json"));
        for (String kernel : List.of("SVM_linear", "SVM_RBF", "RF", "XGBoost", "LightGBM", "MLP"))
            assertTrue(Files.readString(dir.resolve("one/comparison_Rad-sign.csv")).contains(kernel), kernel + " compared");
        for (String f : files)
            assertArrayEquals(Files.readAllBytes(dir.resolve("one").resolve(f)), Files.readAllBytes(dir.resolve("four").resolve(f)), f);
        assertTrue(model.contains("\"classifier\""));
    }

    @Test
    void nestedCvCoversTheWholePipelineWithEveryLearner(@TempDir Path dir) throws Exception {
        cohort(dir, 150, false);
        String out = run(train(dir, "run", "--learners", "LR,GNB,SVM_linear", "--clinical-vars", "age,sex", "--nested"));
        assertTrue(out.startsWith("0\n"), out);
        Csv s = Csv.read(dir.resolve("run/nested_cv_summary.csv"));
        assertEquals(List.of("Rad-sign", "Combined"), s.rows().stream().map(r -> r.get(0)).toList());
        int auc = s.requireColumn("AUC", "summary"), lo = s.requireColumn("AUC_CI_lower_DeLong", "summary"),
                chosen = s.requireColumn("chosen_learner_per_outer_fold", "summary");
        for (int r = 0; r < 2; r++) {
            assertTrue(Double.parseDouble(s.cell(r, lo)) > 0.6, "planted signal survives nested CV: " + s.rows().get(r));
            String[] perFold = s.cell(r, chosen).split(";");
            assertEquals(3, perFold.length);
            for (String l : perFold) assertTrue(List.of("LR", "GNB", "SVM_linear").contains(l), l);
        }
        // the pooled held-out predictions reproduce the summary's AUC
        Csv p = Csv.read(dir.resolve("run/nested_cv_predictions.csv"));
        assertEquals(150, p.rowCount());
        double[] score = new double[150];
        int[] y = new int[150];
        for (int i = 0; i < 150; i++) {
            y[i] = Integer.parseInt(p.cell(i, 1));
            score[i] = Double.parseDouble(p.cell(i, p.requireColumn("Combined", "p")));
        }
        assertEquals(Double.parseDouble(s.cell(1, auc)), new org.spinerad.stats.Roc(score, y).auc(), 1e-12);
        assertTrue(Files.exists(dir.resolve("run/nested_cv_Rad.csv")) && Files.exists(dir.resolve("run/nested_cv_Combined.csv")));
        assertTrue(Double.parseDouble(Csv.read(dir.resolve("run/nested_cv_runtime.csv")).cell(0, 4)) > 0);
    }
}
