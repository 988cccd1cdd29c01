package org.spinerad.segment;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.spinerad.image.Geometry;
import org.spinerad.util.Progress;

import static org.junit.jupiter.api.Assertions.*;

/** Sliding-window inference, Gaussian weights, resampling and post-processing against closed forms. */
class SlidingWindowTest {

    /** A 1x1x1 "convolution": logits of class c are a_c * v + b_c voxel by voxel, so every patch agrees exactly. */
    static PatchPredictor pointwise(int classes) {
        return new PatchPredictor() {
            public int classes() { return classes; }

            public float[] predict(float[] patch, int[] size) {
                float[] out = new float[classes * patch.length];
                for (int c = 0; c < classes; c++)
                    for (int i = 0; i < patch.length; i++) out[c * patch.length + i] = (c + 1) * 0.5f * patch[i] - c;
                return out;
            }
        };
    }

    static float[] random(int n, long seed) { return UNetBlocksTest.random(n, seed); }

    @Test
    void mirrorPaddingReflectsAtTheEndSlicesRepeatedlyAndKeepsInPlaneAir() {
        int[] expected = {0, 1, 2, 1, 0, 1, 2, 1, 0, 1, 2}; // i = -4 .. 6 for n = 3, period 4
        for (int i = -4; i <= 6; i++) assertEquals(expected[i + 4], SlidingWindow.mirrored(i, 3), "i = " + i);
        assertEquals(0, SlidingWindow.mirrored(5, 1));
        float[] image = {1, 2, 3}; // 1x1x3
        float[] padded = SlidingWindow.pad(image, new int[]{1, 1, 3}, new int[]{2, 1, 7}, new int[]{0, 0, 2}, -9, true);
        assertArrayEquals(new float[]{3, -9, 2, -9, 1, -9, 2, -9, 3, -9, 2, -9, 1, -9}, padded);
        float[] air = SlidingWindow.pad(image, new int[]{1, 1, 3}, new int[]{1, 1, 5}, new int[]{0, 0, 1}, -9, false);
        assertArrayEquals(new float[]{-9, 1, 2, 3, -9}, air);
    }

    @Test
    void gaussianIsSymmetricPeakOneWithSigmaOneEighth() {
        int[] p = {17, 12, 9};
        float[] w = SlidingWindow.gaussian(p);
        float max = 0;
        for (float v : w) max = Math.max(max, v);
        assertEquals(1f, max, 1e-6);
        assertEquals(1f, w[8 + 17 * (5 + 12 * 4)] / w[8 + 17 * (6 + 12 * 4)], 1e-6); // even axis: two equal centre voxels
        for (int z = 0; z < p[2]; z++)
            for (int y = 0; y < p[1]; y++)
                for (int x = 0; x < p[0]; x++) {
                    float v = w[x + p[0] * (y + p[1] * z)];
                    assertEquals(v, w[(p[0] - 1 - x) + p[0] * (y + p[1] * z)], 1e-7);
                    assertEquals(v, w[x + p[0] * ((p[1] - 1 - y) + p[1] * z)], 1e-7);
                    assertEquals(v, w[x + p[0] * (y + p[1] * (p[2] - 1 - z))], 1e-7);
                }
        // odd axis of 17: centre 8, sigma 17/8; relative weight at distance 4 is exp(-16 / (2 sigma^2))
        double sigma = 17 / 8.0;
        assertEquals(Math.exp(-16 / (2 * sigma * sigma)), w[12 + 17 * (5 + 12 * 4)] / w[8 + 17 * (5 + 12 * 4)], 1e-5);
    }

    @Test
    void windowStartsTileWithOverlapAndEndFlush() {
        assertArrayEquals(new int[]{0}, SlidingWindow.starts(20, 32, 0.5));
        assertArrayEquals(new int[]{0}, SlidingWindow.starts(32, 32, 0.5));
        assertArrayEquals(new int[]{0, 16, 32}, SlidingWindow.starts(64, 32, 0.5));
        int[] s = SlidingWindow.starts(70, 32, 0.5); // ceil(38 / 16) + 1 = 4 starts, spacing 38/3
        assertArrayEquals(new int[]{0, 13, 25, 38}, s);
    }

    @Test
    void slidingWindowEqualsWholeVolumeForPointwiseNet() {
        int[] dims = {37, 29, 23}, patch = {16, 12, 20};
        float[] image = random(dims[0] * dims[1] * dims[2], 4);
        PatchPredictor net = pointwise(3);
        float[] whole = net.predict(image, dims);
        float[] sliding = SlidingWindow.predict(image, dims, patch, 0.5, net, -1f, Progress.NONE);
        assertEquals(whole.length, sliding.length);
        for (int i = 0; i < whole.length; i++) assertEquals(whole[i], sliding[i], 1e-5);
        // axes shorter than the patch are padded and cropped back
        int[] small = {7, 30, 5};
        float[] img = random(small[0] * small[1] * small[2], 5);
        float[] padded = SlidingWindow.predict(img, small, patch, 0.25, net, -1f, Progress.NONE);
        float[] expected = net.predict(img, small);
        for (int i = 0; i < expected.length; i++) assertEquals(expected[i], padded[i], 1e-5);
    }

