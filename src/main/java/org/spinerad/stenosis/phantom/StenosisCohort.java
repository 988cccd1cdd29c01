package org.spinerad.stenosis.phantom;

import org.spinerad.io.VolumeIO;
import org.spinerad.stenosis.learn.GradesTable;
import org.spinerad.stenosis.measure.DiscMeasurement;
import org.spinerad.stenosis.measure.StenosisThresholds;
import org.spinerad.util.Csv;
import org.spinerad.util.SpineRadException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A stenosis cohort of phantoms: N patients x their disc levels, each with planted stenosis drawn by
 * {@link StenosisPhantom#random}; true grades from the thresholds applied to the planted truth; optional raters whose
 * grade differs from the truth by one step with a given probability.
 */
public final class StenosisCohort {
    private StenosisCohort() {}

    public record Patient(String id, StenosisPhantom phantom, List<DiscMeasurement> truth, Map<String, Integer> grades) {}

    public static List<Patient> patients(int n, long seed, int[] vertebrae, double spacing, double noiseSd, StenosisThresholds t) {
        if (n < 1) throw new SpineRadException("stenosis cohort: need at least one patient, got " + n);
        SplittableRandom r = new SplittableRandom(seed);
        List<Patient> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            StenosisPhantom ph = new StenosisPhantom(StenosisPhantom.random(r.nextLong(), vertebrae, spacing, noiseSd));
            List<DiscMeasurement> truth = ph.discTruth();
            Map<String, Integer> grades = new LinkedHashMap<>();
            for (DiscMeasurement d : truth) {
                grades.put(d.level() + "|central", t.centralGrade(StenosisThresholds.centralValues(d)));
                for (int side = 0; side < 2; side++)
                    grades.put(d.level() + "|" + (side == 0 ? "left" : "right"), t.recessGrade(StenosisThresholds.recessValues(d, side)));
            }
            out.add(new Patient(String.format("S%03d_%d", i + 1, seed), ph, truth, grades));
        }
        return out;
    }

    /** Grades by {@code raters} raters: each grade moves one step up or down with probability {@code noise} (kept in 0-3). */
    public static List<GradesTable.Grade> raterGrades(List<Patient> patients, int raters, double noise, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<GradesTable.Grade> out = new ArrayList<>();
        for (Patient p : patients)
            for (var e : p.grades().entrySet()) {
                String[] ls = e.getKey().split("\\|");
                for (int k = 1; k <= raters; k++) {
                    int g = e.getValue();
                    if (r.nextDouble() < noise) g = Math.max(0, Math.min(3, g + (r.nextBoolean() ? 1 : -1)));
                    out.add(new GradesTable.Grade(p.id(), ls[0], ls[1], g, "rater" + k));
                }
            }
        return out;
    }

    /** Writes {@code <id>_ct.nii.gz}, {@code <id>_seg.nii.gz}, manifest.csv (patient_id, ct, labels), grades.csv and truth.csv. */
    public static void write(List<Patient> patients, List<GradesTable.Grade> grades, Path dir) {
        List<List<String>> manifest = new ArrayList<>(), truth = new ArrayList<>(), graded = new ArrayList<>();
        for (Patient p : patients) {
            var img = p.phantom().render();
            VolumeIO.write(img.ct(), dir.resolve(p.id() + "_ct.nii.gz"));
            VolumeIO.writeLabelMap(img.labels(), dir.resolve(p.id() + "_seg.nii.gz"));
            manifest.add(List.of(p.id(), p.id() + "_ct.nii.gz", p.id() + "_seg.nii.gz"));
            for (DiscMeasurement d : p.truth())
                truth.add(List.of(p.id(), d.level(), Csv.num(d.ctCanalArea()), Csv.num(d.duralSacArea()), Csv.num(d.apDiameter()),
                        Csv.num(d.interfacet()), Csv.num(d.recessDepth()[0]), Csv.num(d.recessDepth()[1]), Csv.num(d.recessAngle()[0]),
                        Csv.num(d.recessAngle()[1]), Csv.num(d.discHeight()), Csv.num(d.listhesis()),
                        String.valueOf(p.grades().get(d.level() + "|central")), String.valueOf(p.grades().get(d.level() + "|left")),
                        String.valueOf(p.grades().get(d.level() + "|right"))));
        }
        for (GradesTable.Grade g : grades) graded.add(List.of(g.patient(), g.level(), g.side(), String.valueOf(g.grade()), g.rater()));
        new Csv(List.of("patient_id", "ct", "labels"), manifest).write(dir.resolve("manifest.csv"));
        new Csv(List.of("patient_id", "level", "side", "grade", "rater"), graded).write(dir.resolve("grades.csv"));
        new Csv(List.of("patient_id", "level", "ct_canal_area_mm2", "dural_sac_area_mm2", "ap_diameter_mm", "interfacet_mm",
                "recess_depth_left_mm", "recess_depth_right_mm", "recess_angle_left_deg", "recess_angle_right_deg", "disc_height_mm",
                "listhesis_mm", "grade_central", "grade_left", "grade_right"), truth).write(dir.resolve("truth.csv"));
    }
}
