package org.spinerad.deep;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import com.google.gson.JsonObject;
import org.spinerad.util.DjlEngine;
import org.spinerad.stats.Roc;
import org.spinerad.util.Csv;
import org.spinerad.util.Progress;
import org.spinerad.util.SpineRadException;

import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Fine-tunes a {@link VitModel} for a binary outcome: AdamW, class-weighted binary cross-entropy on the logit, early
 * stopping on the validation AUC; the best epoch's weights are restored at the end (and saved when an output folder
 * is given, together with the last epoch's checkpoint and a per-epoch log).
 */
public final class VitTrainer {

    /** Training settings; {@link #defaults()} gives the studies' values (learning rate 2e-5). */
    public record Settings(int epochs, int batchSize, float learningRate, float weightDecay, int patience, long seed) {
        public Settings {
            if (epochs < 1 || batchSize < 1 || patience < 1 || !(learningRate > 0) || !(weightDecay >= 0))
                throw new SpineRadException("training: epochs, batch size and patience must be >= 1, learning rate > 0, weight decay >= 0");
        }

        public static Settings defaults() { return new Settings(50, 2, 2e-5f, 0.01f, 5, 42); }
    }

    /** One training case: id, outcome (0/1) and its preprocessed input, produced on demand. */
    public record Sample(String id, int label, Supplier<float[]> input) {}

    /** Per-epoch training loss and validation AUC, the best epoch (1-based) and its AUC. */
    public record Result(List<Double> trainLoss, List<Double> validationAuc, int bestEpoch, double bestAuc) {}

    private final VitModel model;
    private final Settings settings;
    private final Optimizer optimizer;
    private final List<Parameter> trainable = new ArrayList<>();

    public VitTrainer(VitModel model, Settings settings) {
        this.model = model;
        this.settings = settings;
        this.optimizer = Optimizer.adamW().optLearningRateTracker(Tracker.fixed(settings.learningRate()))
                .optWeightDecays(settings.weightDecay()).build();
        for (var p : model.block().getParameters().values()) if (p.requiresGradient()) trainable.add(p);
    }

    /**
     * Weighted mean binary cross-entropy of logits z against labels y with per-case weights w:
     * {@code softplus(z) - z*y} (PyTorch's softplus is overflow-safe); all operands are arrays of the step's manager.
     */
    static NDArray weightedBce(NDArray z, NDArray y, NDArray w) {
        NDArray perCase = Activation.softPlus(z).sub(z.mul(y));
        return perCase.mul(w).sum().div(w.sum());
    }

    /** Forward and backward pass of one batch; returns the loss, leaving the gradients on the parameters. */
    float lossAndGradients(NDManager step, List<float[]> inputs, int[] labels, float[] weights) {
        NDArray x = model.batchArray(step, inputs);
        NDArray y = step.create(toFloat(labels)), w = step.create(weights);
        try (GradientCollector gc = DjlEngine.get().newGradientCollector()) {
            NDList out = model.block().forward(new ParameterStore(step, false), new NDList(x), true);
            NDArray loss = weightedBce(out.get(0), y, w);
            gc.backward(loss);
            return loss.getFloat();
        }
    }

    /** The loss of a batch without gradients (for checks and validation). */
    float loss(List<float[]> inputs, int[] labels, float[] weights) {
        try (NDManager step = model.manager().newSubManager()) {
            NDArray x = model.batchArray(step, inputs);
            NDList out = model.block().forward(new ParameterStore(step, false), new NDList(x), false);
            return weightedBce(out.get(0), step.create(toFloat(labels)), step.create(weights)).getFloat();
        }
    }

    /** One optimisation step on a batch; returns its loss before the update. */
    public float step(List<float[]> inputs, int[] labels, float[] weights) {
        try (NDManager step = model.manager().newSubManager()) {
            float loss = lossAndGradients(step, inputs, labels, weights);
            for (Parameter p : trainable) {
                NDArray array = p.getArray();
                try (NDArray grad = array.getGradient()) {
                    optimizer.update(p.getId(), array, grad);
                    grad.subi(grad);
                }
            }
            return loss;
        }
    }

