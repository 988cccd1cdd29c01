package org.spinerad.segment;

import org.spinerad.segment.training.Augmentation;
import org.spinerad.segment.training.UNetTrainer;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spinerad.image.SpineLabels;
import org.spinerad.util.SpineRadException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** The DJL building blocks against closed forms, parameter round trips and bad weight files. */
class UNetBlocksTest {
    static NDManager manager;

    @BeforeAll
    static void start() { manager = DjlSupport.newManager(); }

    @AfterAll
    static void stop() { manager.close(); }

    static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) r.nextGaussian();
        return v;
    }

    @Test
    void transposedConvTrickEqualsDefinition() {
        int in = 3, out = 2, d = 2, h = 3, w = 2;
        UpConv3d up = new UpConv3d(out);
        up.initialize(manager, DataType.FLOAT32, new Shape(1, in, d, h, w));
        float[] x = random(in * d * h * w, 1);
        float[] y;
        try (NDManager sub = manager.newSubManager()) {
            y = up.forward(new ParameterStore(manager, false), new NDList(sub.create(x, new Shape(1, in, d, h, w))), false)
                    .head().toFloatArray();
        }
        float[] weight = up.conv().getParameters().get("weight").getArray().toFloatArray(); // (8*out, in, 1, 1, 1)
        float[] bias = up.conv().getParameters().get("bias").getArray().toFloatArray();
        int od = 2 * d, oh = 2 * h, ow = 2 * w;
        assertEquals(out * od * oh * ow, y.length);
        // ConvTranspose3d(kernel 2, stride 2): out[o, 2z+i, 2y+j, 2x+k] = b + sum_c in[c, z, y, x] * W[c, o, i, j, k]
        for (int o = 0; o < out; o++)
            for (int z = 0; z < od; z++)
                for (int yy = 0; yy < oh; yy++)
                    for (int xx = 0; xx < ow; xx++) {
                        int filter = o * 8 + (z % 2) * 4 + (yy % 2) * 2 + xx % 2;
                        double expected = bias[filter];
                        for (int c = 0; c < in; c++)
                            expected += x[((c * d + z / 2) * h + yy / 2) * w + xx / 2] * weight[filter * in + c];
                        assertEquals(expected, y[((o * od + z) * oh + yy) * ow + xx], 1e-5, "o " + o + " z " + z + " y " + yy + " x " + xx);
                    }
    }

    @Test
    void instanceNormMatchesClosedForm() {
        int b = 2, c = 3, d = 3, h = 4, w = 5, n = d * h * w;
        InstanceNorm3d norm = new InstanceNorm3d(c, 1e-5f);
        norm.initialize(manager, DataType.FLOAT32, new Shape(b, c, d, h, w));
        float[] gamma = {0.5f, 2f, -1f}, beta = {0.1f, -0.3f, 2f};
        norm.getParameters().get("gamma").getArray().set(gamma);
        norm.getParameters().get("beta").getArray().set(beta);
        float[] x = random(b * c * n, 2);
        for (int i = 0; i < x.length; i++) x[i] = x[i] * 30 + 100; // far from zero mean, unit variance
        float[] y;
        try (NDManager sub = manager.newSubManager()) {
            y = norm.forward(new ParameterStore(manager, false), new NDList(sub.create(x, new Shape(b, c, d, h, w))), false)
                    .head().toFloatArray();
        }
        for (int s = 0; s < b; s++)
            for (int ch = 0; ch < c; ch++) {
                int off = (s * c + ch) * n;
                double mean = 0, var = 0;
                for (int i = 0; i < n; i++) mean += x[off + i] / (double) n;
                for (int i = 0; i < n; i++) var += (x[off + i] - mean) * (x[off + i] - mean) / n;
                for (int i = 0; i < n; i++)
                    assertEquals(gamma[ch] * (x[off + i] - mean) / Math.sqrt(var + 1e-5) + beta[ch], y[off + i], 2e-4);
            }
    }

    private static ModelManifest manifest(UNetConfig cfg, UNet3d net, int[] patch) {
        List<ModelManifest.ClassLabel> labels = new ArrayList<>();
        for (int i = 1; i < cfg.classes(); i++) labels.add(new ModelManifest.ClassLabel(i, SpineLabels.LUMBAR[i - 1], "L" + i));
        return new ModelManifest(ModelManifest.UNET, cfg, new double[]{2, 2, 2}, patch, labels,
                new CtNormalization(-100, 1000, 200, 300), true, "model.params", UNetPredictor.parameterShapes(net),
                null, null, null);
    }

    @Test
    void weightsRoundTripIdentical(@TempDir Path dir) {
        UNetConfig cfg = UNetConfig.of(6, 4, 3);
        DjlSupport.seed(5);
        UNet3d net = UNetPredictor.create(cfg, manager);
        UNetPredictor.save(net, dir.resolve("model.params"));
        manifest(cfg, net, new int[]{16, 16, 16}).write(dir);
        float[] patch = random(16 * 12 * 8, 3);
        int[] size = {16, 12, 8};
        float[] before = new UNetPredictor(net, manager).predict(patch, size);
        try (Segmenter loaded = Segmenter.load(dir)) {
            assertEquals(ModelManifest.UNET, loaded.manifest().architecture());
            try (UNetPredictor p = UNetPredictor.load(dir, loaded.manifest())) {
                for (var e : net.getParameters()) {
                    Parameter q = p.network().getParameters().get(e.getKey());
                    assertArrayEquals(e.getValue().getArray().toFloatArray(), q.getArray().toFloatArray(), e.getKey());
                }
                assertArrayEquals(before, p.predict(patch, size));
            }
        }
    }

    @Test
    void wrongShapesNameTheParameter(@TempDir Path dir) {
        UNetConfig small = UNetConfig.of(6, 4, 2), big = UNetConfig.of(6, 8, 2);
        UNet3d smallNet = UNetPredictor.create(small, manager), bigNet = UNetPredictor.create(big, manager);
        // weights of a 4-channel net, manifest of an 8-channel net
        UNetPredictor.save(smallNet, dir.resolve("model.params"));
        ModelManifest m = manifest(big, bigNet, new int[]{16, 16, 16});
        m.write(dir);
        SpineRadException e = assertThrows(SpineRadException.class, () -> Segmenter.load(dir).close());
        System.out.println("weights of another configuration: " + e.getMessage());
        assertTrue(e.getMessage().contains("model.params") && e.getMessage().matches("(?s).*'\\w+'.*"), e.getMessage());
        // manifest whose listed shapes disagree with its own configuration
        ModelManifest lying = new ModelManifest(m.architecture(), small, m.spacing(), m.patchSize(), m.labels(),
                m.normalization(), true, m.parameterFile(), m.parameterShapes(), null, null, null);
        lying.write(dir);
        e = assertThrows(SpineRadException.class, () -> Segmenter.load(dir).close());
        System.out.println("manifest shapes of another configuration: " + e.getMessage());
        assertTrue(e.getMessage().contains("manifest.json") && e.getMessage().contains("shape"), e.getMessage());
        String firstName = UNetPredictor.parameterShapes(smallNet).keySet().iterator().next();
        assertTrue(e.getMessage().contains("'" + firstName + "'"), e.getMessage());
    }

    @Test
    void tooLargePatchIsRefusedBeforeInference(@TempDir Path dir) {
        UNetConfig cfg = UNetConfig.of(6, 8, 3);
        UNet3d net = UNetPredictor.create(cfg, manager);
        UNetPredictor.save(net, dir.resolve("model.params"));
        manifest(cfg, net, new int[]{1024, 1024, 1024}).write(dir);
        org.spinerad.image.Volume ct = org.spinerad.image.Volume.create(org.spinerad.image.Geometry.of(8, 8, 8, 2, 2, 2),
                org.spinerad.image.DataType.INT16);
        try (Segmenter seg = Segmenter.load(dir)) {
            SpineRadException e = assertThrows(SpineRadException.class, () -> seg.segment(ct, org.spinerad.util.Progress.NONE));
            assertTrue(e.getMessage().contains("patch size 1024x1024x1024") && e.getMessage().contains("GiB"), e.getMessage());
        }
    }

    @Test
    void badManifestsAndTooLargePatchGiveClearErrors(@TempDir Path dir) throws Exception {
        SpineRadException e = assertThrows(SpineRadException.class, () -> Segmenter.load(dir.resolve("none")));
        assertTrue(e.getMessage().contains("model folder not found"));
        Files.writeString(dir.resolve("manifest.json"), "{\"format\": \"something-else\"}");
        e = assertThrows(SpineRadException.class, () -> Segmenter.load(dir));
        assertTrue(e.getMessage().contains("not a SpineRad segmentation manifest"), e.getMessage());
        UNetConfig cfg = UNetConfig.of(6, 8, 3);
        e = assertThrows(SpineRadException.class, () -> DjlSupport.checkMemory(cfg, new int[]{1024, 1024, 1024}, 2, true));
        assertTrue(e.getMessage().contains("1024x1024x1024") && e.getMessage().contains("smaller patch"), e.getMessage());
        DjlSupport.checkMemory(cfg, new int[]{32, 32, 32}, 2, true); // small patches pass
        e = assertThrows(SpineRadException.class, () -> new UNetTrainer.Options(cfg, new double[]{3, 3, 3}, new int[]{30, 32, 32},
                2, 10, 1e-3, 0.33, 5, 0.2, 1, Augmentation.Level.BASIC, 0, SpineLabels.LUMBAR, new String[]{"L1", "L2", "L3", "L4", "L5"}, null));
        assertTrue(e.getMessage().contains("multiple of 4"), e.getMessage());
    }
}
