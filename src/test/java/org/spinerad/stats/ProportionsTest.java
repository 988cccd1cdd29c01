package org.spinerad.stats;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Wilson score intervals against R 4.2 {@code prop.test(x, n, correct = FALSE)$conf.int}. */
class ProportionsTest {
    @Test
    void wilsonMatchesR() {
        double[][] r = { // x, n, lower, upper from R
                {7, 31, 0.11395135561262497, 0.39812418383342052}, {0, 15, 0, 0.20388330103584854},
                {15, 15, 0.79611669896415138, 1}, {22, 104, 0.14405224703282507, 0.29957545741282021},
                {3, 15, 0.070475493469815575, 0.45185448715169346}, {1, 2, 0.094531205734230739, 0.90546879426576921}};
        for (double[] c : r) {
            Roc.Interval i = Proportions.wilson((int) c[0], (int) c[1], 0.95);
            assertEquals(c[0] / c[1], i.estimate(), 1e-15);
            assertEquals(c[2], i.lower(), 1e-12, "lower " + c[0] + "/" + c[1]);
            assertEquals(c[3], i.upper(), 1e-12, "upper " + c[0] + "/" + c[1]);
        }
        assertTrue(Double.isNaN(Proportions.wilson(0, 0, 0.95).lower()));
    }
}
