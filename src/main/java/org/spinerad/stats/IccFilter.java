package org.spinerad.stats;

import java.util.ArrayList;
import java.util.List;

import org.spinerad.util.Csv;
import org.spinerad.util.SpineRadException;

/**
 * Feature reproducibility between two annotators: per-feature ICC over the patients, keeping features whose ICC is
 * at or above a threshold. Both tables must have the same columns and the same patients in the same row order
 * (checked on the id column when given).
 */
public final class IccFilter {
    private IccFilter() {}

    /** ICC of one feature; NaN (and not kept) when the feature is constant in both tables or has missing values. */
    public record FeatureIcc(String feature, Agreement.Icc icc, boolean kept, String note) {}

    public record Result(List<FeatureIcc> features, List<String> kept) {}

    /**
     * @param idColumn column identifying the patient (excluded from features), or null to match rows by order only
     * @param exclude  further non-feature columns (labels, metadata); non-numeric columns are skipped anyway
     */
    public static Result filter(Csv a, String nameA, Csv b, String nameB, String idColumn, List<String> exclude,
                                Agreement.IccForm form, double threshold) {
        if (!a.header().equals(b.header()))
            throw new SpineRadException(nameA + " and " + nameB + ": feature tables have different columns");
        if (a.rowCount() != b.rowCount())
            throw new SpineRadException(nameA + " and " + nameB + ": different numbers of rows (" + a.rowCount() + " vs " + b.rowCount() + ")");
        if (a.rowCount() < 2) throw new SpineRadException(nameA + ": needs at least 2 patients for ICC, got " + a.rowCount());
        if (idColumn != null) {
            int ia = a.requireColumn(idColumn, nameA), ib = b.requireColumn(idColumn, nameB);
            for (int r = 0; r < a.rowCount(); r++)
                if (!a.cell(r, ia).equals(b.cell(r, ib)))
                    throw new SpineRadException(nameA + " and " + nameB + ": row " + (r + 2) + " has patient '" + a.cell(r, ia)
                            + "' vs '" + b.cell(r, ib) + "' (rows must list the same patients in the same order)");
        }
        List<FeatureIcc> out = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        int n = a.rowCount();
        for (int c = 0; c < a.header().size(); c++) {
            String feature = a.header().get(c);
            if (feature.equals(idColumn) || (exclude != null && exclude.contains(feature))) continue;
            double[] x = numericColumn(a, c), y = numericColumn(b, c);
            if (x == null || y == null) continue; // not a numeric feature
            double[][] ratings = new double[n][2];
            boolean missing = false;
            for (int r = 0; r < n; r++) {
                ratings[r][0] = x[r];
                ratings[r][1] = y[r];
                missing |= Double.isNaN(x[r]) || Double.isNaN(y[r]);
            }
            if (missing) {
                out.add(new FeatureIcc(feature, null, false, "missing values"));
                continue;
            }
            if (isConstant(ratings)) {
                out.add(new FeatureIcc(feature, null, false, "constant"));
                continue;
            }
            Agreement.Icc icc = Agreement.icc(ratings, 0.95).get(form);
            boolean keep = icc.value() >= threshold;
            if (keep) kept.add(feature);
            out.add(new FeatureIcc(feature, icc, keep, ""));
        }
        return new Result(out, kept);
    }

    private static boolean isConstant(double[][] ratings) {
        for (double[] row : ratings) for (double v : row) if (v != ratings[0][0]) return false;
        return true;
    }

    /** Column as numbers (NaN for empty/nan cells), or null when any cell is not a number. */
    private static double[] numericColumn(Csv t, int c) {
        double[] v = new double[t.rowCount()];
        for (int r = 0; r < v.length; r++) {
            try {
                v[r] = Csv.parseNum(t.cell(r, c), "");
            } catch (SpineRadException e) {
                return null;
            }
        }
        return v;
    }

    /** Result as a CSV table: feature, ICC, lower, upper, p, kept, note. */
    public static Csv toCsv(Result result) {
        List<List<String>> rows = new ArrayList<>();
        for (FeatureIcc f : result.features) {
            Agreement.Icc i = f.icc;
            rows.add(List.of(f.feature, i == null ? "nan" : Csv.num(i.value()), i == null ? "nan" : Csv.num(i.lower()),
                    i == null ? "nan" : Csv.num(i.upper()), i == null ? "nan" : Csv.num(i.pValue()), Boolean.toString(f.kept), f.note));
        }
        return new Csv(List.of("feature", "icc", "lower95", "upper95", "p", "kept", "note"), rows);
    }
}
