package org.spinerad.stats;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.spinerad.util.Csv;
import org.spinerad.util.SpineRadException;

/** ROC, AUC, DeLong variance/CI/tests, bootstrap CI and Youden threshold against pROC 1.18. */
class RocTest {
    private static final Csv D = Refs.data("roc.csv"), D2 = Refs.data("roc2.csv");
    private static final int[] Y = Refs.intColumn(D, "y");
    private static final Roc R1 = new Roc(Refs.column(D, "s1"), Y), R2 = new Roc(Refs.column(D, "s2"), Y);
    private static final Roc R3 = new Roc(Refs.column(D2, "s"), Refs.intColumn(D2, "y"));

    @Test
    void aucAndDelongVarianceMatchPROC() {
        assertEquals(Refs.get("roc.s1.auc"), R1.auc(), 1e-12);
        assertEquals(Refs.get("roc.s1.var"), R1.delongVariance(), 1e-12);
        assertEquals(Refs.get("roc.s2.auc"), R2.auc(), 1e-12);
        assertEquals(Refs.get("roc.s2.var"), R2.delongVariance(), 1e-12);
        assertEquals(Refs.get("roc2.auc"), R3.auc(), 1e-12);
        assertEquals(Refs.get("roc2.var"), R3.delongVariance(), 1e-12);
        Roc.Interval ci = R1.ciDelong(0.95);
        assertEquals(Refs.get("roc.s1.ci.lower"), ci.lower(), 1e-9);
        assertEquals(Refs.get("roc.s1.ci.upper"), ci.upper(), 1e-9);
    }

    @Test
    void delongTestsMatchPROC() {
        Roc.Comparison paired = Roc.delongPaired(R1, R2);
        assertEquals(Refs.get("roc.paired.z"), paired.z(), 1e-8);
        assertEquals(Refs.get("roc.paired.p"), paired.pValue(), 1e-8);
        Roc.Comparison unpaired = Roc.delongUnpaired(R1, R3);
        assertEquals(Refs.get("roc.unpaired.z"), unpaired.z(), 1e-8);
        assertEquals(Refs.get("roc.unpaired.df"), unpaired.df(), 1e-8);
        assertEquals(Refs.get("roc.unpaired.p"), unpaired.pValue(), 1e-8);
        assertThrows(SpineRadException.class, () -> Roc.delongPaired(R1, R3));
    }

    @Test
    void bootstrapCiIsSeededAndCloseToPROCAndDelong() {
        Roc.Interval b = R1.ciBootstrap(0.95, 2000, 42);
        assertEquals(b, R1.ciBootstrap(0.95, 2000, 42));
        // different RNG than R: percentile limits agree to Monte Carlo precision
        assertEquals(Refs.get("roc.s1.boot.lower"), b.lower(), 0.015);
        assertEquals(Refs.get("roc.s1.boot.upper"), b.upper(), 0.015);
        assertEquals(Refs.get("roc.s1.ci.lower"), b.lower(), 0.02);
        assertTrue(b.lower() < R1.auc() && R1.auc() < b.upper());
    }

    @Test
    void curveAndYoudenMatchPROC() {
        Roc.Curve c = R1.curve();
        assertEquals((int) Refs.get("roc.s1.threshold.count"), c.thresholds().length);
        assertEquals(Refs.get("roc.s1.threshold.3"), c.thresholds()[2], 1e-12);
        assertEquals(Refs.get("roc.s1.sensitivity.3"), c.sensitivity()[2], 1e-12);
        assertEquals(Refs.get("roc.s1.specificity.3"), c.specificity()[2], 1e-12);
        for (String s : new String[]{"s1", "s2"}) {
            Roc r = s.equals("s1") ? R1 : R2;
            assertEquals(1, (int) Refs.get("roc." + s + ".youden.count"));
            Roc.Threshold t = r.youden();
            assertEquals(Refs.get("roc." + s + ".youden.threshold"), t.threshold(), 1e-12);
            assertEquals(Refs.get("roc." + s + ".youden.sensitivity"), t.sensitivity(), 1e-12);
            assertEquals(Refs.get("roc." + s + ".youden.specificity"), t.specificity(), 1e-12);
            ClassificationMetrics m = r.metricsAt(t.threshold());
            assertEquals(t.sensitivity(), m.sensitivity(), 1e-12);
            assertEquals(t.specificity(), m.specificity(), 1e-12);
        }
    }

    @Test
    void perfectSeparationAndHandCountedMetrics() {
        Roc r = new Roc(new double[]{0.1, 0.2, 0.8, 0.9}, new int[]{0, 0, 1, 1});
        assertEquals(1.0, r.auc());
        assertEquals(0.5, r.youden().threshold(), 1e-15);
        // scores 0.3 0.6 0.6 0.9 / outcome 0 1 0 1 at 0.5: TP 2, FP 1, TN 1, FN 0
        ClassificationMetrics m = ClassificationMetrics.at(new double[]{0.3, 0.6, 0.6, 0.9}, new int[]{0, 1, 0, 1}, 0.5);
        assertEquals(new ClassificationMetrics(0.5, 2, 1, 1, 0), m);
        assertEquals(0.75, m.accuracy());
        assertEquals(1.0, m.sensitivity());
        assertEquals(0.5, m.specificity());
        assertEquals(2 / 3.0, m.ppv(), 1e-15);
        assertEquals(1.0, m.npv());
        assertEquals(0.8, m.f1(), 1e-15);
        ClassificationMetrics none = ClassificationMetrics.at(new double[]{0.3, 0.6}, new int[]{0, 1}, 0.9);
        assertTrue(Double.isNaN(none.ppv()));
        assertEquals(0.0, none.f1());
    }

    @Test
    void badInputIsReported() {
        var e = assertThrows(SpineRadException.class, () -> new Roc(new double[]{1, 2, 3}, new int[]{1, 1, 1}));
        assertTrue(e.getMessage().startsWith("outcome has only one class"), e.getMessage());
        e = assertThrows(SpineRadException.class, () -> new Roc(new double[]{1, Double.NaN, 3}, new int[]{0, 1, 1}));
        assertTrue(e.getMessage().contains("row 2"), e.getMessage());
        e = assertThrows(SpineRadException.class, () -> new Roc(new double[]{1, 2}, new int[]{0, 1, 1}));
        assertTrue(e.getMessage().contains("lengths differ"), e.getMessage());
        assertThrows(SpineRadException.class, () -> new Roc(new double[]{1, 2}, new int[]{0, 2}));
    }
}
