package org.spinerad.stats;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.spinerad.util.Csv;

/** Reference numbers (scripts/ref/stats_reference.R, stats_kappa_reference.py) and the fixed data they were computed on. */
final class Refs {
    private static Map<String, Double> values;

    private Refs() {}

    static Path resource(String name) {
        try {
            return Path.of(Refs.class.getResource(name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing test resource " + name, e);
        }
    }

    static Csv data(String name) { return Csv.read(resource(name)); }

    static synchronized double get(String name) {
        if (values == null) {
            values = new HashMap<>();
            for (String file : new String[]{"refs.csv", "kappa_statsmodels.csv"}) {
                Csv t = data(file);
                for (int r = 0; r < t.rowCount(); r++) values.put(t.cell(r, 0), Double.parseDouble(t.cell(r, 1)));
            }
        }
        Double v = values.get(name);
        if (v == null) throw new IllegalStateException("no reference value " + name);
        return v;
    }

    static double[] column(Csv t, String name) {
        int c = t.requireColumn(name, "test data");
        double[] v = new double[t.rowCount()];
        for (int r = 0; r < v.length; r++) v[r] = Csv.parseNum(t.cell(r, c), name);
        return v;
    }

    static int[] intColumn(Csv t, String name) {
        double[] d = column(t, name);
        int[] v = new int[d.length];
        for (int i = 0; i < d.length; i++) v[i] = (int) d[i];
        return v;
    }

    /** Values of column {@code value} where column {@code group} equals {@code level}. */
    static double[] where(Csv t, String value, String group, String level) {
        int g = t.requireColumn(group, "test data");
        double[] all = column(t, value);
        return java.util.stream.IntStream.range(0, all.length).filter(i -> t.cell(i, g).equals(level)).mapToDouble(i -> all[i]).toArray();
    }
}
