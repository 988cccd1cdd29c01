package org.spinerad.stenosis.learn.cnn;

import org.spinerad.image.LabelMap;
import org.spinerad.image.Volume;
import org.spinerad.stenosis.geometry.LevelPlane;
import org.spinerad.stenosis.geometry.Localizer;
import org.spinerad.stenosis.learn.CrossValidation;
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
        List<Sample> samples = samples(crops, grades, rater);
        try (Pair p = fit(samples, epochs, seed, grades.source())) {
            p.central().save(dir, "central");
            p.recess().save(dir, "recess");
        }
    }

    /**
     * Patient-level k-fold cross-validation of the CNN grader ({@link CrossValidation}): per fold both networks are
     * trained on the other folds' crops exactly as {@link #train} does; the binary score is P(grade &ge; binaryFrom).
     */
    public static CrossValidation crossValidate(Map<String, float[]> crops, GradesTable grades, String rater, int folds, int epochs,
                                                long seed, int binaryFrom) {
        List<Sample> samples = samples(crops, grades, rater);
        return CrossValidation.run("ROI + CNN (2.5D crops, class-weighted cross-entropy, " + epochs + " epochs)",
                samples.stream().map(Sample::graded).toList(), grades, folds, seed, binaryFrom, (train, test, f) -> {
                    try (Pair p = fit(train.stream().map(samples::get).toList(), epochs, seed + 100L * (f + 1), grades.source() + " (fold " + (f + 1) + ")")) {
                        double[][] out = new double[test.size()][];
                        for (boolean central : new boolean[]{true, false}) {
                            List<Integer> idx = new ArrayList<>();
                            for (int t = 0; t < test.size(); t++) if (samples.get(test.get(t)).graded().central() == central) idx.add(t);
                            if (idx.isEmpty()) continue;
                            float[][] prob = (central ? p.central() : p.recess()).probabilities(idx.stream().map(t -> samples.get(test.get(t)).crop()).toList());
                            for (int j = 0; j < idx.size(); j++) {
                                int g = 0;
                                double above = 0;
                                for (int k = 0; k < prob[j].length; k++) {
                                    if (prob[j][k] > prob[j][g]) g = k;
                                    if (k >= binaryFrom) above += prob[j][k];
                                }
                                out[idx.get(j)] = new double[]{g, above};
                            }
                        }
                        return out;
                    }
                });
    }

    private record Sample(CrossValidation.Graded graded, float[] crop) {}

    private record Pair(CnnGrader central, CnnGrader recess) implements AutoCloseable {
        @Override
        public void close() {
            central.close();
            recess.close();
        }
    }

    private static List<Sample> samples(Map<String, float[]> crops, GradesTable grades, String rater) {
        List<Sample> out = new ArrayList<>();
        for (var e : grades.reference(rater).entrySet()) {
            float[] c = crops.get(e.getKey());
            String[] k = e.getKey().split("\\|");
            if (c == null) throw new SpineRadException(grades.source() + ": patient " + k[0] + " level " + k[1] + " is graded but not in view of its CT");
            out.add(new Sample(new CrossValidation.Graded(k[0], e.getKey(), k[2].equals("central"), e.getValue()), c));
        }
        return out;
    }

    /** Both networks on the samples; central crops are also used mirrored. */
    private static Pair fit(List<Sample> samples, int epochs, long seed, String source) {
        List<float[]> cx = new ArrayList<>(), rx = new ArrayList<>();
        List<Integer> cy = new ArrayList<>(), ry = new ArrayList<>();
        for (Sample s : samples) {
            int g = s.graded().grade();
            if (s.graded().central()) {
                cx.add(s.crop()); cy.add(g);
                cx.add(RoiCrops.mirrored(s.crop())); cy.add(g);
            } else { rx.add(s.crop()); ry.add(g); }
        }
        for (var task : List.of(Map.entry("central", cy), Map.entry("recess", ry)))
            if (task.getValue().stream().distinct().count() < 2)
                throw new SpineRadException(source + ": every " + task.getKey() + " grade is " + (task.getValue().isEmpty() ? "missing" : task.getValue().get(0))
                        + "; training needs at least two different grades");
        CnnGrader c = CnnGrader.train(cx, cy.stream().mapToInt(Integer::intValue).toArray(), epochs, 3e-3, seed);
        try {
            return new Pair(c, CnnGrader.train(rx, ry.stream().mapToInt(Integer::intValue).toArray(), epochs, 3e-3, seed + 1));
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
    }
}
