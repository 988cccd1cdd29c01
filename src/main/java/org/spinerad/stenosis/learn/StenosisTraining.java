package org.spinerad.stenosis.learn;

import org.spinerad.util.SpineRadException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains the {@link MeasurementGrader} from a measurement table (rows of {@code spinerad stenosis batch}: patient_id,
 * level, side, measurements) and a {@link GradesTable}, with patient-level k-fold cross-validation (every level of a
 * patient in the same fold, {@link CrossValidation}).
 */
public final class StenosisTraining {
    private StenosisTraining() {}

    public record Result(MeasurementGrader model, CrossValidation cv) {}

    /** A graded level or side joined to its measurements. */
    private record Sample(CrossValidation.Graded graded, double[] x) {}

    public static Result run(List<Map<String, String>> measured, String measuredSource, GradesTable grades, String rater,
                             int folds, long seed, int binaryFrom) {
        Map<String, Map<String, String>> byKey = new LinkedHashMap<>();
        for (var r : measured) {
            String p = r.getOrDefault("patient_id", "").trim();
            if (p.isEmpty()) throw new SpineRadException(measuredSource + ": needs a patient_id column (the output of 'spinerad stenosis batch')");
            byKey.put(GradesTable.key(p, r.get("level"), r.get("side")), r);
        }
        List<Sample> samples = new ArrayList<>();
        for (var e : grades.reference(rater).entrySet()) {
            Map<String, String> row = byKey.get(e.getKey());
            String[] k = e.getKey().split("\\|");
            if (row == null)
                throw new SpineRadException(grades.source() + ": patient " + k[0] + " level " + k[1] + " " + k[2]
                        + " is graded but not measured in " + measuredSource);
            boolean central = GradesTable.central(e.getKey());
            samples.add(new Sample(new CrossValidation.Graded(k[0], e.getKey(), central, e.getValue()),
                    MeasurementGrader.features(row, central ? MeasurementGrader.CENTRAL_FEATURES : MeasurementGrader.RECESS_FEATURES)));
        }
        CrossValidation cv = CrossValidation.run("Measurement random forest (ordinal)", samples.stream().map(Sample::graded).toList(),
                grades, folds, seed, binaryFrom, (train, test, f) -> {
                    MeasurementGrader m = fit(train.stream().map(samples::get).toList(), seed + f, grades.source() + " (fold " + (f + 1) + ")");
                    double[][] out = new double[test.size()][];
                    for (int t = 0; t < test.size(); t++) {
                        Sample s = samples.get(test.get(t));
                        boolean central = s.graded().central();
                        out[t] = new double[]{central ? m.gradeCentral(s.x()) : m.gradeRecess(s.x()), m.cumulative(central, s.x())[binaryFrom]};
                    }
                    return out;
                });
        return new Result(fit(samples, seed, grades.source()), cv);
    }

    private static MeasurementGrader fit(List<Sample> s, long seed, String source) {
        List<double[]> cx = new ArrayList<>(), rx = new ArrayList<>();
        List<Integer> cy = new ArrayList<>(), ry = new ArrayList<>();
        for (Sample x : s) (x.graded().central() ? cx : rx).add(x.x());
        for (Sample x : s) (x.graded().central() ? cy : ry).add(x.graded().grade());
        return MeasurementGrader.train(cx, cy.stream().mapToInt(Integer::intValue).toArray(), rx,
                ry.stream().mapToInt(Integer::intValue).toArray(), seed, source);
    }
}
