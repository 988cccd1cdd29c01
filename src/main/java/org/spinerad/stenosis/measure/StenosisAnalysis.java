package org.spinerad.stenosis.measure;

import org.spinerad.image.LabelMap;
import org.spinerad.image.Volume;
import org.spinerad.stenosis.geometry.LevelPlane;
import org.spinerad.stenosis.geometry.Localizer;
import org.spinerad.util.Csv;
import org.spinerad.util.Progress;
import org.spinerad.util.SpineRadException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Measure Stenosis end to end: checks the CT and label map share a grid, localises the levels, measures each plane and
 * grades the disc levels. The table has one row per level and side: pedicle levels (central), disc levels (central,
 * left, right recess).
 */
public final class StenosisAnalysis {
    private StenosisAnalysis() {}

    public static final List<String> COLUMNS = List.of("level", "plane", "side", "ct_canal_area_mm2", "dural_sac_area_mm2",
            "ap_diameter_mm", "interfacet_mm", "disc_height_mm", "listhesis_mm", "bony_canal_area_mm2", "recess_depth_mm",
            "recess_angle_deg", "grade", "binary");

    /** The localisation holds only the planes measured; {@code labels} is the label map measured (canal completed, {@link CanalCompletion}). */
    public record Result(Localizer.Localization localization, List<DiscMeasurement> discs, List<PedicleMeasurement> pedicles,
                         List<Map<String, String>> rows, LabelMap labels) {}

    /**
     * @param ct     the CT (only its grid is checked; may be null)
     * @param levels levels that must be measured (e.g. "L4-L5", "L3"); empty = all in view
     */
    public static Result run(Volume ct, String ctSource, LabelMap labels, String labelSource, StenosisThresholds thresholds,
                             List<String> levels, Progress progress) {
        return run(ct, ctSource, labels, labelSource, null, null, thresholds, levels, progress);
    }

    /** @param articular superior articular processes on the label map's grid (TPTBox sub-regions), or null */
    public static Result run(Volume ct, String ctSource, LabelMap labels, String labelSource, LabelMap articular, String articularSource,
                             StenosisThresholds thresholds, List<String> levels, Progress progress) {
        if (articular != null) {
            String mismatch = articular.geometry().mismatch(labels.geometry(), 1e-3);
            if (mismatch != null)
                throw new SpineRadException(articularSource + ": the articular-process map does not match the label map " + labelSource + " (" + mismatch + ")");
        }
        if (ct != null) {
            String mismatch = ct.geometry().mismatch(labels.geometry(), 1e-3);
            if (mismatch != null)
                throw new SpineRadException(labelSource + ": the label map does not match the CT " + ctSource + " (" + mismatch + ")");
        }
        Localizer.Localization loc = Localizer.locate(labels, labelSource);
        LabelMap completed = CanalCompletion.complete(labels, ct, loc);
        if (completed != labels) {
            labels = completed;
            loc = Localizer.locate(labels, labelSource);
        }
        for (String level : levels)
            if (loc.plane(level) == null)
                throw new SpineRadException(labelSource + ": level " + level + " cannot be measured: "
                        + loc.skipped().getOrDefault(level, "unknown level (use L1-L2 ... L5-S1 or L1 ... L5)"));
        StenosisMeasurer m = new StenosisMeasurer(labels, ct, articular);
        List<LevelPlane> planes = loc.planes().stream().filter(p -> levels.isEmpty() || levels.contains(p.level()))
                .map(p -> p.kind() == LevelPlane.Kind.PEDICLE ? m.pedicleLevel(p) : p).toList();
        if (planes.isEmpty()) throw new SpineRadException(labelSource + ": no lumbar level in view (" + loc.skipped() + ")");
        List<DiscMeasurement> discs = new ArrayList<>();
        List<PedicleMeasurement> pedicles = new ArrayList<>();
        List<Map<String, String>> rows = new ArrayList<>();
        int done = 0;
        for (LevelPlane p : planes) {
            progress.update(done++, planes.size(), "measuring " + p.level());
            if (p.kind() == LevelPlane.Kind.PEDICLE) {
                PedicleMeasurement pm = m.pedicle(p);
                pedicles.add(pm);
                Map<String, String> r = row(p.level(), "pedicle", "central");
                r.put("bony_canal_area_mm2", num(pm.canalArea()));
                r.put("ap_diameter_mm", num(pm.apDiameter()));
                rows.add(r);
            } else {
                DiscMeasurement d = m.disc(p);
                discs.add(d);
                rows.addAll(discRows(d, thresholds));
            }
        }
        progress.update(planes.size(), planes.size(), "done");
        return new Result(new Localizer.Localization(loc.centreline(), planes, loc.skipped()), discs, pedicles, rows, labels);
    }

    /** The three rows (central, left, right) of a disc level with their grades. */
    public static List<Map<String, String>> discRows(DiscMeasurement d, StenosisThresholds t) {
        Map<String, String> c = row(d.level(), "disc", "central");
        c.put("ct_canal_area_mm2", num(d.ctCanalArea()));
        c.put("dural_sac_area_mm2", num(d.duralSacArea()));
        c.put("ap_diameter_mm", num(d.apDiameter()));
        c.put("interfacet_mm", num(d.interfacet()));
        c.put("disc_height_mm", num(d.discHeight()));
        c.put("listhesis_mm", num(d.listhesis()));
        grade(c, t.centralGrade(StenosisThresholds.centralValues(d)), t);
        List<Map<String, String>> out = new ArrayList<>(List.of(c));
        for (int side = 0; side < 2; side++) {
            Map<String, String> r = row(d.level(), "disc", side == 0 ? "left" : "right");
            r.put("recess_depth_mm", num(d.recessDepth()[side]));
            r.put("recess_angle_deg", num(d.recessAngle()[side]));
            grade(r, t.recessGrade(StenosisThresholds.recessValues(d, side)), t);
            out.add(r);
        }
        return out;
    }

    private static void grade(Map<String, String> r, int g, StenosisThresholds t) {
        r.put("grade", g < 0 ? "" : String.valueOf(g));
        r.put("binary", g < 0 ? "" : String.valueOf(t.binary(g)));
    }

    private static Map<String, String> row(String level, String plane, String side) {
        Map<String, String> r = new LinkedHashMap<>();
        for (String c : COLUMNS) r.put(c, "");
        r.put("level", level); r.put("plane", plane); r.put("side", side);
        return r;
    }

    static String num(double v) { return Double.isNaN(v) ? "" : Csv.num(Math.round(v * 100) / 100.0); }
}
