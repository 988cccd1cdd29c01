package org.spinerad.predict.selection;

import org.junit.jupiter.api.Test;
import org.spinerad.predict.FeatureTable;
import org.spinerad.stats.Roc;
import org.spinerad.stats.UpperTail;
import org.spinerad.util.Csv;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Against R (scripts/ref/predict_reference.R): caret's findCorrelation(exact = TRUE), pf/pchisq upper tails, pROC. */
class RReferenceTest {
    static final Path DIR = Path.of("src/test/resources/predict");
    static final Map<String, String> REF = new HashMap<>();

    static {
        Csv c = Csv.read(DIR.resolve("r_reference.csv"));
        for (int r = 0; r < c.rowCount(); r++) REF.put(c.cell(r, 0), c.cell(r, 1));
    }

    static double num(String key) { return Double.parseDouble(REF.get(key)); }

    @Test
    void correlationFilterKeepsExactlyCaretsFeatures() {
        FeatureTable t = FeatureTable.read(DIR.resolve("correlation_data.csv"), "c01_1", null, null, null);
        // the id column argument only names a column to skip; put c01_1 back as a feature
        Csv csv = Csv.read(DIR.resolve("correlation_data.csv"));
        double[][] x = new double[csv.rowCount()][csv.header().size()];
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            ids.add("r" + i);
            for (int j = 0; j < x[i].length; j++) x[i][j] = Double.parseDouble(csv.cell(i, j));
        }
        FeatureTable all = new FeatureTable(ids, csv.header(), x, null, "correlation_data.csv");
        assertEquals(t.cols() + 1, all.cols());
        for (String cut : List.of("0.9", "0.75", "0.5")) {
            List<String> expected = Arrays.asList(REF.get("caret.kept." + cut).split(" "));
            Selection s = Selection.correlation(all, Double.parseDouble(cut));
            assertEquals(expected, s.kept(), "cutoff " + cut);
            assertEquals(all.cols() - expected.size(), s.scores().size());
        }
    }

    @Test
    void upperTailsKeepTheirDigitsWhereOneMinusCdfIsZero() {
        assertEquals(1, num("tail.f.400.1.100") / UpperTail.f(400, 1, 100), 1e-9);
        assertEquals(num("tail.f.3.2.5.7"), UpperTail.f(3.2, 5, 7), 1e-14);
        assertEquals(1, num("tail.chisq.300.4") / UpperTail.chiSquared(300, 4), 1e-9);
        assertEquals(num("tail.chisq.2.5.3"), UpperTail.chiSquared(2.5, 3), 1e-14);
        assertEquals(0.0, 1 - new org.apache.commons.math3.distribution.FDistribution(1, 100).cumulativeProbability(400),
                "the old 1 - CDF form loses the value");
    }

    @Test
    void fTestPValueOfAPerfectSeparatorIsTinyNotZero() {
        int n = 60;
        double[][] x = new double[n][1];
        int[] y = new int[n];
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) { y[i] = i % 2; x[i][0] = y[i] * 10 + (i % 7) * 0.1; ids.add("p" + i); }
        double p = Selection.fTest(new FeatureTable(ids, List.of("f"), x, y, "t"), 0.05).scores().get("f");
        assertTrue(p > 0 && p < 1e-40, "p = " + p);
    }

    @Test
    void delongOfTwoIdenticalCurvesIsZeroAndOneAsPROC() {
        double[] s = {0.1, 0.4, 0.35, 0.8, 0.7, 0.2, 0.9, 0.55};
        int[] y = {0, 0, 1, 1, 1, 0, 1, 0};
        Roc.Comparison c = Roc.delongPaired(new Roc(s, y), new Roc(s.clone(), y));
        assertEquals(num("roc.identical.z"), c.z(), 0);
        assertEquals(num("roc.identical.p"), c.pValue(), 0);
    }
}
