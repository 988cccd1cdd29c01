package org.spinerad.deep;

import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import org.spinerad.util.DjlEngine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import com.google.gson.JsonObject;
import org.spinerad.util.SpineRadException;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link Vit3d} with its parameters in their own DJL {@link NDManager}: inference on preprocessed cubes, weights
 * save/load. Each call works in a sub-manager that is closed before returning, so activations never accumulate.
 */
public final class VitModel implements AutoCloseable {
    static {
        // DJL reads OPT_OUT_TRACKING from the environment or a system property: no usage ping unless asked for
        if (System.getenv("OPT_OUT_TRACKING") == null && System.getProperty("OPT_OUT_TRACKING") == null)
            System.setProperty("OPT_OUT_TRACKING", "true");
    }

    private final VitConfig config;
    private final NDManager manager;
    private final Vit3d block;

    private VitModel(VitConfig config, NDManager manager, Vit3d block) {
        this.config = config;
        this.manager = manager;
        this.block = block;
    }

    /** A randomly initialised network; the same seed gives the same weights. */
    public static VitModel create(VitConfig config, long seed) {
        Engine engine = DjlEngine.get();
        engine.setRandomSeed((int) seed);
        NDManager manager = engine.newBaseManager();
        Vit3d block = new Vit3d(config);
        block.initialize(manager, DataType.FLOAT32, inputShape(config, 1));
        return new VitModel(config, manager, block);
    }

    static Shape inputShape(VitConfig c, long batch) {
        return new Shape(batch, 1, c.inputSize(), c.inputSize(), c.inputSize());
    }

    public VitConfig config() { return config; }
    public Vit3d block() { return block; }
    NDManager manager() { return manager; }

    /** Network outputs of a batch: logits (B), pooled representations (B x dim), token outputs (B x tokens x dim, or null). */
    public record Output(float[] logits, float[][] pooled, float[][][] tokens) {}

    /** Forward pass of preprocessed cubes ({@code inputSize}³ floats each) without gradients. */
    public Output forward(List<float[]> inputs, boolean withTokens) {
        try (NDManager sub = manager.newSubManager()) {
            NDList out = block.forward(new ParameterStore(sub, false), new NDList(batchArray(sub, inputs)), false);
            int b = inputs.size();
            float[] logits = out.get(0).toFloatArray();
            float[][] pooled = rows(out.get(1).toFloatArray(), b, config.dim());
            float[][][] tokens = null;
            if (withTokens) {
                float[] t = out.get(2).toFloatArray();
                tokens = new float[b][][];
                int per = config.tokens() * config.dim();
                for (int i = 0; i < b; i++) {
                    float[] one = new float[per];
                    System.arraycopy(t, i * per, one, 0, per);
                    tokens[i] = rows(one, config.tokens(), config.dim());
                }
            }
            return new Output(logits, pooled, tokens);
        }
    }

    /** Pooled representations (the deep features) of a batch of preprocessed cubes. */
    public float[][] pooled(List<float[]> inputs) { return forward(inputs, false).pooled(); }

    /** A (B, 1, S, S, S) array of the cubes in the given manager. */
    NDArray batchArray(NDManager m, List<float[]> inputs) {
        int per = config.inputSize() * config.inputSize() * config.inputSize();
        FloatBuffer buf = FloatBuffer.allocate(per * inputs.size());
        for (float[] in : inputs) {
            if (in.length != per)
                throw new SpineRadException("network input has " + in.length + " values, the network expects " + per
                        + " (" + config.inputSize() + "³)");
            buf.put(in);
        }
        buf.flip();
        // cubes are x fastest, so (z, y, x) is the row-major layout of the spatial axes
        return m.create(buf, inputShape(config, inputs.size()));
    }

    private static float[][] rows(float[] flat, int n, int width) {
        float[][] out = new float[n][width];
        for (int i = 0; i < n; i++) System.arraycopy(flat, i * width, out[i], 0, width);
        return out;
    }

    /** Parameter name to shape, in the block's order. */
    public Map<String, Shape> parameterShapes() { return shapes(block); }

    static Map<String, Shape> shapes(Vit3d b) {
        Map<String, Shape> m = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : b.getParameters()) m.put(p.getKey(), p.getValue().getArray().getShape());
        return m;
    }

    /**
     * Saves the parameters in DJL's parameter format to {@code weights} and the JSON manifest beside it
     * ({@link VitWeights#manifestPath}); {@code provenance} is stored in the manifest as it is.
     */
    public void save(Path weights, VitPreprocessing preprocessing, JsonObject provenance) {
        try {
            Path parent = weights.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            Path tmp = Files.createTempFile(parent, weights.getFileName().toString(), ".tmp");
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
                block.saveParameters(out);
            }
            Files.move(tmp, weights, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new SpineRadException(weights + ": cannot write weights (" + e.getMessage() + ")", e);
        }
        VitWeights.writeManifest(weights, config, preprocessing, parameterShapes(), provenance);
    }

    /** A network built from a weights file's manifest and initialised with its parameters. */
    public static VitModel load(Path weights) {
        VitWeights.Manifest m = VitWeights.readManifest(weights);
        VitModel model = create(m.config(), 0);
        try {
            model.copyFrom(weights, false);
            return model;
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /**
     * Overwrites this network's parameters with those of a weights file; with {@code backboneOnly} the binary head
     * keeps its current values (fine-tuning a pretrained backbone for a new outcome). The file's network may differ in
     * depth, but every parameter this network needs must be present with the same shape; otherwise a
     * {@link SpineRadException} names the parameter and both shapes.
     */
    public void copyFrom(Path weights, boolean backboneOnly) {
        VitWeights.Manifest m = VitWeights.readManifest(weights);
        Map<String, Shape> expected = parameterShapes();
        VitWeights.checkShapes(weights, m.parameterShapes(), expected, backboneOnly);
        try (NDManager staging = manager.newSubManager()) {
            Vit3d fileBlock = new Vit3d(m.config());
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(weights)))) {
                fileBlock.loadParameters(staging, in);
            } catch (IOException | MalformedModelException | RuntimeException e) {
                throw new SpineRadException(weights + ": not a readable DJL parameter file for the network in its manifest ("
                        + e.getMessage() + ")", e);
            }
            Map<String, Shape> loaded = new LinkedHashMap<>();
            Map<String, NDArray> arrays = new LinkedHashMap<>();
            for (Pair<String, Parameter> p : fileBlock.getParameters()) {
                NDArray a = p.getValue().getArray();
                loaded.put(p.getKey(), a.getShape());
                arrays.put(p.getKey(), a);
            }
            VitWeights.checkShapes(weights, loaded, expected, backboneOnly);
            for (Pair<String, Parameter> p : block.getParameters()) {
                if (backboneOnly && Vit3d.isHeadParameter(p.getKey())) continue;
                arrays.get(p.getKey()).copyTo(p.getValue().getArray());
            }
        }
    }

    @Override
    public void close() { manager.close(); }
}
