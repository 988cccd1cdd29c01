package org.spinerad.stenosis.learn.cnn;

import org.spinerad.image.LabelMap;
import org.spinerad.image.Volume;
import org.spinerad.stenosis.geometry.LevelPlane;
import org.spinerad.stenosis.geometry.Localizer;
import org.spinerad.stenosis.learn.GradesTable;
import org.spinerad.util.SpineRadException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Training data and training of the {@link CnnGrader}: per patient the disc planes of the localisation, their central
 * and recess crops ({@link RoiCrops}) joined to a grades table; central crops are also used mirrored. Two networks
 * ("central", "recess") are saved in one folder.
 */
public final class CnnTraining {
    private CnnTraining() {}

    /** The crops of one CT + label map by key "level|side" (side central, left, right), in plane order. */
    public static Map<String, float[]> crops(Volume ct, LabelMap labels, String source) {
        String mismatch = ct.geometry().mismatch(labels.geometry(), 1e-3);
        if (mismatch != null) throw new SpineRadException(source + ": the label map does not match the CT (" + mismatch + ")");
        Map<String, float[]> out = new LinkedHashMap<>();
        for (LevelPlane p : Localizer.locate(labels, source).planes()) {
            if (p.kind() != LevelPlane.Kind.DISC) continue;
            out.put(p.level() + "|central", RoiCrops.central(ct, p));
            out.put(p.level() + "|left", RoiCrops.recess(ct, p, 0));
            out.put(p.level() + "|right", RoiCrops.recess(ct, p, 1));
        }
        return out;
    }

    /** Grade Stenosis with the CNN: the grade of each disc level and side ("level|side") of a CT + label map. */
    public static Map<String, Integer> grade(Volume ct, LabelMap labels, Path dir, String source) {
        Map<String, float[]> crops = crops(ct, labels, source);
        Map<String, Integer> out = new LinkedHashMap<>();
        for (String task : List.of("central", "recess")) {
            List<String> keys = crops.keySet().stream().filter(k -> k.endsWith("|central") == task.equals("central")).toList();
            try (CnnGrader c = CnnGrader.load(dir, task)) {
                int[] grades = c.grades(keys.stream().map(crops::get).toList());
                for (int i = 0; i < keys.size(); i++) out.put(keys.get(i), grades[i]);
            }
        }
        return out;
    }

    /**
     * Trains the central and the recess network on the graded crops (reference = one rater or the median) and saves
     * them in dir; a graded level without a crop is an error naming patient and level.
     */
    public static void train(Map<String, float[]> crops, GradesTable grades, String rater, int epochs, long seed, Path dir) {
        List<float[]> cx = new ArrayList<>(), rx = new ArrayList<>();
        List<Integer> cy = new ArrayList<>(), ry = new ArrayList<>();
        for (var e : grades.reference(rater).entrySet()) {
            float[] c = crops.get(e.getKey());
            String[] k = e.getKey().split("\\|");
            if (c == null) throw new SpineRadException(grades.source() + ": patient " + k[0] + " level " + k[1] + " is graded but not in view of its CT");
            if (k[2].equals("central")) {
                cx.add(c); cy.add(e.getValue());
                cx.add(RoiCrops.mirrored(c)); cy.add(e.getValue());
            } else { rx.add(c); ry.add(e.getValue()); }
        }
        for (var task : List.of(Map.entry("central", cy), Map.entry("recess", ry)))
            if (task.getValue().stream().distinct().count() < 2)
                throw new SpineRadException(grades.source() + ": every " + task.getKey() + " grade is " + (task.getValue().isEmpty() ? "missing" : task.getValue().get(0))
                        + "; training needs at least two different grades");
        try (CnnGrader c = CnnGrader.train(cx, cy.stream().mapToInt(Integer::intValue).toArray(), epochs, 3e-3, seed);
             CnnGrader r = CnnGrader.train(rx, ry.stream().mapToInt(Integer::intValue).toArray(), epochs, 3e-3, seed + 1)) {
            c.save(dir, "central");
            r.save(dir, "recess");
        }
    }
}
