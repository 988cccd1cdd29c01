package org.spinerad.stenosis.measure;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import org.spinerad.util.SpineRadException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Grade thresholds from a user-editable JSON settings file (default: the resource {@code stenosis-thresholds.json},
 * which documents every limit with its source). A criterion gives the highest grade whose {@code below} limit the
 * measurement is under; a level's grade is the highest over its criteria; NaN measurements are skipped and a level
 * with no measurement has grade -1 (unknown).
 */
public final class StenosisThresholds {
    public static final String RESOURCE = "stenosis-thresholds.json";
    /** Measurement names a criterion may use. */
    public static final Set<String> CENTRAL_MEASURES = Set.of("ct_canal_area_mm2", "dural_sac_area_mm2", "ap_diameter_mm", "interfacet_mm");
    public static final Set<String> RECESS_MEASURES = Set.of("recess_depth_mm", "recess_angle_deg");

    public record Criterion(String measure, double[] below, int[] grade, String source) {
        int grade(double value) {
            if (Double.isNaN(value)) return -1;
            int g = 0;
            for (int i = 0; i < below.length; i++) if (value < below[i]) g = Math.max(g, grade[i]);
            return g;
        }
    }

    private final List<Criterion> central, recess;
    private final int binaryFrom;

    private StenosisThresholds(List<Criterion> central, List<Criterion> recess, int binaryFrom) {
        this.central = central; this.recess = recess; this.binaryFrom = binaryFrom;
    }

    public static StenosisThresholds defaults() {
        try (InputStream in = StenosisThresholds.class.getResourceAsStream(RESOURCE)) {
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), RESOURCE);
        } catch (IOException e) {
            throw new SpineRadException(RESOURCE + ": cannot read the default stenosis thresholds", e);
        }
    }

    public static StenosisThresholds read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new SpineRadException(file + ": cannot read the stenosis thresholds (" + e.getMessage() + ")", e);
        }
    }

    static StenosisThresholds parse(String text, String source) {
        try {
            JsonObject o = JsonParser.parseString(text).getAsJsonObject();
            int binary = o.has("binary_from_grade") ? o.get("binary_from_grade").getAsInt() : 2;
            if (binary < 1 || binary > 3) throw new SpineRadException(source + ": binary_from_grade must be 1, 2 or 3, got " + binary);
            return new StenosisThresholds(criteria(o, "central_canal", CENTRAL_MEASURES, source),
                    criteria(o, "lateral_recess", RECESS_MEASURES, source), binary);
        } catch (JsonParseException | IllegalStateException | UnsupportedOperationException | NullPointerException e) {
            throw new SpineRadException(source + ": invalid stenosis thresholds JSON (" + e.getMessage() + ")", e);
        }
    }

    private static List<Criterion> criteria(JsonObject o, String key, Set<String> allowed, String source) {
        if (!o.has(key) || !o.get(key).isJsonArray()) throw new SpineRadException(source + ": missing the list '" + key + "'");
        List<Criterion> out = new ArrayList<>();
        for (JsonElement e : o.getAsJsonArray(key)) {
            JsonObject c = e.getAsJsonObject();
            String measure = c.get("measure").getAsString();
            if (!allowed.contains(measure))
                throw new SpineRadException(source + ": " + key + " measure '" + measure + "' is unknown (use one of " + allowed + ")");
            var grades = c.getAsJsonArray("grades");
            double[] below = new double[grades.size()];
            int[] grade = new int[grades.size()];
            for (int i = 0; i < below.length; i++) {
                JsonObject g = grades.get(i).getAsJsonObject();
                below[i] = g.get("below").getAsDouble();
                grade[i] = g.get("grade").getAsInt();
                if (grade[i] < 1 || grade[i] > 3) throw new SpineRadException(source + ": " + measure + " grade must be 1-3, got " + grade[i]);
            }
            out.add(new Criterion(measure, below, grade, c.has("source") ? c.get("source").getAsString() : ""));
        }
        return out;
    }

    /** Central canal grade 0-3 (or -1) from the named measurements of a disc level. */
    public int centralGrade(Map<String, Double> values) { return grade(central, values); }

    /** Lateral recess grade 0-3 (or -1) of one side. */
    public int recessGrade(Map<String, Double> values) { return grade(recess, values); }

    /** Binary view: 1 for grades at or above the cut (default 2, moderate), 0 below, -1 unknown. */
    public int binary(int grade) { return grade < 0 ? -1 : grade >= binaryFrom ? 1 : 0; }

    private static int grade(List<Criterion> criteria, Map<String, Double> values) {
        int g = -1;
        for (Criterion c : criteria) g = Math.max(g, c.grade(values.getOrDefault(c.measure(), Double.NaN)));
        return g;
    }

    public static Map<String, Double> centralValues(DiscMeasurement d) {
        return Map.of("ct_canal_area_mm2", d.ctCanalArea(), "dural_sac_area_mm2", d.duralSacArea(),
                "ap_diameter_mm", d.apDiameter(), "interfacet_mm", d.interfacet());
    }

    /** Recess values of one side (0 left, 1 right). */
    public static Map<String, Double> recessValues(DiscMeasurement d, int side) {
        return Map.of("recess_depth_mm", d.recessDepth()[side], "recess_angle_deg", d.recessAngle()[side]);
    }
}
