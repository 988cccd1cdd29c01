package org.spinerad.segment.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import ai.djl.training.GradientCollector;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.spinerad.segment.ColumnClasses;
import org.spinerad.segment.CtNormalization;
import org.spinerad.segment.DjlSupport;
import org.spinerad.segment.ModelManifest;
import org.spinerad.segment.Resample;
import org.spinerad.segment.Segmenter;
import org.spinerad.segment.SlidingWindow;
import org.spinerad.segment.UNet3d;
import org.spinerad.segment.UNetConfig;
import org.spinerad.segment.UNetPredictor;
import org.spinerad.image.Geometry;
import org.spinerad.util.Progress;
import org.spinerad.util.SpineRadException;
import org.spinerad.util.Version;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Trains a {@link UNet3d} on image + label map pairs, nnU-Net style: cases resampled to the model spacing and
 * CT-normalised with foreground statistics of the training cases; random patches of which a fraction (default 1/3)
 * is centred on a foreground voxel of a random present class; augmentation per {@link Augmentation} (basic or
 * domain randomisation); Dice + cross-entropy loss; Adam.
 * A held-out fraction of the cases is segmented with the full inference pipeline every {@code validateEvery} steps;
 * the best checkpoint (mean validation Dice) is saved as {@code model.params} + {@code manifest.json}. Everything
 * random derives from the seed.
 */
public final class UNetTrainer {
    private UNetTrainer() {}

    /**
     * @param labelValues   label values of the classes 1..C-1 (vertebrae from top to bottom)
     * @param labelNames    their names
     * @param maxMinutes    stop after this wall time (then validate and save), 0 = no limit
     * @param init          model folder to start from (fine-tuning; same architecture, its normalisation is kept), or null
     */
    public record Options(UNetConfig net, double[] spacing, int[] patchSize, int batchSize, int steps, double learningRate,
                          double foregroundFraction, int validateEvery, double validationFraction, long seed,
                          Augmentation.Level augmentation, double maxMinutes, int[] labelValues, String[] labelNames, Path init) {
        public Options {
            if (labelValues.length != net.classes() - 1 || labelNames.length != labelValues.length)
                throw new SpineRadException("the U-Net has " + net.classes() + " classes but " + labelValues.length
                        + " label values and " + labelNames.length + " names were given (need classes - 1)");
            for (int a = 0; a < 3; a++)
                if (patchSize[a] < net.sizeDivisor() || patchSize[a] % net.sizeDivisor() != 0)
                    throw new SpineRadException("patch size " + patchSize[a] + " must be a positive multiple of "
                            + net.sizeDivisor() + " for a U-Net of depth " + net.depth());
            if (batchSize < 1 || steps < 1 || !(learningRate > 0) || validateEvery < 1)
                throw new SpineRadException("batch size, steps and validation interval must be >= 1 and the learning rate > 0");
            if (!(foregroundFraction >= 0 && foregroundFraction <= 1) || !(validationFraction >= 0 && validationFraction < 1))
                throw new SpineRadException("foreground fraction must be in [0, 1] and validation fraction in [0, 1)");
        }
    }

    /** Loss per step, the validation Dice of the saved checkpoint and its manifest. */
    public record Result(float[] losses, int stepsDone, int bestStep, Map<String, Double> validationDice, ModelManifest manifest) {}

    /** A case resampled to the model grid: normalised image, class per voxel, foreground voxels per class. */
    record Prepared(String id, Geometry grid, float[] image, int[] classes, int[][] foreground) {}

    public static Result train(List<TrainingCase> cases, Options o, Path outDir, JsonObject description, Progress progress) {
        return train(cases, o, outDir, description, progress, line -> { });
    }

