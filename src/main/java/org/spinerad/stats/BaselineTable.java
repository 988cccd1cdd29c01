package org.spinerad.stats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.spinerad.util.Csv;
import org.spinerad.util.SpineRadException;

/**
 * Baseline characteristics ("Table 1") by group.
 * <ul>
 * <li>A variable is numeric when all its non-missing cells are numbers and it has more than
 * {@value #MAX_CATEGORICAL_LEVELS} distinct values; otherwise categorical (so 0/1 flags and grades are counted).</li>
 * <li>Numeric: mean &plusmn; SD when Shapiro-Wilk p &gt; 0.05 in every group (each with 3..5000 values), else median (Q1, Q3).
 * 2 groups: normal &rarr; Levene (median) p &gt; 0.05 ? Student t : Welch t; otherwise Mann-Whitney. &gt;2 groups: ANOVA or
 * Kruskal-Wallis.</li>
 * <li>Categorical: n (%) of non-missing per group; chi-square (Yates on 2x2, as R) or Fisher's exact test when an
 * expected count is &lt; 5.</li>
 * <li>Missing cells (empty, NA, nan) are counted per group on an extra "missing" row; rows without a group value are
 * left out. When the variables are not listed, non-numeric columns with all values distinct (identifiers) are skipped.</li>
 * </ul>
 */
public final class BaselineTable {
    public static final int MAX_CATEGORICAL_LEVELS = 5;
    private static final double ALPHA = 0.05;

    private BaselineTable() {}

    /** Summary of one variable: the test used and its p-value (NaN when not computable). */
    public record Variable(String name, boolean numeric, boolean normal, String test, double pValue, int missing) {}

    public record Result(List<String> groups, List<Variable> variables, Csv table) {}

    /**
     * @param variables columns to summarise; null for all columns except the group column
     */
    public static Result build(Csv data, String source, String groupColumn, List<String> variables) {
        int gc = data.requireColumn(groupColumn, source);
        List<String> names = variables != null ? variables : new ArrayList<>(data.header());
        if (variables == null) names.remove(groupColumn);
        Map<String, List<Integer>> byGroup = new TreeMap<>(BaselineTable::compareLevels);
        for (int r = 0; r < data.rowCount(); r++) {
            String g = data.cell(r, gc).trim();
            if (!isMissing(g)) byGroup.computeIfAbsent(g, k -> new ArrayList<>()).add(r);
        }
        if (byGroup.size() < 2)
            throw new SpineRadException(source + ": group column '" + groupColumn + "' has " + byGroup.size() + " group(s); need at least 2");
        List<String> groups = new ArrayList<>(byGroup.keySet());
        List<String> header = new ArrayList<>(List.of("variable", "level", "overall (n=" + byGroup.values().stream().mapToInt(List::size).sum() + ")"));
        for (String g : groups) header.add(groupColumn + "=" + g + " (n=" + byGroup.get(g).size() + ")");
        header.addAll(List.of("p", "test"));
        List<List<String>> rows = new ArrayList<>();
        List<Variable> summaries = new ArrayList<>();
        for (String name : names) {
            int c = data.requireColumn(name, source);
            List<List<String>> cells = new ArrayList<>(); // per group, the raw non-missing cells
            int[] missing = new int[groups.size()];
            for (int k = 0; k < groups.size(); k++) {
                List<String> list = new ArrayList<>();
                for (int r : byGroup.get(groups.get(k))) {
                    String v = data.cell(r, c).trim();
                    if (isMissing(v)) missing[k]++;
                    else list.add(v);
                }
                cells.add(list);
            }
            boolean numeric = isNumeric(cells);
            if (!numeric && variables == null && isIdentifier(cells)) continue;
            Variable v = numeric ? numeric(name, cells, rows, source) : categorical(name, cells, rows);
            int totalMissing = 0;
            for (int m : missing) totalMissing += m;
            if (totalMissing > 0) {
                List<String> row = new ArrayList<>(List.of("", "missing", Integer.toString(totalMissing)));
                for (int m : missing) row.add(Integer.toString(m));
                row.addAll(List.of("", ""));
                rows.add(row);
            }
            summaries.add(new Variable(v.name, v.numeric, v.normal, v.test, v.pValue, totalMissing));
        }
        return new Result(groups, summaries, new Csv(header, rows));
    }

