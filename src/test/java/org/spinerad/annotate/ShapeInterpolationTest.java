package org.spinerad.annotate;

import org.junit.jupiter.api.Test;
import org.spinerad.annotate.SliceRaster.FillRule;
import org.spinerad.image.Geometry;
import org.spinerad.image.LabelMap;
import org.spinerad.util.SpineRadException;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** Exact distance transform against brute force; interpolation against closed-form discs. */
class ShapeInterpolationTest {

    @Test
    void distanceTransformIsExact() {
        int nx = 37, ny = 23;
        double sx = 0.7, sy = 1.3;
        Random rnd = new Random(3);
        boolean[] m = new boolean[nx * ny];
        for (int i = 0; i < m.length; i++) m[i] = rnd.nextDouble() < 0.03;
        double[] d = DistanceTransform.distance(m, true, nx, ny, sx, sy);
        for (int y = 0; y < ny; y++)
            for (int x = 0; x < nx; x++) {
                double best = Double.POSITIVE_INFINITY;
                for (int j = 0; j < ny; j++)
                    for (int i = 0; i < nx; i++)
                        if (m[i + nx * j]) best = Math.min(best, Math.hypot((i - x) * sx, (j - y) * sy));
                assertEquals(best, d[x + nx * y], 1e-9, "pixel " + x + "," + y);
            }
        assertEquals(Double.POSITIVE_INFINITY, DistanceTransform.distance(new boolean[6], true, 3, 2, 1, 1)[4]);
    }

    private static double[] circle(double cx, double cy, double r) {
        int n = 720;
        double[] xy = new double[2 * n];
        for (int k = 0; k < n; k++) {
            xy[k] = cx + r * Math.cos(2 * Math.PI * k / n);
            xy[n + k] = cy + r * Math.sin(2 * Math.PI * k / n);
        }
        return xy;
    }

    private static void fill(LabelEditor e, int z, double[] xy, int label) {
        int n = xy.length / 2;
        e.fillPolygon(z, java.util.Arrays.copyOf(xy, n), java.util.Arrays.copyOfRange(xy, n, 2 * n), FillRule.EVEN_ODD, label);
    }

    @Test
    void discsInterpolateToDiscsOfBlendedRadius() {
        LabelEditor e = new LabelEditor(LabelMap.empty(Geometry.of(100, 100, 16, 1, 1, 2.5)));
        double r1 = 10, r2 = 30;
        fill(e, 2, circle(50, 50, r1), 3);
        fill(e, 12, circle(50, 50, r2), 3);
        int changed = e.interpolate(3);
        assertTrue(changed > 0);
        assertArrayEquals(new int[]{2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, e.annotatedSlices(3));
        for (int z = 3; z < 12; z++) {
            double t = (z - 2) / 10.0, expected = r1 + t * (r2 - r1);
            boolean[] m = e.sliceMask(3, z);
            int count = 0;
            double maxR = 0, minOutside = Double.POSITIVE_INFINITY;
            for (int y = 0; y < 100; y++)
                for (int x = 0; x < 100; x++) {
                    double rr = Math.hypot(x + 0.5 - 50, y + 0.5 - 50);
                    if (m[x + 100 * y]) { count++; maxR = Math.max(maxR, rr); }
                    else minOutside = Math.min(minOutside, rr);
                }
            assertEquals(expected, Math.sqrt(count / Math.PI), 1.0, "equivalent radius on slice " + z);
            assertTrue(maxR <= expected + 1 && minOutside >= expected - 1, "slice " + z + ": a disc of radius " + expected
                    + " within one pixel, got inside up to " + maxR + ", outside from " + minOutside);
        }
        assertEquals(0, e.labels().volume().getInt(e.labels().geometry().index(50, 50, 13)));
        assertTrue(e.undo());
        assertArrayEquals(new int[]{2, 12}, e.annotatedSlices(3));
    }

    @Test
    void identicalShapesAreReproduced() {
        LabelEditor e = new LabelEditor(LabelMap.empty(Geometry.of(60, 50, 12, 0.8, 1.1, 3)));
        double[] xs = {10, 40, 45, 30, 22, 12}, ys = {8, 5, 30, 42, 20, 35};
        e.fillPolygon(1, xs, ys, FillRule.EVEN_ODD, 21);
        e.fillPolygon(8, xs, ys, FillRule.EVEN_ODD, 21);
        e.brushStrokePixels(1, new double[]{5, 50}, new double[]{45, 45}, 2.5, 22); // another label does not interfere
        boolean[] drawn = e.sliceMask(21, 1);
        e.interpolate(21);
        for (int z = 1; z <= 8; z++) assertArrayEquals(drawn, e.sliceMask(21, z), "slice " + z);
        assertEquals(0, e.sliceMask(21, 0).length - drawn.length); // same plane size
        assertFalse(contains(e.sliceMask(21, 9)));
        assertFalse(contains(e.sliceMask(22, 4)));
    }

    @Test
    void interpolationKeepsDrawnSlicesAndNeedsTwo() {
        LabelEditor e = new LabelEditor(LabelMap.empty(Geometry.of(30, 30, 10, 1, 1, 1)));
        fill(e, 0, circle(15, 15, 5), 1);
        SpineRadException one = assertThrows(SpineRadException.class, () -> e.interpolate(1));
        assertTrue(one.getMessage().contains("L1") && one.getMessage().contains("1 slice"), one.getMessage());
        fill(e, 4, circle(15, 15, 8), 1);
        fill(e, 9, circle(15, 15, 5), 1);
        boolean[] middle = e.sliceMask(1, 4);
        e.interpolate(1);
        assertArrayEquals(middle, e.sliceMask(1, 4));
        assertEquals(10, e.annotatedSlices(1).length);
    }

    private static boolean contains(boolean[] m) {
        for (boolean b : m) if (b) return true;
        return false;
    }
}