    @Test
    void slidingWindowOfRealUNetMatchesWholeVolume() {
        // batch norm in inference mode is voxel-local, so patches differ from the whole volume only through zero
        // padding near patch borders, which the Gaussian weighting and the overlap down-weight
        UNetConfig cfg = UNetConfig.of(3, 4, 2).withNorm(UNetConfig.Norm.BATCH);
        try (NDManager m = DjlSupport.newManager()) {
            DjlSupport.seed(11);
            UNetPredictor net = new UNetPredictor(UNetPredictor.create(cfg, m), m);
            int[] dims = {32, 24, 28}, patch = {16, 16, 16};
            float[] image = new float[dims[0] * dims[1] * dims[2]];
            for (int i = 0; i < image.length; i++) {
                int x = i % dims[0], y = (i / dims[0]) % dims[1], z = i / (dims[0] * dims[1]);
                image[i] = (float) (Math.sin(0.4 * x) + Math.cos(0.3 * y + 0.2 * z));
            }
            float[] whole = net.predict(image, dims);
            // a volume equal to the patch is one window: the direct forward pass (weight * logit / weight: 1 ulp)
            float[] one = SlidingWindow.predict(image, dims, dims, 0.5, net, 0f, Progress.NONE);
            for (int i = 0; i < whole.length; i++) assertEquals(whole[i], one[i], 1e-6 * (1 + Math.abs(whole[i])));
            float[] sliding = SlidingWindow.predict(image, dims, patch, 0.5, net, 0f, Progress.NONE);
            double diff = 0, spread = 0, mean = 0;
            for (float v : whole) mean += v / whole.length;
            for (int i = 0; i < whole.length; i++) {
                diff += Math.abs(whole[i] - sliding[i]) / whole.length;
                spread += Math.abs(whole[i] - mean) / whole.length;
            }
            int[] a = SlidingWindow.argmax(whole, 3), b = SlidingWindow.argmax(sliding, 3);
            int agree = 0;
            for (int i = 0; i < a.length; i++) if (a[i] == b[i]) agree++;
            assertTrue(diff < 0.25 * spread, "mean |difference| " + diff + " vs mean |deviation| " + spread);
            assertTrue(agree > 0.85 * a.length, "argmax agreement " + agree + "/" + a.length);
        }
    }

    @Test
    void resamplingReproducesLinearFunctionsAndArgmaxMatches() {
        int[] in = {10, 8, 6}, out = {25, 4, 12};
        float[] f = new float[in[0] * in[1] * in[2]];
        for (int i = 0; i < f.length; i++) {
            int x = i % in[0], y = (i / in[0]) % in[1], z = i / (in[0] * in[1]);
            f[i] = 2 * x - 3 * y + 0.5f * z;
        }
        float[] g = Resample.linear(f, in, out);
        for (int z = 0; z < out[2]; z++)
            for (int y = 0; y < out[1]; y++)
                for (int x = 0; x < out[0]; x++) {
                    double px = Resample.position(x, in[0], out[0]), py = Resample.position(y, in[1], out[1]),
                            pz = Resample.position(z, in[2], out[2]);
                    assertEquals(2 * px - 3 * py + 0.5 * pz, g[x + out[0] * (y + out[1] * z)], 1e-4);
                }
        assertEquals(2 * 10 / 25.0 + 0.5 * 10 / 25 - 0.5, Resample.position(2, 10, 25), 1e-12); // centre mapping
        float[] scores = random(3 * f.length, 6);
        float[] channels = new float[3 * out[0] * out[1] * out[2]];
        int m = out[0] * out[1] * out[2];
        for (int c = 0; c < 3; c++) {
            float[] ch = new float[f.length];
            System.arraycopy(scores, c * f.length, ch, 0, f.length);
            System.arraycopy(Resample.linear(ch, in, out), 0, channels, c * m, m);
        }
        assertArrayEquals(SlidingWindow.argmax(channels, 3), Resample.argmaxLinear(scores, 3, in, out));
        Geometry grid = Resample.gridOf(Geometry.of(10, 8, 6, 1.5, 1.5, 2), new int[]{5, 4, 3});
        assertArrayEquals(new double[]{3, 3, 4}, grid.spacing(), 1e-12);
        assertArrayEquals(new double[]{0.75, 0.75, 1}, grid.origin(), 1e-12); // same outer edge at -0.75, -0.75, -1
    }
}
