package org.spinerad.deep;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Network structure on the small preset: output shapes, pooled feature = mean of token outputs, parameter count. */
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

    @Test
    void parameterCountMatchesConfig() {
        long n = 0;
        for (var s : model.parameterShapes().values()) n += s.size();
        assertEquals(SMALL.parameterCount(), n);
        // the studies' network: 42.5 M parameters
        assertEquals(42.5e6, VitConfig.studies().parameterCount(), 0.05e6);
    }
}