    /** Zeroes the accumulated gradients (after {@link #lossAndGradients} without an update). */
    void zeroGradients() {
        for (Parameter p : trainable)
            try (NDArray grad = p.getArray().getGradient()) {
                grad.subi(grad);
            }
    }

    /**
     * Trains with early stopping on the validation AUC. With an {@code outDir}, writes {@code model.params} (best
     * epoch), {@code checkpoint.params} (last epoch), their JSON manifests and {@code training_log.csv}.
     */
    public Result fit(List<Sample> train, List<Sample> validation, VitPreprocessing preprocessing, Path outDir,
                      JsonObject provenance, Progress progress) {
        return fit(train, validation, preprocessing, outDir, provenance, false, progress);
    }

    /**
     * As {@link #fit(List, List, VitPreprocessing, Path, JsonObject, Progress)}; with {@code resume} and a previous
     * run's {@code checkpoint.params} and {@code training_log.csv} in {@code outDir}, continues after the last logged
     * epoch from the checkpoint's weights (the AdamW moments start afresh; batch order stays that of an uninterrupted run).
     */
    public Result fit(List<Sample> train, List<Sample> validation, VitPreprocessing preprocessing, Path outDir,
                      JsonObject provenance, boolean resume, Progress progress) {
        requireBothClasses(train, "training");
        requireBothClasses(validation, "validation");
        int n = train.size(), nPos = 0;
        for (Sample s : train) nPos += s.label();
        float wPos = (float) n / (2 * nPos), wNeg = (float) n / (2 * (n - nPos));
        DjlEngine.get().setRandomSeed((int) settings.seed());
        Random shuffle = new Random(settings.seed());
        int stepsPerEpoch = (n + settings.batchSize() - 1) / settings.batchSize();
        long totalSteps = (long) stepsPerEpoch * settings.epochs();
        List<Double> losses = new ArrayList<>(), aucs = new ArrayList<>();
        List<List<String>> log = new ArrayList<>();
        float[][] best = null;
        int bestEpoch = 0, sinceBest = 0, firstEpoch = 1;
        double bestAuc = Double.NEGATIVE_INFINITY;
        Path checkpoint = outDir == null ? null : outDir.resolve("checkpoint.params");
        if (resume && checkpoint != null && Files.isRegularFile(checkpoint)) {
            Csv previous = Csv.read(outDir.resolve("training_log.csv"));
            for (int r = 0; r < previous.rowCount(); r++) {
                String where = outDir.resolve("training_log.csv") + " row " + (r + 2);
                double loss = Csv.parseNum(previous.cell(r, 1), where), auc = Csv.parseNum(previous.cell(r, 2), where);
                losses.add(loss);
                aucs.add(auc);
                log.add(previous.rows().get(r));
                if (auc > bestAuc) {
                    bestAuc = auc;
                    bestEpoch = r + 1;
                }
            }
            firstEpoch = previous.rowCount() + 1;
            sinceBest = firstEpoch - 1 - bestEpoch;
            model.copyFrom(checkpoint, false);
        }
        if (firstEpoch > 1 && sinceBest >= settings.patience()) firstEpoch = settings.epochs() + 1; // had stopped early
        for (int epoch = 1; epoch <= settings.epochs(); epoch++) {
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < n; i++) order.add(i);
            java.util.Collections.shuffle(order, shuffle);
            if (epoch < firstEpoch) continue; // replays the shuffles of the epochs already done
            double lossSum = 0;
            for (int b = 0; b < stepsPerEpoch; b++) {
                int from = b * settings.batchSize(), to = Math.min(n, from + settings.batchSize());
                List<float[]> inputs = new ArrayList<>();
                int[] labels = new int[to - from];
                float[] weights = new float[to - from];
                for (int k = from; k < to; k++) {
                    Sample s = train.get(order.get(k));
                    inputs.add(s.input().get());
                    labels[k - from] = s.label();
                    weights[k - from] = s.label() == 1 ? wPos : wNeg;
                }
                float loss = step(inputs, labels, weights);
                if (!Float.isFinite(loss))
                    throw new SpineRadException("training diverged (loss " + loss + ") in epoch " + epoch + "; lower the learning rate");
                lossSum += loss * (to - from);
                progress.update((long) (epoch - 1) * stepsPerEpoch + b + 1, totalSteps,
                        String.format(java.util.Locale.ROOT, "epoch %d loss %.4f", epoch, loss));
            }
            double auc = auc(validation);
            losses.add(lossSum / n);
            aucs.add(auc);
            log.add(List.of(Integer.toString(epoch), Csv.num(lossSum / n), Csv.num(auc)));
            if (auc > bestAuc) {
                bestAuc = auc;
                bestEpoch = epoch;
                sinceBest = 0;
                best = snapshot();
                if (outDir != null) model.save(outDir.resolve("model.params"), preprocessing, epochProvenance(provenance, epoch, auc));
            } else sinceBest++;
            if (outDir != null) {
                model.save(outDir.resolve("checkpoint.params"), preprocessing, epochProvenance(provenance, epoch, auc));
                new Csv(List.of("epoch", "train_loss", "validation_auc"), log).write(outDir.resolve("training_log.csv"));
            }
            if (sinceBest >= settings.patience()) break;
        }
        if (best != null) restore(best);
        else if (bestEpoch > 0) model.copyFrom(outDir.resolve("model.params"), false); // best epoch was before resuming
        progress.update(totalSteps, totalSteps, "best epoch " + bestEpoch);
        return new Result(losses, aucs, bestEpoch, bestAuc);
    }

    /** Validation AUC of the current weights. */
    public double auc(List<Sample> samples) {
        double[] scores = new double[samples.size()];
        int[] y = new int[samples.size()];
        for (int from = 0; from < samples.size(); from += settings.batchSize()) {
            int to = Math.min(samples.size(), from + settings.batchSize());
            List<float[]> inputs = new ArrayList<>();
            for (int k = from; k < to; k++) inputs.add(samples.get(k).input().get());
            float[] logits = model.forward(inputs, false).logits();
            for (int k = from; k < to; k++) {
                scores[k] = logits[k - from];
                y[k] = samples.get(k).label();
            }
        }
        return new Roc(scores, y).auc();
    }

    private JsonObject epochProvenance(JsonObject base, int epoch, double auc) {
        JsonObject o = base == null ? new JsonObject() : base.deepCopy();
        JsonObject t = new JsonObject();
        t.addProperty("epoch", epoch);
        t.addProperty("validationAuc", auc);
        t.addProperty("learningRate", settings.learningRate());
        t.addProperty("weightDecay", settings.weightDecay());
        t.addProperty("batchSize", settings.batchSize());
        t.addProperty("seed", settings.seed());
        t.addProperty("optimizer", "AdamW");
        t.addProperty("loss", "class-weighted binary cross-entropy");
        o.add("training", t);
        return o;
    }

    private float[][] snapshot() {
        float[][] s = new float[trainable.size()][];
        for (int i = 0; i < s.length; i++) s[i] = trainable.get(i).getArray().toFloatArray();
        return s;
    }

    private void restore(float[][] s) {
        for (int i = 0; i < s.length; i++) trainable.get(i).getArray().set(FloatBuffer.wrap(s[i]));
    }

    private static void requireBothClasses(List<Sample> samples, String what) {
        int pos = 0;
        for (Sample s : samples) pos += s.label();
        if (pos == 0 || pos == samples.size())
            throw new SpineRadException("the " + what + " set needs cases of both outcomes (" + pos + " of " + samples.size()
                    + " positive)");
    }

    private static float[] toFloat(int[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = v[i];
        return f;
    }
}
