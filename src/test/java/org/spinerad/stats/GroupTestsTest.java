package org.spinerad.stats;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.spinerad.util.Csv;
import org.spinerad.util.SpineRadException;

/** Group tests against R stats / car. */
class GroupTestsTest {
    private static final Csv G = Refs.data("groups.csv");
    private static final double[] XA = Refs.where(G, "x", "group", "A"), XB = Refs.where(G, "x", "group", "B"), XC = Refs.where(G, "x", "group", "C");
    private static final double[] ZA = Refs.where(G, "z", "group", "A"), ZB = Refs.where(G, "z", "group", "B"), ZC = Refs.where(G, "z", "group", "C");

    private static void check(String ref, double actual, double tol) { assertEquals(Refs.get(ref), actual, tol, ref); }

    @Test
    void parametricTestsMatchR() {
        GroupTests.Result t = GroupTests.tTest(XA, XB, false);
        check("t.student.t", t.statistic(), 1e-9);
        check("t.student.p", t.pValue(), 1e-9);
        t = GroupTests.tTest(XA, XB, true);
        check("t.welch.t", t.statistic(), 1e-9);
        check("t.welch.df", t.df1(), 1e-9);
        check("t.welch.p", t.pValue(), 1e-9);
        GroupTests.Result l = GroupTests.levene(true, XA, XB, XC);
        check("levene.median.F", l.statistic(), 1e-9);
        check("levene.median.p", l.pValue(), 1e-9);
        l = GroupTests.levene(false, XA, XB, XC);
        check("levene.mean.F", l.statistic(), 1e-9);
        check("levene.mean.p", l.pValue(), 1e-9);
        GroupTests.Result a = GroupTests.anova(XA, XB, XC);
        check("anova.F", a.statistic(), 1e-9);
        check("anova.p", a.pValue(), 1e-9);
    }

    @Test
    void rankTestsMatchR() {
        GroupTests.Result w = GroupTests.mannWhitney(ZA, ZB);
        check("mwu.W", w.statistic(), 1e-9);
        check("mwu.p", w.pValue(), 1e-9);
        GroupTests.Result k = GroupTests.kruskalWallis(ZA, ZB, ZC);
        check("kw.H", k.statistic(), 1e-9);
        check("kw.p", k.pValue(), 1e-9);
    }

    @Test
    void shapiroWilkMatchesR() {
        double[] x = Refs.column(G, "x"), z = Refs.column(G, "z");
        check("shapiro.x.W", GroupTests.shapiroWilk(x).statistic(), 1e-6);
        check("shapiro.x.p", GroupTests.shapiroWilk(x).pValue(), 1e-4);
        check("shapiro.z.W", GroupTests.shapiroWilk(z).statistic(), 1e-6);
        check("shapiro.z.p", GroupTests.shapiroWilk(z).pValue(), 1e-4);
        double[] z9 = java.util.Arrays.copyOf(z, 9), x5 = java.util.Arrays.copyOf(x, 5), x3 = java.util.Arrays.copyOf(x, 3);
        check("shapiro.z9.W", GroupTests.shapiroWilk(z9).statistic(), 1e-6);
        check("shapiro.z9.p", GroupTests.shapiroWilk(z9).pValue(), 1e-4);
        check("shapiro.x5.W", GroupTests.shapiroWilk(x5).statistic(), 1e-6);
        check("shapiro.x5.p", GroupTests.shapiroWilk(x5).pValue(), 1e-4);
        check("shapiro.x3.W", GroupTests.shapiroWilk(x3).statistic(), 1e-6);
        check("shapiro.x3.p", GroupTests.shapiroWilk(x3).pValue(), 1e-4);
        assertThrows(SpineRadException.class, () -> GroupTests.shapiroWilk(new double[]{2, 2, 2, 2}));
    }

    @Test
    void contingencyTestsMatchR() {
        long[][] t22 = {{12, 5}, {7, 16}};
        check("chisq.2x2.yates.X2", GroupTests.chiSquare(t22, true).statistic(), 1e-9);
        check("chisq.2x2.yates.p", GroupTests.chiSquare(t22, true).pValue(), 1e-9);
        check("chisq.2x2.X2", GroupTests.chiSquare(t22, false).statistic(), 1e-9);
        check("chisq.2x2.p", GroupTests.chiSquare(t22, false).pValue(), 1e-9);
        long[][] t32 = {{20, 15}, {12, 25}, {8, 14}};
        check("chisq.3x2.X2", GroupTests.chiSquare(t32, true).statistic(), 1e-9);
        check("chisq.3x2.p", GroupTests.chiSquare(t32, true).pValue(), 1e-9);
        check("fisher.2x2.p", GroupTests.fisher(t22).pValue(), 1e-9);
        check("fisher.2x2b.p", GroupTests.fisher(new long[][]{{3, 1}, {1, 3}}).pValue(), 1e-9);
        check("fisher.3x3.p", GroupTests.fisher(new long[][]{{3, 1, 0}, {2, 4, 1}, {0, 2, 5}}).pValue(), 1e-9);
        check("fisher.2x4.p", GroupTests.fisher(new long[][]{{5, 2, 1, 0}, {1, 3, 4, 6}}).pValue(), 1e-9);
        assertThrows(SpineRadException.class, () -> GroupTests.chiSquare(new long[][]{{1, 0}, {2, 0}}, true));
    }

    @Test
    void badInputIsReported() {
        assertThrows(SpineRadException.class, () -> GroupTests.tTest(new double[]{1}, new double[]{1, 2}, true));
        var e = assertThrows(SpineRadException.class, () -> GroupTests.anova(new double[]{1, Double.NaN}, new double[]{1, 2}));
        assertTrue(e.getMessage().contains("row 2"), e.getMessage());
        assertThrows(SpineRadException.class, () -> GroupTests.mannWhitney(new double[]{1, 1}, new double[]{1, 1}));
    }
}