    /** As {@link #train(List, Options, Path, JsonObject, Progress)}, reporting each validation as a line to {@code log}. */
    public static Result train(List<TrainingCase> cases, Options o, Path outDir, JsonObject description, Progress progress,
                               java.util.function.Consumer<String> log) {
        if (cases.isEmpty()) throw new SpineRadException("no training cases");
        DjlSupport.checkMemory(o.net(), o.patchSize(), o.batchSize(), true);
        SplittableRandom rng = new SplittableRandom(o.seed());
        List<TrainingCase> order = new ArrayList<>(cases);
        for (int i = order.size() - 1; i > 0; i--) java.util.Collections.swap(order, i, rng.nextInt(i + 1));
        int nVal = order.size() < 2 ? 0 : Math.max(o.validationFraction() > 0 ? 1 : 0, (int) Math.round(o.validationFraction() * order.size()));
        List<TrainingCase> valCases = order.subList(0, nVal), trainCases = order.subList(nVal, order.size());

        List<Prepared> train = new ArrayList<>(), val = new ArrayList<>();
        float[] fgSample = new float[0];
        int fgCount = 0;
        int done = 0;
        // cases drawn several times (same loader) are prepared once and share their arrays
        Map<java.util.function.Supplier<TrainingCase.Pair>, Prepared> byLoader = new java.util.IdentityHashMap<>();
        for (TrainingCase c : order) {
            progress.update(done++, order.size(), "preparing " + c.id());
            Prepared first = byLoader.get(c.loader());
            Prepared p = first == null ? prepare(c, o) : new Prepared(c.id(), first.grid(), first.image(), first.classes(), first.foreground());
            byLoader.putIfAbsent(c.loader(), p);
            boolean isTrain = trainCases.contains(c);
            (isTrain ? train : val).add(p);
            if (isTrain) {
                int stride = Math.max(1, countForeground(p) / 20000);
                for (int i = 0, k = 0; i < p.classes().length; i++)
                    if (p.classes()[i] > 0 && k++ % stride == 0) {
                        if (fgCount == fgSample.length) fgSample = java.util.Arrays.copyOf(fgSample, Math.max(1024, 2 * fgCount));
                        fgSample[fgCount++] = p.image()[i];
                    }
            }
        }
        if (fgCount < 2)
            throw new SpineRadException("the training label maps hold no voxels of the labels " + java.util.Arrays.toString(o.labelValues())
                    + " (SpineRad's L1..L5 values); check the mask column and the label values");
        ModelManifest initManifest = o.init() == null ? null : ModelManifest.read(o.init());
        if (initManifest != null && !o.net().equals(initManifest.unet()))
            throw new SpineRadException(o.init() + ": the model to start from has the architecture " + initManifest.unet()
                    + " but training asks for " + o.net());
        CtNormalization norm = initManifest != null ? initManifest.normalization() : CtNormalization.fromForeground(fgSample, fgCount);
        java.util.Set<float[]> normalised = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (List<Prepared> list : List.of(train, val))
            for (Prepared p : list) if (normalised.add(p.image())) normaliseInPlace(p.image(), norm);

        List<ModelManifest.ClassLabel> labels = new ArrayList<>();
        for (int i = 0; i < o.labelValues().length; i++) labels.add(new ModelManifest.ClassLabel(i + 1, o.labelValues()[i], o.labelNames()[i]));

        DjlSupport.seed(o.seed());
        UNet3d net = new UNet3d(o.net());
        int[] ps = o.patchSize();
        int pn = ps[0] * ps[1] * ps[2], classes = o.net().classes();
        float[] losses = new float[o.steps()];
        long start = System.nanoTime();
        int bestStep = -1, step = 0;
        double bestScore = Double.NEGATIVE_INFINITY;
        Map<String, Double> bestDice = new LinkedHashMap<>();
        ModelManifest saved = null;
        // nnU-Net's polynomial decay lr * (1 - f)^0.9, f = the larger of step / steps (t counts this parameter's updates =
        // steps done) and the fraction of the wall-time budget used, so that the rate reaches 0 whichever ends first
        Tracker poly = t -> (float) (o.learningRate() * Math.pow(Math.max(0, 1 - Math.max((double) t / o.steps(),
                o.maxMinutes() > 0 ? (System.nanoTime() - start) / 6e10 / o.maxMinutes() : 0)), 0.9));
        Optimizer adam = Optimizer.adam().optLearningRateTracker(poly).build();
        DiceCeLoss lossFunction = new DiceCeLoss();
        // A plain loop instead of DJL's Trainer: the Trainer leaves a gradient handle per parameter and step in the
        // root manager, and the gradient collector's zeroing walks all of them, so its steps grow ever slower.
        try (NDManager root = DjlSupport.newManager()) {
            net.setInitializer(new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.IN, 2),
                    Parameter.Type.WEIGHT);
            net.initialize(root, DataType.FLOAT32, new Shape(o.batchSize(), o.net().inChannels(), ps[2], ps[1], ps[0]));
            if (initManifest != null) UNetPredictor.loadInto(net, root, o.init(), initManifest);
            List<Parameter> params = new ArrayList<>(net.getParameters().values());
            for (Parameter p : params) if (p.requiresGradient()) p.getArray().setRequiresGradient(true);
            ParameterStore store = new ParameterStore(root, false);
            float[] img = new float[o.batchSize() * pn], target = new float[o.batchSize() * classes * pn];
            float pad = norm.padValue();
            UNetPredictor predictor = new UNetPredictor(net, root);
            while (step < o.steps()) {
                java.util.Arrays.fill(target, 0);
                for (int b = 0; b < o.batchSize(); b++) {
                    Prepared c = train.get(rng.nextInt(train.size()));
                    samplePatch(c, o, rng, rng.nextDouble() < o.foregroundFraction(), pad, img, target, b);
                }
                try (NDManager sub = root.newSubManager()) {
                    NDArray x = sub.create(img, new Shape(o.batchSize(), 1, ps[2], ps[1], ps[0]));
                    NDArray y = sub.create(target, new Shape(o.batchSize(), classes, ps[2], ps[1], ps[0]));
                    try (GradientCollector gc = root.getEngine().newGradientCollector()) {
                        NDArray logits = net.forward(store, new NDList(x), true).head();
                        NDArray loss = lossFunction.evaluate(new NDList(y), new NDList(logits));
                        gc.backward(loss);
                        losses[step] = loss.getFloat();
                    }
                    for (Parameter p : params) {
                        if (!p.requiresGradient()) continue;
                        NDArray w = p.getArray(), g = w.getGradient();
                        g.attach(sub);
                        adam.update(p.getId(), w, g);
                        g.subi(g); // PyTorch accumulates gradients: zero them for the next step
                    }
                }
                if (!Float.isFinite(losses[step]))
                    throw new SpineRadException("training diverged at step " + (step + 1) + " (loss " + losses[step]
                            + "); lower the learning rate");
                step++;
                boolean outOfTime = o.maxMinutes() > 0 && (System.nanoTime() - start) / 6e10 > o.maxMinutes();
                progress.update(step, o.steps(), String.format(java.util.Locale.ROOT, "loss %.4f", losses[step - 1]));
                if (step % o.validateEvery() == 0 || step == o.steps() || outOfTime) {
                    ModelManifest m = manifest(o, labels, norm, net, description, train, val, step, losses, start, null);
                    Map<String, Double> dice = validate(val, m, predictor, o);
                    double score = val.isEmpty() ? step : dice.get("mean");
                    if (score >= bestScore) {
                        bestScore = score;
                        bestStep = step;
                        bestDice = dice;
                        saved = manifest(o, labels, norm, net, description, train, val, step, losses, start, dice);
                        UNetPredictor.save(net, outDir.resolve(saved.parameterFile()));
                        saved.write(outDir);
                    }
                    log.accept("step " + step + ": loss " + losses[step - 1] + ", validation Dice " + dice);
                }
                if (outOfTime) break;
            }
        }
        return new Result(java.util.Arrays.copyOf(losses, step), step, bestStep, bestDice, saved);
    }

    private static int countForeground(Prepared p) {
        int n = 0;
        for (int v : p.classes()) if (v > 0) n++;
        return n;
    }

    private static void normaliseInPlace(float[] a, CtNormalization n) {
        for (int i = 0; i < a.length; i++) a[i] = n.apply(a[i]);
    }

    /** Loads a case, maps label values to classes and resamples both to the model spacing. */
    static Prepared prepare(TrainingCase c, Options o) {
        TrainingCase.Pair pair = c.loader().get();
        Geometry g = pair.image().geometry();
        String mismatch = g.mismatch(pair.labels().geometry(), 1e-3);
        if (mismatch != null) throw new SpineRadException("case " + c.id() + ": image and label map grids differ: " + mismatch);
        int[] dims = g.dims(), modelDims = Resample.dimsAt(g, o.spacing());
        int maxValue = 0;
        for (int v : o.labelValues()) maxValue = Math.max(maxValue, v);
        int[] classOf = new int[maxValue + 1];
        for (int i = 0; i < o.labelValues().length; i++) classOf[o.labelValues()[i]] = i + 1;
        int n = g.voxelCount();
        int[] cls = new int[n];
        for (int i = 0; i < n; i++) {
            int v = pair.labels().volume().getInt(i);
            cls[i] = v > 0 && v <= maxValue ? classOf[v] : 0;
        }
        float[] image = Resample.linear(pair.image().floats(), dims, modelDims);
        int[] classes = Resample.nearest(cls, dims, modelDims);
        int k = o.labelValues().length;
        int[] counts = new int[k + 1];
        for (int v : classes) counts[v]++;
        int[][] fg = new int[k + 1][];
        for (int i = 1; i <= k; i++) fg[i] = new int[counts[i]];
        int[] fill = new int[k + 1];
        for (int i = 0; i < classes.length; i++) if (classes[i] > 0) fg[classes[i]][fill[classes[i]]++] = i;
        return new Prepared(c.id(), Resample.gridOf(g, modelDims), image, classes, fg);
    }

    /** Draws one augmented patch into batch slot b of the image and one-hot buffers. */
    static void samplePatch(Prepared c, Options o, SplittableRandom rng, boolean foreground, float pad, float[] img,
                            float[] target, int b) {
        int[] d = c.grid().dims(), p = o.patchSize();
        int classes = o.net().classes(), pn = p[0] * p[1] * p[2];
        double[] centre = new double[3];
        int[] present = new int[classes];
        int nPresent = 0;
        for (int k = 1; k < classes; k++) if (c.foreground()[k].length > 0) present[nPresent++] = k;
        if (foreground && nPresent > 0) {
            int[] voxels = c.foreground()[present[rng.nextInt(nPresent)]];
            int v = voxels[rng.nextInt(voxels.length)];
            int[] xyz = {v % d[0], (v / d[0]) % d[1], v / (d[0] * d[1])};
            for (int a = 0; a < 3; a++) centre[a] = xyz[a] + Math.floor((rng.nextDouble() - 0.5) * p[a] / 2) + 0.5 * ((p[a] + 1) % 2);
        } else {
            for (int a = 0; a < 3; a++) {
                int lo = Math.min(0, d[a] - p[a]), hi = Math.max(0, d[a] - p[a]);
                centre[a] = (lo == hi ? (d[a] - p[a]) / 2 : lo + rng.nextInt(hi - lo + 1)) + (p[a] - 1) / 2.0;
            }
        }
        Augmentation aug = Augmentation.draw(o.augmentation(), rng);
        int nx = d[0], nxy = d[0] * d[1];
        int i = 0;
        double[] off = new double[3], src = new double[3];
        for (int z = 0; z < p[2]; z++) {
            off[2] = z - (p[2] - 1) / 2.0;
            for (int y = 0; y < p[1]; y++) {
                off[1] = y - (p[1] - 1) / 2.0;
                for (int x = 0; x < p[0]; x++, i++) {
                    off[0] = x - (p[0] - 1) / 2.0;
                    aug.source(off, (double) x / (p[0] - 1), (double) y / (p[1] - 1), (double) z / (p[2] - 1), src);
                    double sx = centre[0] + src[0], sy = centre[1] + src[1], sz = centre[2] + src[2];
                    float v = pad;
                    int label = 0;
                    int x0 = (int) Math.floor(sx), y0 = (int) Math.floor(sy), z0 = (int) Math.floor(sz);
                    if (x0 >= -1 && y0 >= -1 && z0 >= -1 && x0 < d[0] && y0 < d[1] && z0 < d[2]) {
                        float fx = (float) (sx - x0), fy = (float) (sy - y0), fz = (float) (sz - z0);
                        float acc = 0;
                        for (int k = 0; k < 8; k++) {
                            int xx = x0 + (k & 1), yy = y0 + ((k >> 1) & 1), zz = z0 + (k >> 2);
                            float w = ((k & 1) == 1 ? fx : 1 - fx) * (((k >> 1) & 1) == 1 ? fy : 1 - fy) * ((k >> 2) == 1 ? fz : 1 - fz);
                            boolean inside = xx >= 0 && yy >= 0 && zz >= 0 && xx < d[0] && yy < d[1] && zz < d[2];
                            acc += w * (inside ? c.image()[xx + nx * yy + nxy * zz] : pad);
                        }
                        v = acc;
                        int rx = (int) Math.round(sx), ry = (int) Math.round(sy), rz = (int) Math.round(sz);
                        if (rx >= 0 && ry >= 0 && rz >= 0 && rx < d[0] && ry < d[1] && rz < d[2]) label = c.classes()[rx + nx * ry + nxy * rz];
                    }
                    img[b * pn + i] = v;
                    target[(b * classes + label) * pn + i] = 1;
                }
            }
        }
        aug.intensities(img, b * pn, p);
    }

    /** Dice of every label (by name) and their mean over the validation cases, with the full inference pipeline. */
    static Map<String, Double> validate(List<Prepared> val, ModelManifest m, UNetPredictor predictor, Options o) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (val.isEmpty()) return out;
        Segmenter seg = new Segmenter(m, predictor);
        int[] values = m.labelValues();
        double[] sum = new double[values.length];
        for (Prepared p : val) {
            float[] logits = SlidingWindow.predict(p.image(), p.grid().dims(), o.patchSize(), 0.5, predictor,
                    m.normalization().padValue(), Progress.NONE);
            int[] predicted = seg.toLabels(SlidingWindow.argmax(logits, m.classes()), p.grid());
            int[] truth = new int[p.classes().length];
            for (int i = 0; i < truth.length; i++) truth[i] = p.classes()[i] == 0 ? 0 : values[p.classes()[i] - 1];
            for (int k = 0; k < values.length; k++) sum[k] += dice(predicted, truth, values[k]);
        }
        double mean = 0;
        for (int k = 0; k < values.length; k++) {
            out.put(m.labels().get(k).name(), sum[k] / val.size());
            mean += sum[k] / val.size() / values.length;
        }
        out.put("mean", mean);
        return out;
    }

    /** Dice coefficient of one label between two label arrays (1 when both lack it). */
    public static double dice(int[] a, int[] b, int label) {
        long inA = 0, inB = 0, both = 0;
        for (int i = 0; i < a.length; i++) {
            boolean x = a[i] == label, y = b[i] == label;
            if (x) inA++;
            if (y) inB++;
            if (x && y) both++;
        }
        return inA + inB == 0 ? 1 : 2.0 * both / (inA + inB);
    }

    private static ModelManifest manifest(Options o, List<ModelManifest.ClassLabel> labels, CtNormalization norm, UNet3d net,
                                          JsonObject description, List<Prepared> train, List<Prepared> val, int step,
                                          float[] losses, long start, Map<String, Double> dice) {
        JsonObject t = description == null ? new JsonObject() : description.deepCopy();
        t.add("trainCases", ids(train));
        t.add("validationCases", ids(val));
        t.addProperty("steps", step);
        t.addProperty("batchSize", o.batchSize());
        t.addProperty("learningRate", o.learningRate());
        t.addProperty("learningRateSchedule", "polynomial (1 - f)^0.9, f = max(step / " + o.steps()
                + (o.maxMinutes() > 0 ? ", minutes / " + o.maxMinutes() : "") + ")");
        if (o.init() != null) t.addProperty("initialisedFrom", o.init().toString());
        t.addProperty("optimizer", "Adam");
        t.addProperty("loss", "cross-entropy + (1 - soft Dice)");
        t.addProperty("foregroundFraction", o.foregroundFraction());
        t.addProperty("augmentation", Augmentation.describe(o.augmentation()));
        t.addProperty("seed", o.seed());
        float recent = 0;
        int from = Math.max(0, step - 20);
        for (int i = from; i < step; i++) recent += losses[i] / (step - from);
        t.addProperty("meanLossLast20Steps", recent);
        double seconds = (System.nanoTime() - start) / 1e9;
        t.addProperty("trainingSeconds", Math.round(seconds));
        t.addProperty("stepsPerSecond", Math.round(step / seconds * 1000) / 1000.0);
        return new ModelManifest(ModelManifest.UNET, o.net(), o.spacing().clone(), o.patchSize().clone(), labels, norm,
                !ColumnClasses.NAMES[0].equals(o.labelNames()[0]), "model.params", UNetPredictor.parameterShapes(net), t, dice, Version.get());
    }

    private static JsonArray ids(List<Prepared> cases) {
        JsonArray a = new JsonArray();
        for (Prepared p : cases) a.add(p.id());
        return a;
    }
}
