package org.spinerad.predict.selection;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.spinerad.predict.FeatureTable;
import org.spinerad.predict.SklearnReference;
import org.spinerad.stats.Quantiles;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;
import static org.spinerad.predict.SklearnReference.REF;
import static org.spinerad.predict.SklearnReference.X;
import static org.spinerad.predict.SklearnReference.arr;

/** Selection steps against scikit-learn (committed reference numbers) and constructed cases. */
class SelectionTest {

    static FeatureTable table() {
        List<String> ids = new ArrayList<>(), names = new ArrayList<>();
        for (int i = 0; i < X.length; i++) ids.add("p" + i);
        for (int j = 0; j < X[0].length; j++) names.add("f" + j);
        int[] y = new int[X.length];
        for (int i = 0; i < y.length; i++) y[i] = (int) SklearnReference.Y_BIN[i];
        double[][] copy = new double[X.length][];
        for (int i = 0; i < X.length; i++) copy[i] = X[i].clone();
        return new FeatureTable(ids, names, copy, y, "lasso_data.csv");
    }

    @Test
    void robustScalerMatchesScikitLearn() {
        ColumnTransform t = ColumnTransform.fit(ColumnTransform.Kind.ROBUST, table());
        assertArrayEquals(arr(REF.getAsJsonObject("robust").getAsJsonArray("center")), t.center(), 1e-12);
        assertArrayEquals(arr(REF.getAsJsonObject("robust").getAsJsonArray("scale")), t.scale(), 1e-12);
        FeatureTable applied = t.apply(table());
        assertEquals(0, Quantiles.ignoringNaN(applied.column(3), 0.5), 1e-12);
        // round trip through JSON gives the same transform
        FeatureTable again = ColumnTransform.fromJson(t.toJson()).apply(table());
        assertArrayEquals(applied.x()[7], again.x()[7], 0);
    }

    @Test
    void fTestMatchesScikitLearnFClassif() {
        Selection s = Selection.fTest(table(), 0.05);
        double[] ref = arr(REF.getAsJsonArray("f_classif_p"));
        for (int j = 0; j < ref.length; j++) {
            assertEquals(ref[j], s.scores().get("f" + j), 1e-9 + 1e-6 * ref[j], "p-value f" + j);
            assertEquals(ref[j] <= 0.05, s.kept().contains("f" + j));
        }
        assertTrue(s.kept().contains("f0") && s.kept().contains("f3"), "planted features pass the filter");
    }

    @Test
    void correlationFilterDropsTheFeatureMostCorrelatedWithTheOthers() {
        // a and b nearly identical; c correlates with b only: b has the larger mean |r| and must go
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(3);
        int n = 200;
        double[][] x = new double[n][4];
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double a = rnd.nextGaussian(), u = rnd.nextGaussian();
            x[i][0] = a;
            x[i][1] = a + 0.2 * u;
            x[i][2] = 2.5 * u + 0.3 * rnd.nextGaussian();
            x[i][3] = rnd.nextGaussian();
            ids.add("r" + i);
        }
        FeatureTable t = new FeatureTable(ids, List.of("a", "b", "c", "d"), x, null, "constructed");
        Selection s = Selection.correlation(t, 0.9);
        assertEquals(List.of("a", "c", "d"), s.kept());
        assertEquals(List.of("b"), new ArrayList<>(s.scores().keySet()));
        assertEquals(List.of("a", "b", "c", "d"), Selection.correlation(t, 0.999).kept());
    }

    @Test
    void pcaMatchesScikitLearnUpToSign() {
        FeatureTable z = ColumnTransform.fit(ColumnTransform.Kind.ZSCORE, table()).apply(table());
        Pca pca = Pca.fit(z, 1.0, 4);
        JsonObject ref = REF.getAsJsonObject("pca");
        assertArrayEquals(arr(ref.getAsJsonArray("explained_variance_ratio")), pca.explainedVarianceRatio(), 1e-10);
        FeatureTable scores = Pca.fromJson(pca.toJson()).apply(z);
        JsonArray rows = ref.getAsJsonArray("scores");
        for (int a = 0; a < 4; a++) {
            double sign = Math.signum(scores.x()[0][a]) * Math.signum(rows.get(0).getAsJsonArray().get(a).getAsDouble());
            for (int i = 0; i < 5; i++)
                assertEquals(rows.get(i).getAsJsonArray().get(a).getAsDouble(), sign * scores.x()[i][a], 1e-9);
        }
    }

    @Test
    void missingExpectedFeaturesAreNamed() {
        var e = assertThrows(org.spinerad.util.SpineRadException.class, () -> table().select(List.of("f1", "zz", "yy")));
        assertTrue(e.getMessage().contains("zz") && e.getMessage().contains("yy"), e.getMessage());
    }
}
