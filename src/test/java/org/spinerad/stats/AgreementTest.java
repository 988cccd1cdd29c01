package org.spinerad.stats;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.spinerad.util.Csv;
import org.spinerad.util.SpineRadException;

/** ICC against psych::ICC; Cohen's kappa against psych::cohen.kappa, vcd::Kappa and statsmodels cohens_kappa. */
class AgreementTest {
    private static final Csv ICC = Refs.data("icc.csv");
    private static final String[] PSYCH = {"ICC1", "ICC2", "ICC3", "ICC1k", "ICC2k", "ICC3k"};

    static double[][] ratings(int raters) {
        double[][] cols = {Refs.column(ICC, "r1"), Refs.column(ICC, "r2"), Refs.column(ICC, "r3")};
        double[][] m = new double[cols[0].length][raters];
        for (int i = 0; i < m.length; i++) for (int j = 0; j < raters; j++) m[i][j] = cols[j][i];
        return m;
    }

    @Test
    void iccFormsMatchPsych() {
        for (int k : new int[]{2, 3}) {
            Agreement.IccTable t = Agreement.icc(ratings(k), 0.95);
            for (Agreement.IccForm form : Agreement.IccForm.values()) {
                String tag = "icc" + k + "." + PSYCH[form.ordinal()] + ".";
                Agreement.Icc icc = t.get(form);
                assertEquals(Refs.get(tag + "value"), icc.value(), 1e-9, tag);
                assertEquals(Refs.get(tag + "F"), icc.f(), 1e-9, tag);
                assertEquals(Refs.get(tag + "p"), icc.pValue(), 1e-9, tag);
                assertEquals(Refs.get(tag + "lower"), icc.lower(), 1e-6, tag);
                assertEquals(Refs.get(tag + "upper"), icc.upper(), 1e-6, tag);
            }
        }
    }

    @Test
    void kappaMatchesPsych() {
        Csv t = Refs.data("kappa.csv");
        String[] a = t.rows().stream().map(r -> r.get(0)).toArray(String[]::new);
        String[] b = t.rows().stream().map(r -> r.get(1)).toArray(String[]::new);
        Agreement.Kappa k = Agreement.kappa(a, b, Agreement.KappaWeights.UNWEIGHTED, 0.95);
        assertEquals(Refs.get("kappa.unweighted"), k.kappa(), 1e-12);
        assertEquals(Refs.get("kappa.unweighted.var"), k.se() * k.se(), 1e-12);
        assertEquals(Refs.get("kappa.unweighted.lower"), k.lower(), 1e-9);
        assertEquals(Refs.get("kappa.unweighted.upper"), k.upper(), 1e-9);
        assertEquals(Refs.get("kappa.unweighted.vcd.ase"), k.se(), 1e-12);
        k = Agreement.kappa(a, b, Agreement.KappaWeights.QUADRATIC, 0.95);
        assertEquals(Refs.get("kappa.quadratic"), k.kappa(), 1e-12);
        assertEquals(Refs.get("kappa.quadratic.psych"), k.kappa(), 1e-12);
        assertEquals(Refs.get("kappa.quadratic.var"), k.se() * k.se(), 1e-12);
        k = Agreement.kappa(a, b, Agreement.KappaWeights.LINEAR, 0.95);
        assertEquals(Refs.get("kappa.linear"), k.kappa(), 1e-12);
        assertEquals(Refs.get("kappa.linear.var"), k.se() * k.se(), 1e-12);
        assertEquals(List.of("1", "2", "3", "4"), k.categories());
    }

    @Test
    void kappaStandardErrorsAndTestMatchStatsmodels() {
        Csv t = Refs.data("kappa.csv");
        String[] a = t.rows().stream().map(r -> r.get(0)).toArray(String[]::new);
        String[] b = t.rows().stream().map(r -> r.get(1)).toArray(String[]::new);
        for (Agreement.KappaWeights w : Agreement.KappaWeights.values()) {
            String tag = "kappa.sm." + w.name().toLowerCase(java.util.Locale.ROOT);
            Agreement.Kappa k = Agreement.kappa(a, b, w, 0.95);
            assertEquals(Refs.get(tag), k.kappa(), 1e-12, tag);
            assertEquals(Refs.get(tag + ".se"), k.se(), 1e-12, tag);
            assertEquals(Refs.get(tag + ".se0"), k.seNull(), 1e-12, tag);
            assertEquals(Refs.get(tag + ".z"), k.z(), 1e-9, tag);
            assertEquals(Refs.get(tag + ".p"), k.pValue(), 1e-12, tag);
        }
    }

    @Test
    void iccFilterKeepsReproducibleFeatures() {
        double[][] r = ratings(2);
        List<String> header = List.of("id", "good", "noisy", "const", "label");
        List<List<String>> ra = new java.util.ArrayList<>(), rb = new java.util.ArrayList<>();
        java.util.Random rnd = new java.util.Random(7);
        for (int i = 0; i < r.length; i++) {
            ra.add(List.of("P" + i, Double.toString(r[i][0]), Double.toString(rnd.nextGaussian()), "3", "x"));
            rb.add(List.of("P" + i, Double.toString(r[i][1]), Double.toString(rnd.nextGaussian()), "3", "x"));
        }
        IccFilter.Result res = IccFilter.filter(new Csv(header, ra), "a.csv", new Csv(header, rb), "b.csv", "id", List.of(),
                Agreement.IccForm.ICC_A_1, 0.75);
        assertEquals(List.of("good"), res.kept());
        assertEquals(3, res.features().size()); // label column is not numeric
        assertEquals(Refs.get("icc2.ICC2.value"), res.features().get(0).icc().value(), 1e-9);
        assertEquals("constant", res.features().get(2).note());
        assertEquals(3, IccFilter.toCsv(res).rowCount());
        List<List<String>> shuffled = new java.util.ArrayList<>(rb);
        java.util.Collections.swap(shuffled, 0, 1);
        var e = assertThrows(SpineRadException.class, () -> IccFilter.filter(new Csv(header, ra), "a.csv", new Csv(header, shuffled), "b.csv",
                "id", List.of(), Agreement.IccForm.ICC_A_1, 0.75));
        assertTrue(e.getMessage().contains("row 2"), e.getMessage());
    }

    @Test
    void badInputIsReported() {
        var e = assertThrows(SpineRadException.class, () -> Agreement.icc(new double[][]{{1}, {2}, {3}}, 0.95));
        assertTrue(e.getMessage().contains("at least 2 raters"), e.getMessage());
        e = assertThrows(SpineRadException.class, () -> Agreement.icc(new double[][]{{1, 1}, {1, 1}, {1, 1}}, 0.95));
        assertTrue(e.getMessage().contains("constant"), e.getMessage());
        assertThrows(SpineRadException.class, () -> Agreement.kappa(new String[]{"a", "a"}, new String[]{"a", "a"}, Agreement.KappaWeights.UNWEIGHTED, 0.95));
    }
}
