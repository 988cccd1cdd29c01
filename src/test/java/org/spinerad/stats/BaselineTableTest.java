package org.spinerad.stats;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spinerad.util.Csv;
import org.spinerad.util.SpineRadException;

/** Baseline table: the test chosen and its p-value per variable against the same rules applied in R. */
class BaselineTableTest {
    private static final Csv DATA = Refs.data("baseline.csv");
    private static final String[] TESTS = {"", "Student t-test", "Welch t-test", "Mann-Whitney U", "ANOVA", "Kruskal-Wallis", "chi-square", "Fisher exact"};

    @Test
    void testsAndPValuesMatchR() {
        for (String group : new String[]{"cohort", "site"}) {
            BaselineTable.Result res = BaselineTable.build(DATA, "baseline.csv", group, null);
            List<String> names = res.variables().stream().map(BaselineTable.Variable::name).toList();
            List<String> expected = new java.util.ArrayList<>(List.of("cohort", "site", "age", "crp", "bmi", "sex", "grade"));
            expected.remove(group); // and the id column is skipped as an identifier
            assertEquals(expected, names, group);
            for (BaselineTable.Variable v : res.variables()) {
                if (v.name().equals("site") || v.name().equals("cohort")) continue;
                String ref = "baseline." + group + "." + v.name() + ".";
                String expectedTest = TESTS[(int) Refs.get(ref + "test")];
                assertTrue(v.test().startsWith(expectedTest), ref + ": " + v.test() + " vs " + expectedTest);
                assertEquals(Refs.get(ref + "p"), v.pValue(), 1e-9, ref);
            }
        }
    }

    @Test
    void cellsShowSummariesCountsAndMissing(@TempDir Path dir) throws Exception {
        BaselineTable.Result res = BaselineTable.build(DATA, "baseline.csv", "cohort", List.of("age", "crp", "sex"));
        assertEquals(List.of("test", "train"), res.groups());
        Csv t = res.table();
        int train = 4; // variable, level, overall, test, train
        assertTrue(t.header().get(train).startsWith("cohort=train (n="));
        // age is not normal in every group -> median (Q1, Q3); crp the same; check the crp cell and its missing row
        int crpRow = rowOf(t, "crp");
        String expected = String.format(Locale.ROOT, "%.2f (%.2f, ", Refs.get("baseline.cohort.crp.train.median"), Refs.get("baseline.cohort.crp.train.q1"));
        assertTrue(t.cell(crpRow, train).startsWith(expected), t.cell(crpRow, train));
        assertEquals("missing", t.cell(crpRow + 1, 1));
        assertEquals((int) Refs.get("baseline.cohort.crp.train.missing"), Integer.parseInt(t.cell(crpRow + 1, train)));
        assertEquals(3, Integer.parseInt(t.cell(crpRow + 1, 2)));
        // sex: header row then F and M with n (%) of non-missing values
        int sexRow = rowOf(t, "sex");
        assertEquals("F", t.cell(sexRow + 1, 1));
        long f = DATA.rows().stream().filter(r -> r.get(6).equals("F")).count();
        assertTrue(t.cell(sexRow + 1, 2).startsWith(f + " ("), t.cell(sexRow + 1, 2));
        assertEquals("2", t.cell(sexRow + 3, 2)); // two missing
        // a normally distributed variable is shown as mean +- SD
        double[] x = {4.9, 5.1, 5.0, 5.3, 4.8, 5.2, 5.0, 4.7};
        assertEquals(String.format(Locale.ROOT, "%.2f ± %.2f", 5.0, Math.sqrt(GroupTests.variance(x, 5.0))), BaselineTable.describe(x, true));
        Path out = dir.resolve("table1.csv");
        t.write(out);
        assertEquals(t.rowCount() + 1, Files.readAllLines(out).size());
    }

    private static int rowOf(Csv t, String variable) {
        for (int r = 0; r < t.rowCount(); r++) if (t.cell(r, 0).equals(variable)) return r;
        throw new AssertionError("no row " + variable);
    }

    @Test
    void singleGroupIsAnError() {
        Csv one = new Csv(List.of("g", "x"), List.of(List.of("a", "1"), List.of("a", "2")));
        var e = assertThrows(SpineRadException.class, () -> BaselineTable.build(one, "one.csv", "g", null));
        assertTrue(e.getMessage().contains("one.csv") && e.getMessage().contains("1 group"), e.getMessage());
        assertThrows(SpineRadException.class, () -> BaselineTable.build(one, "one.csv", "nope", null));
    }
}
