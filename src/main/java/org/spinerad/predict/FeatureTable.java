package org.spinerad.predict;

import org.spinerad.util.Csv;
import org.spinerad.util.SpineRadException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A numeric feature matrix with row ids, feature names and an optional binary outcome: what the selection pipeline and
 * classifiers consume. Missing cells are NaN; {@link #missingReport()} lists them.
 */
public final class FeatureTable {
    private final List<String> ids;
    private final List<String> names;
    private final double[][] x; // rows x features
    private final int[] y;      // null when there is no outcome
    private final String source;

    public FeatureTable(List<String> ids, List<String> names, double[][] x, int[] y, String source) {
        if (ids.size() != x.length) throw new IllegalArgumentException("ids and rows differ in number");
        for (double[] row : x)
            if (row.length != names.size()) throw new IllegalArgumentException("row width differs from feature count");
        if (y != null && y.length != x.length) throw new IllegalArgumentException("outcome and rows differ in number");
        this.ids = List.copyOf(ids);
        this.names = List.copyOf(names);
        this.x = x;
        this.y = y;
        this.source = source;
    }

    /**
     * Reads a CSV: one id column, an optional outcome column (0/1), the given feature columns (or, when null, every
     * other numeric column except those in {@code exclude}). Non-numeric feature cells are an error naming row and column.
     */
    public static FeatureTable read(Path file, String idColumn, String outcomeColumn, List<String> features, Set<String> exclude) {
        return read(file, idColumn, outcomeColumn, features, exclude, new ArrayList<>());
    }

    /** As {@link #read(Path, String, String, List, Set)}, adding to {@code textColumns} the columns skipped as all text. */
    public static FeatureTable read(Path file, String idColumn, String outcomeColumn, List<String> features, Set<String> exclude,
                                    List<String> textColumns) {
        Csv csv = Csv.read(file);
        String src = file.toString();
        int idCol = csv.requireColumn(idColumn, src);
        int outCol = outcomeColumn == null ? -1 : csv.requireColumn(outcomeColumn, src);
        List<String> cols = new ArrayList<>();
        if (features != null) {
            for (String f : features) csv.requireColumn(f, src);
            cols.addAll(features);
        } else {
            for (int c = 0; c < csv.header().size(); c++) {
                String h = csv.header().get(c);
                if (c == idCol || c == outCol || (exclude != null && exclude.contains(h)) || h.startsWith("diagnostics_")) continue;
                if (isNumericColumn(csv, c, src)) cols.add(h);
                else if (hasText(csv, c)) textColumns.add(h);
            }
        }
        int n = csv.rowCount();
        double[][] x = new double[n][cols.size()];
        List<String> ids = new ArrayList<>(n);
        int[] y = outCol >= 0 ? new int[n] : null;
        for (int r = 0; r < n; r++) ids.add(csv.cell(r, idCol).trim());
        requireUniqueIds(ids, src, idColumn);
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < cols.size(); j++) {
                int c = csv.column(cols.get(j));
                x[r][j] = Csv.parseNum(csv.cell(r, c), src + " row " + (r + 2) + " column '" + cols.get(j) + "'");
            }
            if (y != null) y[r] = parseOutcome(csv.cell(r, outCol), src + " row " + (r + 2) + " column '" + outcomeColumn + "'");
        }
        return new FeatureTable(ids, cols, x, y, src);
    }

    /**
     * Repeated ids are an error naming the file, the ids and their CSV rows (up to five ids): a repeat would otherwise
     * be joined silently to one of the rows.
     */
    static void requireUniqueIds(List<String> ids, String src, String idColumn) {
        Map<String, List<Integer>> rowsById = new LinkedHashMap<>();
        for (int r = 0; r < ids.size(); r++) rowsById.computeIfAbsent(ids.get(r), k -> new ArrayList<>()).add(r + 2);
        List<String> dup = new ArrayList<>();
        int count = 0;
        for (var e : rowsById.entrySet())
            if (e.getValue().size() > 1) {
                if (count++ < 5) dup.add("'" + e.getKey() + "' (rows " + e.getValue().stream().map(String::valueOf)
                        .collect(java.util.stream.Collectors.joining(", ")) + ")");
            }
        if (count > 0)
            throw new SpineRadException(src + ": " + count + " duplicate " + idColumn + " value(s): " + String.join("; ", dup)
                    + (count > 5 ? "; ..." : "") + " (each patient must have one row)");
    }

    /**
     * A column is a feature when its cells are numbers (or missing); a column of text is metadata and skipped; a
     * numeric column with some text cells is an error naming the first bad cell.
     */
    private static boolean isNumericColumn(Csv csv, int c, String src) {
        int numbers = 0, firstText = -1;
        for (int r = 0; r < csv.rowCount(); r++) {
            String s = csv.cell(r, c).trim();
            if (s.isEmpty() || s.equalsIgnoreCase("nan") || s.equalsIgnoreCase("na")) continue;
            try {
                Double.parseDouble(s);
                numbers++;
            } catch (NumberFormatException e) {
                if (firstText < 0) firstText = r;
            }
        }
        if (firstText >= 0 && numbers > 0)
            throw new SpineRadException(src + " row " + (firstText + 2) + " column '" + csv.header().get(c) + "': '"
                    + csv.cell(firstText, c) + "' is not a number (the column's other cells are numeric)");
        return firstText < 0 && numbers > 0;
    }

    private static boolean hasText(Csv csv, int c) {
        for (int r = 0; r < csv.rowCount(); r++) if (!ClinicalEncoding.isMissing(csv.cell(r, c).trim())) return true;
        return false;
    }

    static int parseOutcome(String s, String where) {
        String t = s.trim();
        if (t.equals("1") || t.equals("1.0") || t.equalsIgnoreCase("true")) return 1;
        if (t.equals("0") || t.equals("0.0") || t.equalsIgnoreCase("false")) return 0;
        if (t.isEmpty()) throw new SpineRadException(where + ": outcome is missing");
        throw new SpineRadException(where + ": outcome '" + s + "' is not 0/1");
    }

    public List<String> ids() { return ids; }
    public List<String> names() { return names; }
    public double[][] x() { return x; }
    public int[] y() { return y; }
    public String source() { return source; }
    public int rows() { return x.length; }
    public int cols() { return names.size(); }

    public double[] column(int j) {
        double[] c = new double[x.length];
        for (int i = 0; i < x.length; i++) c[i] = x[i][j];
        return c;
    }

    /** The outcome; a clear error when absent or with a single class. */
    public int[] requireBinaryOutcome() {
        if (y == null) throw new SpineRadException(source + ": no outcome column");
        int pos = 0;
        for (int v : y) pos += v;
        if (pos == 0 || pos == y.length)
            throw new SpineRadException(source + ": outcome has only one class (" + (pos == 0 ? "all 0" : "all 1")
                    + " in " + y.length + " rows); a classifier needs both classes");
        return y;
    }

    /** Rows by index (a new table sharing nothing mutable with this one). */
    public FeatureTable rows(int[] idx) {
        double[][] sx = new double[idx.length][];
        List<String> sid = new ArrayList<>(idx.length);
        int[] sy = y == null ? null : new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            sx[i] = x[idx[i]].clone();
            sid.add(ids.get(idx[i]));
            if (sy != null) sy[i] = y[idx[i]];
        }
        return new FeatureTable(sid, names, sx, sy, source);
    }

    /** Columns by name, in the given order; missing ones are an error listing all of them. */
    public FeatureTable select(List<String> wanted) {
        List<String> missing = new ArrayList<>();
        int[] idx = new int[wanted.size()];
        for (int j = 0; j < wanted.size(); j++) {
            idx[j] = names.indexOf(wanted.get(j));
            if (idx[j] < 0) missing.add(wanted.get(j));
        }
        if (!missing.isEmpty())
            throw new SpineRadException(source + ": missing " + missing.size() + " expected feature(s): " + String.join(", ", missing));
        double[][] sx = new double[x.length][wanted.size()];
        for (int i = 0; i < x.length; i++)
            for (int j = 0; j < idx.length; j++) sx[i][j] = x[i][idx[j]];
        return new FeatureTable(ids, wanted, sx, y, source);
    }

    /** This table with one more column (or a replaced one) of the given values. */
    public FeatureTable withColumn(String name, double[] values) {
        if (values.length != x.length) throw new IllegalArgumentException("column length differs from row count");
        List<String> n = new ArrayList<>(names);
        int at = n.indexOf(name);
        if (at < 0) { n.add(name); at = n.size() - 1; }
        double[][] nx = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            nx[i] = Arrays.copyOf(x[i], n.size());
            nx[i][at] = values[i];
        }
        return new FeatureTable(ids, n, nx, y, source);
    }

    /** This table with another outcome vector. */
    public FeatureTable withOutcome(int[] outcome) { return new FeatureTable(ids, names, x, outcome, source); }

    /**
     * Columns of another table appended by row id (this table's row order and outcome are kept). Every id of this
     * table must be in the other; the error lists those that are not.
     */
    public FeatureTable join(FeatureTable other) {
        Map<String, Integer> pos = new LinkedHashMap<>();
        for (int i = 0; i < other.rows(); i++) pos.put(other.ids.get(i), i);
        List<String> missing = new ArrayList<>();
        for (String id : ids) if (!pos.containsKey(id)) missing.add(id);
        if (!missing.isEmpty())
            throw new SpineRadException(other.source + ": no row for " + missing.size() + " id(s) of " + source + ": "
                    + String.join(", ", missing.subList(0, Math.min(10, missing.size()))) + (missing.size() > 10 ? ", ..." : ""));
        for (String n : other.names)
            if (names.contains(n)) throw new SpineRadException("column '" + n + "' is in both " + source + " and " + other.source);
        List<String> n = new ArrayList<>(names);
        n.addAll(other.names);
        double[][] nx = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            nx[i] = Arrays.copyOf(x[i], n.size());
            System.arraycopy(other.x[pos.get(ids.get(i))], 0, nx[i], names.size(), other.names.size());
        }
        return new FeatureTable(ids, n, nx, y, source);
    }

    /** Missing (NaN) cell count per feature, only features with any. */
    public Map<String, Integer> missingReport() {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int j = 0; j < names.size(); j++) {
            int c = 0;
            for (double[] row : x) if (Double.isNaN(row[j])) c++;
            if (c > 0) m.put(names.get(j), c);
        }
        return m;
    }

    /** Features whose non-missing values are all equal. */
    public List<String> constantColumns() {
        List<String> out = new ArrayList<>();
        for (int j = 0; j < names.size(); j++) {
            double first = Double.NaN;
            boolean constant = true;
            for (double[] row : x) {
                double v = row[j];
                if (Double.isNaN(v)) continue;
                if (Double.isNaN(first)) first = v;
                else if (v != first) { constant = false; break; }
            }
            if (constant) out.add(names.get(j));
        }
        return out;
    }

    @Override
    public String toString() {
        return "FeatureTable[" + rows() + " rows x " + cols() + " features" + (y == null ? "" : ", outcome " + Arrays.stream(y).sum() + " positive") + "]";
    }
}
