package org.spinerad.stenosis.learn.cnn;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.spinerad.segment.DjlSupport;
import org.spinerad.util.SpineRadException;
import org.spinerad.util.Version;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The studies' CNN classifier on {@link RoiCrops} (2.5D, 3 x 32 x 32): three 3x3 convolution + ReLU + 2x2 max-pool
 * stages (16, 32, 32 filters), a linear layer to the 4 grades; class-weighted softmax cross-entropy (weights inverse
 * to the grade frequencies), Adam, full-batch epochs. Saved as {@code manifest.json} + {@code <task>.params} (DJL
 * parameter file; the manifest is checked before the parameters are loaded).
 */
public final class CnnGrader implements AutoCloseable {
    public static final String FORMAT = "spinerad-stenosis-cnn", FILE = "manifest.json";
    static final int CLASSES = 4;

    private final NDManager manager;
    private final SequentialBlock net;

    private CnnGrader(NDManager manager, SequentialBlock net) { this.manager = manager; this.net = net; }

    static SequentialBlock network() {
        SequentialBlock b = new SequentialBlock();
        for (int filters : new int[]{16, 32, 32})
            b.add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(filters).build())
                    .add(Activation.reluBlock()).add(Pool.maxPool2dBlock(new Shape(2, 2)));
        b.add(Blocks.batchFlattenBlock()).add(Linear.builder().setUnits(CLASSES).build());
        return b;
    }

    /** Trains on crops (each CHANNELS*SIZE*SIZE) with grades 0-3. */
    public static CnnGrader train(List<float[]> crops, int[] grades, int epochs, double learningRate, long seed) {
        if (crops.isEmpty()) throw new SpineRadException("CNN grader: no training crops");
        int n = crops.size(), px = RoiCrops.CHANNELS * RoiCrops.SIZE * RoiCrops.SIZE;
        double[] count = new double[CLASSES];
        for (int g : grades) count[g]++;
        float[] x = new float[n * px], target = new float[n * CLASSES], weight = new float[n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(crops.get(i), 0, x, i * px, px);
            target[i * CLASSES + grades[i]] = 1;
            weight[i] = (float) (n / (CLASSES * count[grades[i]]));
        }
        DjlSupport.seed(seed);
        NDManager manager = DjlSupport.newManager();
        SequentialBlock net = network();
        net.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
        Shape in = new Shape(n, RoiCrops.CHANNELS, RoiCrops.SIZE, RoiCrops.SIZE);
        net.initialize(manager, DataType.FLOAT32, in);
        List<Parameter> params = new ArrayList<>(net.getParameters().values());
        for (Parameter p : params) p.getArray().setRequiresGradient(true);
        ParameterStore store = new ParameterStore(manager, false);
        Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed((float) learningRate)).build();
        for (int epoch = 0; epoch < epochs; epoch++) {
            try (NDManager sub = manager.newSubManager()) {
                NDArray xs = sub.create(x, in), ys = sub.create(target, new Shape(n, CLASSES)), ws = sub.create(weight, new Shape(n));
                try (GradientCollector gc = manager.getEngine().newGradientCollector()) {
                    NDArray logits = net.forward(store, new NDList(xs), true).head();
                    NDArray loss = logits.logSoftmax(1).mul(ys).sum(new int[]{1}).neg().mul(ws).mean();
                    gc.backward(loss);
                    if (!Float.isFinite(loss.getFloat())) throw new SpineRadException("CNN grader training diverged at epoch " + (epoch + 1));
                }
                for (Parameter p : params) {
                    NDArray w = p.getArray(), g = w.getGradient();
                    g.attach(sub);
                    adam.update(p.getId(), w, g);
                    g.subi(g);
                }
            }
        }
        return new CnnGrader(manager, net);
    }

    /** Grade probabilities (4 per crop). */
    public float[][] probabilities(List<float[]> crops) {
        int n = crops.size(), px = RoiCrops.CHANNELS * RoiCrops.SIZE * RoiCrops.SIZE;
        float[] x = new float[n * px];
        for (int i = 0; i < n; i++) System.arraycopy(crops.get(i), 0, x, i * px, px);
        try (NDManager sub = manager.newSubManager()) {
            NDArray logits = net.forward(new ParameterStore(sub, false),
                    new NDList(sub.create(x, new Shape(n, RoiCrops.CHANNELS, RoiCrops.SIZE, RoiCrops.SIZE))), false).head();
            float[] p = logits.softmax(1).toFloatArray();
            float[][] out = new float[n][CLASSES];
            for (int i = 0; i < n; i++) System.arraycopy(p, i * CLASSES, out[i], 0, CLASSES);
            return out;
        }
    }

    /** The most probable grade per crop. */
    public int[] grades(List<float[]> crops) {
        float[][] p = probabilities(crops);
        int[] g = new int[p.length];
        for (int i = 0; i < p.length; i++) for (int k = 1; k < CLASSES; k++) if (p[i][k] > p[i][g[i]]) g[i] = k;
        return g;
    }

    /** Writes {@code <task>.params} and adds the task to {@code manifest.json} in dir. */
    public void save(Path dir, String task) {
        try {
            Files.createDirectories(dir);
            try (DataOutputStream os = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(dir.resolve(task + ".params"))))) {
                net.saveParameters(os);
            }
            Path m = dir.resolve(FILE);
            JsonObject o = Files.exists(m) ? JsonParser.parseString(Files.readString(m)).getAsJsonObject() : new JsonObject();
            o.addProperty("format", FORMAT);
            o.addProperty("spinerad_version", Version.get());
            o.addProperty("architecture", "conv3x3(16,32,32)+relu+maxpool2, linear(4)");
            o.addProperty("input", RoiCrops.CHANNELS + "x" + RoiCrops.SIZE + "x" + RoiCrops.SIZE);
            JsonObject t = new JsonObject();
            t.addProperty("parameters", task + ".params");
            t.addProperty("parameter_count", net.getParameters().values().stream().mapToLong(p -> p.getArray().size()).sum());
            o.add(task, t);
            Files.writeString(m, new GsonBuilder().setPrettyPrinting().create().toJson(o) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SpineRadException(dir + ": cannot write the CNN grader (" + e.getMessage() + ")", e);
        }
    }

    /** Loads one task of a saved CNN grader; the manifest's format, input and parameter count are checked first. */
    public static CnnGrader load(Path dir, String task) {
        Path m = dir.resolve(FILE);
        long expected;
        try {
            JsonObject o = JsonParser.parseString(Files.readString(m)).getAsJsonObject();
            if (!o.has("format") || !FORMAT.equals(o.get("format").getAsString()) || !o.has(task)
                    || !(RoiCrops.CHANNELS + "x" + RoiCrops.SIZE + "x" + RoiCrops.SIZE).equals(o.get("input").getAsString()))
                throw new SpineRadException(m + ": not a SpineRad stenosis CNN grader with the task '" + task + "'");
            expected = o.getAsJsonObject(task).get("parameter_count").getAsLong();
        } catch (IOException | RuntimeException e) {
            if (e instanceof SpineRadException s) throw s;
            throw new SpineRadException(m + ": cannot read the CNN grader manifest (" + e.getMessage() + ")", e);
        }
        NDManager manager = DjlSupport.newManager();
        SequentialBlock net = network();
        net.initialize(manager, DataType.FLOAT32, new Shape(1, RoiCrops.CHANNELS, RoiCrops.SIZE, RoiCrops.SIZE));
        long count = net.getParameters().values().stream().mapToLong(p -> p.getArray().size()).sum();
        if (count != expected) {
            manager.close();
            throw new SpineRadException(m + ": the manifest describes " + expected + " parameters, the network has " + count);
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(dir.resolve(task + ".params"))))) {
            net.loadParameters(manager, in);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            manager.close();
            throw new SpineRadException(dir.resolve(task + ".params") + ": cannot load the CNN parameters (" + e.getMessage() + ")", e);
        }
        return new CnnGrader(manager, net);
    }

    @Override
    public void close() { manager.close(); }
}
