package org.spinerad.stats;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.spinerad.util.Csv;
import org.spinerad.util.SpineRadException;

/** Logistic regression vs R glm, calibration vs the hoslem.test computation, decision curve vs closed form. */
class LogisticCalibrationTest {
    private static final Csv L = Refs.data("logistic.csv");
    private static final int[] Y = Refs.intColumn(L, "y");
    private static final double[] P = Refs.column(L, "p");

    @Test
    void logisticRegressionMatchesGlm() {
        LogisticRegression.Fit fit = LogisticRegression.fit(new double[][]{Refs.column(L, "x1"), Refs.column(L, "x2")}, Y, new String[]{"x1", "x2"});
        assertTrue(fit.converged());
        for (int i = 0; i < 3; i++) {
            assertEquals(Refs.get("glm.coef." + (i + 1)), fit.coefficients()[i], 1e-9);
            assertEquals(Refs.get("glm.se." + (i + 1)), fit.standardErrors()[i], 1e-9);
            assertEquals(Refs.get("glm.p." + (i + 1)), fit.pValue(i), 1e-9);
        }
        assertEquals(Refs.get("glm.deviance"), fit.deviance(), 1e-8);
        assertEquals(Refs.get("glm.null.deviance"), fit.nullDeviance(), 1e-8);
        int x1 = fit.index("x1");
        double[] ci = fit.oddsRatioCi(x1, 0.95);
        assertEquals(Math.exp(fit.coefficients()[x1] - 1.959963984540054 * fit.standardErrors()[x1]), ci[0], 1e-12);
        assertTrue(ci[0] < fit.oddsRatio(x1) && fit.oddsRatio(x1) < ci[1]);
    }

    @Test
    void logisticRegressionRejectsConstantPredictorAndFlagsSeparation() {
        var e = assertThrows(SpineRadException.class, () -> LogisticRegression.fit(new double[]{1, 1, 1, 1}, new int[]{0, 1, 0, 1}, "age"));
        assertTrue(e.getMessage().contains("'age' is constant"), e.getMessage());
        LogisticRegression.Fit sep = LogisticRegression.fit(new double[]{1, 2, 3, 4, 5, 6}, new int[]{0, 0, 0, 1, 1, 1}, "x");
        assertFalse(sep.converged());
    }

    @Test
    void calibrationMatchesR() {
        Calibration.InterceptSlope cal = Calibration.interceptSlope(P, Y);
        assertEquals(Refs.get("cal.intercept"), cal.intercept(), 1e-9);
        assertEquals(Refs.get("cal.slope"), cal.slope(), 1e-9);
        assertEquals(Refs.get("cal.in.the.large"), cal.inTheLarge(), 1e-9);
        double[] lp = java.util.Arrays.stream(P).map(v -> Math.log(v / (1 - v))).toArray();
        LogisticRegression.Fit citl = LogisticRegression.fit(new double[0][], lp, Y, new String[0]);
        assertEquals(Refs.get("cal.in.the.large.se"), citl.standardErrors()[0], 1e-7); // glm evaluates the SE at the previous IRLS iterate
        assertEquals(Refs.get("brier"), Calibration.brier(P, Y), 1e-14);
        Calibration.HosmerLemeshow hl = Calibration.hosmerLemeshow(P, Y, 10);
        assertEquals(Refs.get("hl.statistic"), hl.statistic(), 1e-9);
        assertEquals(Refs.get("hl.p"), hl.pValue(), 1e-9);
        assertEquals(8, hl.df());
        Calibration.Curve c = Calibration.curve(P, Y, 10);
        assertEquals(10, c.count().length);
        assertEquals(P.length, java.util.Arrays.stream(c.count()).sum());
        double meanP = 0, events = 0;
        for (int k = 0; k < 10; k++) { meanP += c.meanPredicted()[k] * c.count()[k]; events += c.observed()[k] * c.count()[k]; }
        assertEquals(java.util.Arrays.stream(P).sum(), meanP, 1e-9);
        assertEquals(java.util.Arrays.stream(Y).sum(), events, 1e-9);
        var e = assertThrows(SpineRadException.class, () -> Calibration.brier(new double[]{0.2, 1.5}, new int[]{0, 1}));
        assertTrue(e.getMessage().contains("row 2"), e.getMessage());
    }

    @Test
    void decisionCurveEqualsClosedForm() {
        // 10 patients, 4 events; at pt = 0.25: treated = p >= 0.25 -> TP 3, FP 2 -> 3/10 - 2/10 * (1/3)
        double[] p = {0.9, 0.8, 0.3, 0.25, 0.6, 0.1, 0.2, 0.05, 0.15, 0.1};
        int[] y = {1, 1, 0, 0, 1, 0, 0, 1, 0, 0};
        assertEquals(0.3 - 0.2 / 3, DecisionCurve.netBenefit(p, y, 0.25), 1e-15);
        DecisionCurve.Curve c = DecisionCurve.curve(p, y, new double[]{0.0, 0.25, 0.5});
        assertEquals(0.4, c.model()[0], 1e-15);                 // everyone treated at pt = 0
        assertEquals(0.4 - 0.6 / 3, c.treatAll()[1], 1e-15);
        assertEquals(0.3 - 0.0, c.model()[2], 1e-15);            // p >= 0.5: 3 events, no false positive
        assertEquals(0.4 - 0.6, c.treatAll()[2], 1e-15);
        assertEquals(0.0, c.treatNone()[1]);
        assertArrayEquals(new double[]{0.05, 0.1, 0.15}, DecisionCurve.thresholds(0.05, 0.15, 0.05), 1e-15);
    }
}
