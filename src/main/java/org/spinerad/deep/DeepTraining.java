package org.spinerad.deep;

import com.google.gson.JsonObject;
import org.spinerad.util.Progress;
import org.spinerad.util.SpineRadException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/** Fine-tuning from a cohort manifest: one sequence and one structure, stratified train/validation split. */
public final class DeepTraining {
    private DeepTraining() {}

    /**
     * What to train: outcome column (from the manifest or the clinical table), sequence and structure, network and
     * preprocessing, an optional weights file to start from (backbone only), the split, the output folder and whether
     * to resume a previous run there.
     */
    public record Request(Path manifest, Path clinical, String outcomeColumn, String sequence, DeepCohort.Structure structure,
                          VitConfig config, double marginMm, Path initWeights, VitTrainer.Settings settings,
                          double validationFraction, Path outDir, boolean resume) {
        public Request {
            if (!(validationFraction > 0 && validationFraction < 1))
                throw new SpineRadException("validation fraction must be between 0 and 1, got " + validationFraction);
        }
    }

    public static VitTrainer.Result run(Request q, Progress progress) {
        DeepCohort cohort = DeepCohort.read(q.manifest(), List.of(q.sequence()));
        Map<String, Integer> outcomes = cohort.outcomes(q.outcomeColumn(), q.clinical());
        VitPreprocessing pre = new VitPreprocessing(q.config().inputSize(), q.marginMm());
        List<DeepCohort.Entry> usable = new ArrayList<>();
        for (DeepCohort.Entry e : cohort.entries())
            if (outcomes.containsKey(e.patientId()) && e.images().containsKey(q.sequence())) usable.add(e);
        if (usable.size() < 4)
            throw new SpineRadException(q.manifest() + ": only " + usable.size() + " patients have a " + q.sequence()
                    + " image and a '" + q.outcomeColumn() + "' outcome; training needs at least 4");
        long bytes = (long) usable.size() * q.config().inputSize() * q.config().inputSize() * q.config().inputSize() * 4;
        boolean cache = bytes < Runtime.getRuntime().maxMemory() / 4;
        List<VitTrainer.Sample> samples = new ArrayList<>();
        for (int i = 0; i < usable.size(); i++) {
            DeepCohort.Entry e = usable.get(i);
            Supplier<float[]> load = () -> DeepCohort.scan(e, q.sequence()).input(q.structure(), pre);
            if (cache) {
                float[] v = load.get();
                load = () -> v;
                progress.update(i + 1, usable.size(), "preprocessing " + e.patientId());
            }
            samples.add(new VitTrainer.Sample(e.patientId(), outcomes.get(e.patientId()), load));
        }
        List<VitTrainer.Sample> train = new ArrayList<>(), validation = new ArrayList<>();
        split(samples, q.validationFraction(), q.settings().seed(), train, validation);
        JsonObject provenance = new JsonObject();
        provenance.addProperty("manifest", q.manifest().toString());
        provenance.addProperty("outcome", q.outcomeColumn());
        provenance.addProperty("sequence", q.sequence());
        provenance.addProperty("structure", q.structure().toString());
        provenance.addProperty("trainingCases", train.size());
        provenance.addProperty("validationCases", validation.size());
        if (q.initWeights() != null) provenance.addProperty("initialBackbone", q.initWeights().toString());
        try (VitModel model = VitModel.create(q.config(), q.settings().seed())) {
            if (q.initWeights() != null) model.copyFrom(q.initWeights(), true);
            return new VitTrainer(model, q.settings()).fit(train, validation, pre, q.outDir(), provenance, q.resume(), progress);
        }
    }

    /** Stratified split: a {@code fraction} of each outcome class (at least one case each) goes to validation. */
    static void split(List<VitTrainer.Sample> samples, double fraction, long seed, List<VitTrainer.Sample> train,
                      List<VitTrainer.Sample> validation) {
        Random r = new Random(seed);
        for (int label = 0; label <= 1; label++) {
            List<VitTrainer.Sample> cls = new ArrayList<>();
            for (VitTrainer.Sample s : samples) if (s.label() == label) cls.add(s);
            Collections.shuffle(cls, r);
            int nVal = cls.size() < 2 ? 0 : Math.max(1, (int) Math.round(fraction * cls.size()));
            validation.addAll(cls.subList(0, nVal));
            train.addAll(cls.subList(nVal, cls.size()));
        }
    }
}
