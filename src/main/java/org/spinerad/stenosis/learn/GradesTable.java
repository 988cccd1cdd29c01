package org.spinerad.stenosis.learn;

import org.spinerad.util.Csv;
import org.spinerad.util.SpineRadException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A stenosis grades table: CSV with columns {@code patient_id, level, side, grade, rater}; level L1-L2 ... L5-S1, side
 * central / left / right, grade 0-3. Validated on reading: unknown levels or sides, grades outside 0-3 and duplicate
 * (patient, level, side, rater) rows are errors naming the file, row and level.
 */
public final class GradesTable {
    public static final Set<String> LEVELS = Set.of("L1-L2", "L2-L3", "L3-L4", "L4-L5", "L5-S1");
    public static final Set<String> SIDES = Set.of("central", "left", "right");

    public record Grade(String patient, String level, String side, int grade, String rater) {
        public String key() { return GradesTable.key(patient, level, side); }
    }

    public static String key(String patient, String level, String side) { return patient + "|" + level + "|" + side; }

    private final List<Grade> grades;
    private final String source;

    public GradesTable(List<Grade> grades, String source) { this.grades = List.copyOf(grades); this.source = source; }

    public static GradesTable read(Path file) {
        Csv csv = Csv.read(file);
        String src = file.toString();
        int p = csv.column("patient_id") >= 0 ? csv.column("patient_id") : csv.requireColumn("patient", src);
        int l = csv.requireColumn("level", src), s = csv.requireColumn("side", src), g = csv.requireColumn("grade", src);
        int r = csv.column("rater");
        List<Grade> out = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < csv.rowCount(); i++) {
            String where = src + " row " + (i + 2);
            String level = csv.cell(i, l).trim(), side = csv.cell(i, s).trim().toLowerCase(java.util.Locale.ROOT);
            if (!LEVELS.contains(level))
                throw new SpineRadException(where + ": unknown level '" + level + "' (use " + new TreeSet<>(LEVELS) + ")");
            if (!SIDES.contains(side)) throw new SpineRadException(where + ": level " + level + ": unknown side '" + side + "' (central, left or right)");
            int grade;
            try { grade = Integer.parseInt(csv.cell(i, g).trim()); } catch (NumberFormatException e) { grade = -1; }
            if (grade < 0 || grade > 3) throw new SpineRadException(where + ": level " + level + ": grade '" + csv.cell(i, g) + "' is not 0, 1, 2 or 3");
            Grade row = new Grade(csv.cell(i, p).trim(), level, side, grade, r < 0 ? "rater" : csv.cell(i, r).trim());
            if (!seen.add(row.key() + "|" + row.rater()))
                throw new SpineRadException(where + ": duplicate grade of patient " + row.patient() + " level " + level + " " + side + " by " + row.rater());
            out.add(row);
        }
        if (out.isEmpty()) throw new SpineRadException(src + ": no grades");
        return new GradesTable(out, src);
    }

    public String source() { return source; }
    public List<Grade> grades() { return grades; }

    public List<String> raters() { return grades.stream().map(Grade::rater).distinct().sorted().toList(); }

    /** Per (patient, level, side): the grade of one rater, or the median over raters (lower median) when rater is null. */
    public Map<String, Integer> reference(String rater) {
        Map<String, List<Integer>> by = new LinkedHashMap<>();
        for (Grade g : grades) if (rater == null || g.rater().equals(rater)) by.computeIfAbsent(g.key(), k -> new ArrayList<>()).add(g.grade());
        if (rater != null && by.isEmpty()) throw new SpineRadException(source + ": no grades by rater '" + rater + "' (raters: " + raters() + ")");
        Map<String, Integer> out = new LinkedHashMap<>();
        for (var e : by.entrySet()) {
            List<Integer> v = new ArrayList<>(e.getValue());
            v.sort(null);
            out.put(e.getKey(), v.get((v.size() - 1) / 2));
        }
        return out;
    }

    /** The (patient, level, side) keys of a task: central rows or recess (left/right) rows. */
    static boolean central(String key) { return key.endsWith("|central"); }

}
