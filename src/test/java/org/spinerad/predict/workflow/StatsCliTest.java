package org.spinerad.predict.workflow;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spinerad.predict.FeatureTable;
import org.spinerad.predict.RiskFixtures;
import org.spinerad.util.Csv;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** {@code spinerad stats icc|baseline} and the ICC filter ahead of feature selection. */
class StatsCliTest {
    @Test
    void iccDropsIrreproducibleFeaturesBeforeSelection(@TempDir Path dir) {
        FeatureTable t = RiskFixtures.planted(61, false);
        RiskFixtures.writeFeatures(t, dir.resolve("a.csv"));
        // second annotator: F0 and F1 re-measured with huge error (irreproducible), everything else nearly identical
        SplittableRandom rnd = new SplittableRandom(1);
        double[][] x = new double[t.rows()][];
        for (int i = 0; i < t.rows(); i++) {
            x[i] = t.x()[i].clone();
            for (int j = 0; j < x[i].length; j++) x[i][j] += (j < 2 ? 60 : 0.5) * rnd.nextGaussian();
        }
        RiskFixtures.writeFeatures(new FeatureTable(t.ids(), t.names(), x, null, "b"), dir.resolve("b.csv"));
        String out = RiskFixtures.run("stats", "icc", "--a", dir.resolve("a.csv").toString(), "--b", dir.resolve("b.csv").toString(),
                "--threshold", "0.75", "--out", dir.resolve("icc.csv").toString());
        assertTrue(out.startsWith("0\n") && out.contains("58 of 60"), out);

        RiskFixtures.clinical(t, 2).write(dir.resolve("clinical.csv"));
        out = RiskFixtures.run("predict", "train", "--clinical", dir.resolve("clinical.csv").toString(), "--features",
                "Rad=" + dir.resolve("a.csv"), "--learners", "LR", "--folds", "5", "--bootstrap", "50", "--icc", dir.resolve("icc.csv").toString(),
                "--nested", "--permutations", "2", "--out", dir.resolve("run").toString());
        assertTrue(out.startsWith("0\n"), out);
        Csv nested = Csv.read(dir.resolve("run/nested_cv_Rad.csv"));
        double nestedAuc = Double.parseDouble(nested.cell(0, nested.requireColumn("nested_cv_AUC", "nested_cv_Rad.csv")));
        assertTrue(nestedAuc > 0.6, "leakage-free AUC of the planted cohort " + nestedAuc);
        assertEquals(1.0 / 3, Double.parseDouble(nested.cell(0, nested.requireColumn("permutation_p", "nested_cv_Rad.csv"))), 1e-12,
                "observed AUC beats both permutations: p = 1/3");
        Csv sel = Csv.read(dir.resolve("run/selected_features_Rad-sign.csv"));
        for (int r = 0; r < sel.rowCount(); r++) {
            assertNotEquals("original_firstorder_F0", sel.cell(r, 0));
            assertNotEquals("original_firstorder_F1", sel.cell(r, 0));
        }

        out = RiskFixtures.run("stats", "baseline", "--table", dir.resolve("clinical.csv").toString(), "--group", "cohort",
                "--split", dir.resolve("run/split.csv").toString(), "--vars", "age,sex", "--out", dir.resolve("baseline.csv").toString());
        assertTrue(out.startsWith("0\n"), out);
        Csv base = Csv.read(dir.resolve("baseline.csv"));
        assertTrue(base.header().stream().anyMatch(h -> h.startsWith("cohort=train (n=210)")) && base.header().contains("p"), base.header().toString());
        List<String> vars = new ArrayList<>();
        for (int r = 0; r < base.rowCount(); r++) vars.add(base.cell(r, 0));
        assertTrue(vars.contains("age") && vars.contains("sex"), vars.toString());
    }
}