    private static Variable numeric(String name, List<List<String>> cells, List<List<String>> rows, String source) {
        int k = cells.size();
        double[][] x = new double[k][];
        List<Double> all = new ArrayList<>();
        for (int g = 0; g < k; g++) {
            x[g] = cells.get(g).stream().mapToDouble(s -> Csv.parseNum(s, source + ": column " + name)).toArray();
            for (double v : x[g]) all.add(v);
        }
        double[] overall = all.stream().mapToDouble(Double::doubleValue).toArray();
        boolean normal = true;
        for (double[] g : x) normal &= isNormal(g);
        String test;
        double p;
        try {
            if (k == 2) {
                if (normal) {
                    boolean equalVar = GroupTests.levene(true, x[0], x[1]).pValue() > ALPHA;
                    GroupTests.Result t = GroupTests.tTest(x[0], x[1], !equalVar);
                    test = t.test();
                    p = t.pValue();
                } else {
                    test = "Mann-Whitney U";
                    p = GroupTests.mannWhitney(x[0], x[1]).pValue();
                }
            } else if (normal) {
                test = "ANOVA";
                p = GroupTests.anova(x).pValue();
            } else {
                test = "Kruskal-Wallis";
                p = GroupTests.kruskalWallis(x).pValue();
            }
        } catch (SpineRadException e) {
            test = "not computable: " + e.getMessage();
            p = Double.NaN;
        }
        List<String> row = new ArrayList<>(List.of(name, normal ? "mean ± SD" : "median (Q1, Q3)", describe(overall, normal)));
        for (double[] g : x) row.add(describe(g, normal));
        row.addAll(List.of(formatP(p), test));
        rows.add(row);
        return new Variable(name, true, normal, test, p, 0);
    }

    private static Variable categorical(String name, List<List<String>> cells, List<List<String>> rows) {
        Map<String, long[]> counts = new TreeMap<>(BaselineTable::compareLevels);
        int k = cells.size();
        long[] groupTotals = new long[k];
        for (int g = 0; g < k; g++)
            for (String v : cells.get(g)) {
                counts.computeIfAbsent(v, key -> new long[k])[g]++;
                groupTotals[g]++;
            }
        // test on levels x non-empty groups
        List<Integer> used = new ArrayList<>();
        for (int g = 0; g < k; g++) if (groupTotals[g] > 0) used.add(g);
        String test;
        double p = Double.NaN;
        if (counts.size() < 2 || used.size() < 2) test = "not computable: fewer than 2 levels or groups";
        else {
            long[][] table = new long[counts.size()][used.size()];
            int i = 0;
            for (long[] c : counts.values()) {
                for (int j = 0; j < used.size(); j++) table[i][j] = c[used.get(j)];
                i++;
            }
            double minExpected = Double.POSITIVE_INFINITY;
            for (double[] e : GroupTests.expected(table)) for (double v : e) minExpected = Math.min(minExpected, v);
            GroupTests.Result r;
            if (minExpected < 5) {
                try {
                    r = GroupTests.fisher(table);
                } catch (SpineRadException tooLarge) {
                    r = GroupTests.chiSquare(table, true);
                }
            } else r = GroupTests.chiSquare(table, true);
            test = r.test();
            p = r.pValue();
        }
        long total = 0;
        for (long t : groupTotals) total += t;
        List<String> head = new ArrayList<>(List.of(name, "n (%)", ""));
        for (int g = 0; g < k; g++) head.add("");
        head.addAll(List.of(formatP(p), test));
        rows.add(head);
        for (Map.Entry<String, long[]> e : counts.entrySet()) {
            long sum = 0;
            for (long v : e.getValue()) sum += v;
            List<String> row = new ArrayList<>(List.of("", e.getKey(), countPct(sum, total)));
            for (int g = 0; g < k; g++) row.add(countPct(e.getValue()[g], groupTotals[g]));
            row.addAll(List.of("", ""));
            rows.add(row);
        }
        return new Variable(name, false, false, test, p, 0);
    }

