package org.spinerad.deep;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spinerad.testutil.Python;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Network structure: output shapes, pooled feature = mean of token outputs, NumPy reference forward, parameter count. */
class Vit3dTest {
    static final VitConfig SMALL = new VitConfig(32, 16, 32, 2, 4, 8, 64, 1e-5f);
    static VitModel model;

    @BeforeAll
    static void build() { model = VitModel.create(SMALL, 7); }

    @AfterAll
    static void close() { model.close(); }

    static float[] noise(VitConfig c, long seed) {
        Random r = new Random(seed);
        float[] v = new float[c.inputSize() * c.inputSize() * c.inputSize()];
        for (int i = 0; i < v.length; i++) v[i] = (float) r.nextGaussian();
        return v;
    }

    @Test
    void outputShapesAndPooledIsTokenMean() {
        VitModel.Output out = model.forward(List.of(noise(SMALL, 1), noise(SMALL, 2), noise(SMALL, 3)), true);
        assertEquals(3, out.logits().length);
        assertEquals(3, out.pooled().length);
        assertEquals(SMALL.dim(), out.pooled()[0].length);
        assertEquals(SMALL.tokens(), out.tokens()[0].length);
        assertEquals(8, SMALL.tokens());
        for (int b = 0; b < 3; b++)
            for (int d = 0; d < SMALL.dim(); d++) {
                double mean = 0;
                for (int t = 0; t < SMALL.tokens(); t++) mean += out.tokens()[b][t][d];
                mean /= SMALL.tokens();
                assertEquals(mean, out.pooled()[b][d], 1e-5);
            }
    }

    /** The whole forward pass against an independent NumPy implementation (scripts/ref/vit_numpy_reference.py). */
    @Test
    void forwardMatchesNumpyReference(@TempDir Path dir) throws Exception {
        try (VitModel m = VitModel.create(SMALL, 8)) {
            // large random weights, so that attention and MLP change the result well beyond the tolerance
            Random r = new Random(4);
            for (Pair<String, Parameter> p : m.block().getParameters()) {
                NDArray a = p.getValue().getArray();
                float[] v = new float[(int) a.size()];
                for (int i = 0; i < v.length; i++) v[i] = (float) ((p.getKey().endsWith("gamma") ? 1 : 0) + 0.4 * r.nextGaussian());
                a.set(java.nio.FloatBuffer.wrap(v));
            }
            compareWithNumpy(m, dir);
        }
    }

    private static void compareWithNumpy(VitModel model, Path dir) throws Exception {
        List<float[]> inputs = List.of(noise(SMALL, 11), noise(SMALL, 12));
        JsonObject params = new JsonObject();
        for (Pair<String, Parameter> p : model.block().getParameters()) {
            NDArray a = p.getValue().getArray();
            writeFloats(dir.resolve(p.getKey() + ".f32"), a.toFloatArray());
            JsonArray shape = new JsonArray();
            for (long d : a.getShape().getShape()) shape.add(d);
            params.add(p.getKey(), shape);
        }
        float[] all = new float[2 * inputs.get(0).length];
        System.arraycopy(inputs.get(0), 0, all, 0, inputs.get(0).length);
        System.arraycopy(inputs.get(1), 0, all, inputs.get(0).length, inputs.get(1).length);
        writeFloats(dir.resolve("input.f32"), all);
        JsonObject index = new JsonObject();
        index.add("config", new Gson().toJsonTree(SMALL));
        index.add("params", params);
        JsonArray inShape = new JsonArray();
        for (long d : VitModel.inputShape(SMALL, 2).getShape()) inShape.add(d);
        index.add("input", inShape);
        Files.writeString(dir.resolve("index.json"), index.toString());
        String[] lines = Python.run(Files.readString(Path.of("scripts/ref/vit_numpy_reference.py")), dir.toString()).strip().split("\\R");
        VitModel.Output out = model.forward(inputs, false);
        assertEquals(2, lines.length);
        for (int b = 0; b < 2; b++) {
            String[] v = lines[b].trim().split(" ");
            assertEquals(Double.parseDouble(v[0]), out.logits()[b], 1e-4 * (1 + Math.abs(out.logits()[b])));
            for (int d = 0; d < SMALL.dim(); d++)
                assertEquals(Double.parseDouble(v[1 + d]), out.pooled()[b][d], 1e-4 * (1 + Math.abs(out.pooled()[b][d])));
        }
    }

    static void writeFloats(Path file, float[] v) throws Exception {
        ByteBuffer buf = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(v);
        Files.write(file, buf.array());
    }

    @Test
    void sameSeedSameNetwork() {
        float[] in = noise(SMALL, 5);
        try (VitModel a = VitModel.create(SMALL, 7)) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(model.pooled(List.of(in))[0], a.pooled(List.of(in))[0], 0f);
        }
    }

    @Test
    void benchTimesForwardPasses() {
        VitBench.Report r = VitBench.run(SMALL, 1L << 30, 1, 3);
        assertTrue(r.secondsPerVolumeBatch1() > 0 && r.secondsPerVolumeLargest() > 0, r.toString());
        assertTrue(r.largestBatch() >= 1 && r.largestBatch() <= 3, r.toString());
        assertTrue(VitBench.trainStepSeconds(SMALL, 2, 1) > 0);
    }

    @Test
    void parameterCountMatchesConfig() {
        long n = 0;
        for (var s : model.parameterShapes().values()) n += s.size();
        assertEquals(SMALL.parameterCount(), n);
        // the studies' network: 42.5 M parameters
        assertEquals(42.5e6, VitConfig.studies().parameterCount(), 0.05e6);
    }
}
