package org.spinerad.predict;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.spinerad.util.Csv;
import org.spinerad.util.SpineRadException;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * How clinical columns become numbers: numeric columns pass through, categorical ones become 0/1 indicator columns
 * {@code column=level} for every level but the first (the reference level, alphabetically first unless given).
 * Missing cells stay NaN for the imputation step. Saved in model files so new patients are encoded identically.
 */
public final class ClinicalEncoding {
    public record Variable(String column, List<String> levels) {
        public boolean categorical() { return levels != null; }
    }

    private final List<Variable> variables;

    public ClinicalEncoding(List<Variable> variables) { this.variables = List.copyOf(variables); }

    public List<Variable> variables() { return variables; }

    /** Infers numeric vs categorical (any non-numeric non-missing cell) for the given columns. */
    public static ClinicalEncoding infer(Csv csv, List<String> columns, String source) {
        List<Variable> vars = new ArrayList<>();
        for (String c : columns) {
            int col = csv.requireColumn(c, source);
            TreeSet<String> levels = new TreeSet<>();
            boolean numeric = true;
            for (int r = 0; r < csv.rowCount(); r++) {
                String s = csv.cell(r, col).trim();
                if (isMissing(s)) continue;
                levels.add(s);
                try { Double.parseDouble(s); } catch (NumberFormatException e) { numeric = false; }
            }
            if (levels.isEmpty()) throw new SpineRadException(source + ": clinical column '" + c + "' has no values");
            vars.add(new Variable(c, numeric ? null : new ArrayList<>(levels)));
        }
        return new ClinicalEncoding(vars);
    }

    static boolean isMissing(String s) {
        return s.isEmpty() || s.equalsIgnoreCase("nan") || s.equalsIgnoreCase("na") || s.equalsIgnoreCase("null");
    }

    /** Encoded column names in order. */
    public List<String> encodedNames() {
        List<String> n = new ArrayList<>();
        for (Variable v : variables) {
            if (!v.categorical()) n.add(v.column());
            else for (int l = 1; l < v.levels().size(); l++) n.add(v.column() + "=" + v.levels().get(l));
        }
        return n;
    }

    /** Encodes rows of a table; an unseen category is an error naming column, row and level. */
    public FeatureTable encode(Csv csv, String idColumn, String outcomeColumn, String source) {
        int idCol = csv.requireColumn(idColumn, source);
        int outCol = outcomeColumn == null ? -1 : csv.requireColumn(outcomeColumn, source);
        List<String> names = encodedNames();
        int n = csv.rowCount();
        double[][] x = new double[n][names.size()];
        int[] y = outCol < 0 ? null : new int[n];
        List<String> ids = new ArrayList<>();
        for (int r = 0; r < n; r++) ids.add(csv.cell(r, idCol).trim());
        FeatureTable.requireUniqueIds(ids, source, idColumn);
        for (int r = 0; r < n; r++) {
            if (y != null) y[r] = FeatureTable.parseOutcome(csv.cell(r, outCol), source + " row " + (r + 2) + " column '" + outcomeColumn + "'");
            int j = 0;
            for (Variable v : variables) {
                String s = csv.cell(r, csv.requireColumn(v.column(), source)).trim();
                String where = source + " row " + (r + 2) + " column '" + v.column() + "'";
                if (!v.categorical()) { x[r][j++] = Csv.parseNum(s, where); continue; }
                int level = isMissing(s) ? -2 : v.levels().indexOf(s);
                if (level == -1) throw new SpineRadException(where + ": category '" + s + "' was not seen in training (" + v.levels() + ")");
                for (int l = 1; l < v.levels().size(); l++) x[r][j++] = level == -2 ? Double.NaN : (level == l ? 1 : 0);
            }
        }
        return new FeatureTable(ids, names, x, y, source);
    }

    public JsonArray toJson() {
        JsonArray a = new JsonArray();
        for (Variable v : variables) {
            JsonObject o = new JsonObject();
            o.addProperty("column", v.column());
            if (v.categorical()) o.add("levels", Json.of(v.levels()));
            a.add(o);
        }
        return a;
    }

    public static ClinicalEncoding fromJson(JsonArray a) {
        List<Variable> vars = new ArrayList<>();
        a.forEach(e -> {
            JsonObject o = e.getAsJsonObject();
            vars.add(new Variable(o.get("column").getAsString(), o.has("levels") ? Json.strings(o, "levels") : null));
        });
        return new ClinicalEncoding(vars);
    }
}