    static boolean isNormal(double[] x) {
        if (x.length < 3 || x.length > 5000) return false;
        try {
            return GroupTests.shapiroWilk(x).pValue() > ALPHA;
        } catch (SpineRadException constant) {
            return false;
        }
    }

    private static boolean isNumeric(List<List<String>> cells) {
        Map<String, Boolean> distinct = new LinkedHashMap<>();
        for (List<String> g : cells)
            for (String s : g) {
                try {
                    Double.parseDouble(s);
                } catch (NumberFormatException e) {
                    return false;
                }
                distinct.put(s, true);
            }
        return distinct.size() > MAX_CATEGORICAL_LEVELS;
    }

    /** All values distinct and more than a handful: an identifier column, skipped when variables are not listed. */
    private static boolean isIdentifier(List<List<String>> cells) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (List<String> g : cells) for (String s : g) if (!seen.add(s)) return false;
        return seen.size() > MAX_CATEGORICAL_LEVELS;
    }

    static String describe(double[] x, boolean normal) {
        if (x.length == 0) return "";
        if (normal) {
            double m = GroupTests.mean(x);
            return fmt(m) + " ± " + (x.length > 1 ? fmt(Math.sqrt(GroupTests.variance(x, m))) : "NA");
        }
        double[] s = x.clone();
        java.util.Arrays.sort(s);
        return fmt(Quantiles.sorted(s, 0.5)) + " (" + fmt(Quantiles.sorted(s, 0.25)) + ", " + fmt(Quantiles.sorted(s, 0.75)) + ")";
    }

    private static String countPct(long n, long total) {
        return n + " (" + (total == 0 ? "NA" : String.format(Locale.ROOT, "%.1f%%", 100.0 * n / total)) + ")";
    }

    private static String fmt(double v) { return String.format(Locale.ROOT, "%.2f", v); }

    /** p with 3 decimals, "<0.001" below that, empty when not computed. */
    static String formatP(double p) {
        if (Double.isNaN(p)) return "";
        return p < 0.001 ? "<0.001" : String.format(Locale.ROOT, "%.3f", p);
    }

    private static boolean isMissing(String s) {
        return s.isEmpty() || s.equalsIgnoreCase("na") || s.equalsIgnoreCase("nan") || s.equalsIgnoreCase("null");
    }

    /** Numbers first in numeric order, then other labels in lexical order. */
    private static int compareLevels(String a, String b) {
        double x = number(a), y = number(b);
        if (!Double.isNaN(x) && !Double.isNaN(y)) return x != y ? Double.compare(x, y) : a.compareTo(b);
        if (Double.isNaN(x) != Double.isNaN(y)) return Double.isNaN(x) ? 1 : -1;
        return a.compareTo(b);
    }

    private static double number(String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** Appends column {@code column} of {@code other} to {@code data}, matched by id; ids missing in other are an error. */
    public static Csv addColumn(Csv data, Csv other, String id, String column, String source) {
        int oid = other.requireColumn(id, source), oc = other.requireColumn(column, source), did = data.requireColumn(id, source);
        Map<String, String> byId = new LinkedHashMap<>();
        for (int r = 0; r < other.rowCount(); r++) byId.put(other.cell(r, oid), other.cell(r, oc));
        List<String> header = new ArrayList<>(data.header());
        header.add(column);
        List<List<String>> rows = new ArrayList<>();
        for (int r = 0; r < data.rowCount(); r++) {
            String v = byId.get(data.cell(r, did));
            if (v == null) throw new SpineRadException(source + ": id '" + data.cell(r, did) + "' has no '" + column + "'");
            List<String> row = new ArrayList<>(data.rows().get(r));
            while (row.size() < data.header().size()) row.add("");
            row.add(v);
            rows.add(row);
        }
        return new Csv(header, rows);
    }
}
