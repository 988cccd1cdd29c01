package org.spinerad.predict.workflow;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spinerad.predict.RiskFixtures;
import org.spinerad.predict.SklearnReference;
import org.spinerad.predict.learners.Recalibrated;
import org.spinerad.util.Csv;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** Recalibration maps against scikit-learn (scripts/ref/calibration_reference.py), and their effect in a run. */
class RecalibrationTest {
    static final JsonObject REF;

    static {
        try {
            REF = JsonParser.parseString(Files.readString(Path.of("src/test/resources/predict/calibration_sklearn.json"))).getAsJsonObject();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static double[] d(String key) { return SklearnReference.arr(REF.getAsJsonArray(key)); }

    static int[] outcome() {
        double[] y = d("y");
        int[] out = new int[y.length];
        for (int i = 0; i < y.length; i++) out[i] = (int) y[i];
        return out;
    }

    @Test
    void isotonicAndPlattMapsMatchScikitLearn() {
        double[] p = d("p"), q = d("query");
        Recalibrated iso = Recalibrated.fit(null, Recalibrated.Method.ISOTONIC, p, outcome());
        assertArrayEquals(d("isotonic"), iso.map(q), 1e-12);
        Recalibrated platt = Recalibrated.fit(null, Recalibrated.Method.PLATT, p, outcome());
        assertArrayEquals(d("platt"), platt.map(q), 1e-6);
    }

    @Test
    void recalibrationIsSavedInTheModelAndItsEffectReported(@TempDir Path dir) throws Exception {
        ModellingCliTest.cohort(dir, 150, false);
        String out = RiskFixtures.run(ModellingCliTest.train(dir, "run", "--learners", "GNB,LR", "--recalibrate", "ISOTONIC"));
        assertTrue(out.startsWith("0\n"), out);
        Csv effect = Csv.read(dir.resolve("run/recalibration.csv"));
        assertTrue(effect.rowCount() >= 4, "rows per model and cohort");
        assertEquals("isotonic", effect.cell(0, effect.requireColumn("method", "recalibration.csv")));
        Csv candidates = Csv.read(dir.resolve("run/calibration_candidates.csv"));
        assertEquals(4, candidates.rowCount(), "2 learners x (Rad-sign, Combined)");
        assertEquals(2, candidates.rows().stream().filter(r -> r.get(2).equals("true")).count(), "one chosen per model");
        // the saved model reproduces the recalibrated test predictions from raw columns
        PredictCliTest.assertApplyReproducesTestPredictions(dir);
        assertTrue(Files.readString(dir.resolve("run/model.json")).contains("\"recalibrated\""));
    }
}
