package org.spinerad.predict.workflow;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spinerad.predict.FeatureTable;
import org.spinerad.predict.RiskFixtures;
import org.spinerad.util.Csv;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;
import static org.spinerad.predict.RiskFixtures.run;
import static org.spinerad.predict.RiskFixtures.writeFeatures;

/** {@code spinerad predict train / apply} on CSV files, and bad input through the CLI. */
class PredictCliTest {

    @Test
    void trainThenApplyReproducesTestPredictions(@TempDir Path dir) throws Exception {
        FeatureTable t = RiskFixtures.planted(41, false);
        writeFeatures(t, dir.resolve("radiomics.csv"));
        RiskFixtures.clinical(t, 2).write(dir.resolve("clinical.csv"));
        String out = run("predict", "train", "--clinical", dir.resolve("clinical.csv").toString(), "--features",
                "Rad=" + dir.resolve("radiomics.csv"), "--clinical-vars", "age,sex", "--learners", "LR,GNB", "--folds", "5",
                "--bootstrap", "100", "--rater-column", "rater", "--out", dir.resolve("run").toString());
        assertTrue(out.startsWith("0\n"), out);
        for (String f : List.of("model.json", "split.csv", "performance.csv", "comparison_Rad-sign.csv", "selected_features_Rad-sign.csv",
                "lasso_cv_Rad-sign.csv", "lasso_path_Rad-sign.csv", "lasso_path_Rad-sign.svg", "model_vs_rater.csv", "warnings.csv", "clinical_screening.csv", "delong_tests.csv", "predictions.csv", "report.html", "roc_test.png", "roc_test.svg",
                "calibration_validation.svg", "decision_curve_train.png", "feature_importance_Rad-sign.svg"))
            assertTrue(Files.exists(dir.resolve("run").resolve(f)), f);
        String html = Files.readString(dir.resolve("run/report.html"));
        assertTrue(html.contains("<svg") && html.contains("performance.csv") && html.contains("Rad-sign"), "self-contained report");
        Csv rater = Csv.read(dir.resolve("run/model_vs_rater.csv"));
        int raterAuc = rater.requireColumn("rater_AUC", "model_vs_rater");
        double a = Double.parseDouble(rater.cell(0, raterAuc));
        assertTrue(a > 0.6 && a < 0.8, "a rater right 70% of the time has AUC ~0.7: " + a);
        Csv perf = Csv.read(dir.resolve("run/performance.csv"));
        assertTrue(perf.rowCount() >= 6, "rows per model and cohort");

        assertApplyReproducesTestPredictions(dir);
    }

    /** {@code predict apply} of dir/run/model.json to dir's radiomics.csv and clinical.csv gives the run's own test predictions. */
    static void assertApplyReproducesTestPredictions(Path dir) {
        Csv split = Csv.read(dir.resolve("run/split.csv"));
        Csv preds = Csv.read(dir.resolve("run/predictions.csv"));
        String out = run("predict", "apply", "--model", dir.resolve("run/model.json").toString(), "--features", dir.resolve("radiomics.csv").toString(),
                "--clinical", dir.resolve("clinical.csv").toString(), "--out", dir.resolve("applied.csv").toString());
        assertTrue(out.startsWith("0\n"), out);
        Csv applied = Csv.read(dir.resolve("applied.csv"));
        int combinedCol = preds.requireColumn("Combined", "predictions");
        for (int r = 0; r < split.rowCount(); r++) {
            if (!split.cell(r, 1).equals("test")) continue;
            String id = split.cell(r, 0);
            double expected = Double.parseDouble(preds.cell(findRow(preds, id), combinedCol));
            double got = Double.parseDouble(applied.cell(findRow(applied, id), 1));
            assertEquals(expected, got, 1e-9, id);
        }
    }

    static int findRow(Csv c, String id) {
        for (int r = 0; r < c.rowCount(); r++) if (c.cell(r, 0).equals(id)) return r;
        throw new AssertionError("no row " + id);
    }

    @Test
    void badInputGivesAClearErrorNotAStackTrace(@TempDir Path dir) throws Exception {
        FeatureTable t = RiskFixtures.planted(41, false);
        writeFeatures(t, dir.resolve("radiomics.csv"));
        Csv clin = RiskFixtures.clinical(t, 2);
        List<List<String>> rows = new ArrayList<>();
        for (List<String> r : clin.rows()) { List<String> c = new ArrayList<>(r); c.set(1, "1"); rows.add(c); }
        new Csv(clin.header(), rows).write(dir.resolve("oneclass.csv"));
        String out = run("predict", "train", "--clinical", dir.resolve("oneclass.csv").toString(), "--features",
                "Rad=" + dir.resolve("radiomics.csv"), "--out", dir.resolve("run").toString());
        assertTrue(out.startsWith("2\n") && out.contains("only one class") && !out.contains("at org."), out);

        Files.writeString(dir.resolve("mixed.csv"), "patient_id,f,g\nP000,1.5,x\nP001,abc,y\n");
        clin.write(dir.resolve("clinical.csv"));
        out = run("predict", "train", "--clinical", dir.resolve("clinical.csv").toString(), "--features", "Rad=" + dir.resolve("mixed.csv"),
                "--out", dir.resolve("run2").toString());
        assertTrue(out.startsWith("2\n") && out.contains("mixed.csv row 3 column 'f': 'abc' is not a number"), out);
        out = run("predict", "apply", "--model", dir.resolve("missing.json").toString(), "--features", dir.resolve("radiomics.csv").toString());
        assertTrue(out.startsWith("2\n") && out.contains("missing.json"), out);
    }
}
