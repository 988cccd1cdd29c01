package org.spinerad.predict;

import org.spinerad.cli.SpineRadCli;
import org.spinerad.util.Csv;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Test cohorts for the predict tests: the planted feature table, its clinical table, CSV writing and the CLI runner. */
public final class RiskFixtures {
    private RiskFixtures() {}

    /** 300 patients, 60 features: f0 and f1 drive the outcome, f2 is a near copy of f0, the rest is noise. */
    public static FeatureTable planted(long seed, boolean nullCohort) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = 300, p = 60;
        double[][] x = new double[n][p];
        int[] y = new int[n];
        List<String> ids = new ArrayList<>(), names = new ArrayList<>();
        for (int j = 0; j < p; j++) names.add("original_firstorder_F" + j);
        for (int i = 0; i < n; i++) {
            ids.add(String.format("P%03d", i));
            for (int j = 0; j < p; j++) x[i][j] = 100 + 20 * rnd.nextGaussian();
            x[i][2] = x[i][0] + 2 * rnd.nextGaussian();
            double eta = nullCohort ? 0 : 1.4 * (x[i][0] - 100) / 20 - 1.0 * (x[i][1] - 100) / 20;
            y[i] = rnd.nextDouble() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
        }
        return new FeatureTable(ids, names, x, y, "planted");
    }

    /** Clinical table for the planted cohort: age carries signal, sex does not. */
    public static Csv clinical(FeatureTable t, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < t.rows(); i++) {
            double age = 60 + 8 * rnd.nextGaussian() + 6 * t.y()[i];
            rows.add(List.of(t.ids().get(i), Integer.toString(t.y()[i]), String.format(java.util.Locale.ROOT, "%.1f", age),
                    rnd.nextBoolean() ? "F" : "M", i % 5 == 0 ? "C" : (i % 2 == 0 ? "A" : "B"),
                    Integer.toString(rnd.nextDouble() < 0.7 ? t.y()[i] : 1 - t.y()[i])));
        }
        return new Csv(List.of("patient_id", "outcome", "age", "sex", "center", "rater"), rows);
    }

    /** {@code t} as a features CSV: patient_id, then one column per feature. */
    public static void writeFeatures(FeatureTable t, Path file) {
        List<String> header = new ArrayList<>(List.of("patient_id"));
        header.addAll(t.names());
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < t.rows(); i++) {
            List<String> r = new ArrayList<>(List.of(t.ids().get(i)));
            for (double v : t.x()[i]) r.add(Csv.num(v));
            rows.add(r);
        }
        new Csv(header, rows).write(file);
    }

    /** Runs the CLI: its exit code, a newline, then everything it printed. */
    public static String run(String... args) {
        PrintStream old = System.out, oldErr = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true));
        System.setErr(new PrintStream(buf, true));
        try {
            int code = SpineRadCli.execute(args);
            return code + "\n" + buf;
        } finally {
            System.setOut(old);
            System.setErr(oldErr);
        }
    }
}
