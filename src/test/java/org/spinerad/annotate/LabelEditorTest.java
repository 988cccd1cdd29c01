package org.spinerad.annotate;

import org.junit.jupiter.api.Test;
import org.spinerad.annotate.SliceRaster.FillRule;
import org.spinerad.image.Geometry;
import org.spinerad.image.LabelMap;
import org.spinerad.util.SpineRadException;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** Painting, erasing and undo against closed-form areas and exact snapshots. */
class LabelEditorTest {

    private static LabelEditor editor(int nx, int ny, int nz, double sx, double sy, double sz) {
        return new LabelEditor(LabelMap.empty(Geometry.of(nx, ny, nz, sx, sy, sz)));
    }

    private static byte[] voxels(LabelEditor e) { return ((byte[]) e.labels().volume().array()).clone(); }

    /** Pixel centres i + 1/2 inside [a, b): ceil(b - 1/2) - ceil(a - 1/2). */
    private static int centresIn(double a, double b) { return (int) (Math.ceil(b - 0.5) - Math.ceil(a - 0.5)); }

    @Test
    void rectangleFillsExactlyItsArea() {
        LabelEditor e = editor(64, 48, 3, 0.7, 0.9, 3);
        assertEquals(30 * 20, e.fillPolygon(1, new double[]{10, 40, 40, 10}, new double[]{5, 5, 25, 25}, FillRule.EVEN_ODD, 3));
        assertEquals(600, e.labels().count(3));
        assertEquals(0, e.annotatedSlices(3)[0] - 1);
        // non-integer corners: the pixels whose centres fall inside, row by row and column by column
        LabelEditor f = editor(64, 48, 1, 1, 1, 1);
        int n = f.fillPolygon(0, new double[]{10.3, 41.6, 41.6, 10.3}, new double[]{5.7, 5.7, 25.2, 25.2}, FillRule.NON_ZERO, 1);
        assertEquals(centresIn(10.3, 41.6) * centresIn(5.7, 25.2), n);
        assertEquals(32 * 19, n); // centres 10.5..41.5 and 6.5..24.5
        // a polygon partly outside the slice is clipped
        LabelEditor g = editor(20, 20, 1, 1, 1, 1);
        assertEquals(5 * 20, g.fillPolygon(0, new double[]{-10, 5, 5, -10}, new double[]{-3, -3, 30, 30}, FillRule.EVEN_ODD, 1));
    }

    @Test
    void circlePolygonMatchesItsAreaWithinOnePercent() {
        int n = 360;
        double r = 40, cx = 60.2, cy = 55.7;
        double[] xs = new double[n], ys = new double[n];
        for (int k = 0; k < n; k++) {
            xs[k] = cx + r * Math.cos(2 * Math.PI * k / n);
            ys[k] = cy + r * Math.sin(2 * Math.PI * k / n);
        }
        double polygonArea = 0.5 * n * r * r * Math.sin(2 * Math.PI / n);
        for (FillRule rule : FillRule.values()) {
            LabelEditor e = editor(128, 128, 1, 1, 1, 1);
            int painted = e.fillPolygon(0, xs, ys, rule, 5);
            assertEquals(polygonArea, painted, 0.01 * polygonArea, rule.name());
        }
    }

    @Test
    void fillRulesDifferOnASquareWoundTwice() {
        double[] xs = {10, 30, 30, 10, 10, 30, 30, 10}, ys = {10, 10, 30, 30, 10, 10, 30, 30};
        assertEquals(0, editor(40, 40, 1, 1, 1, 1).fillPolygon(0, xs, ys, FillRule.EVEN_ODD, 1)); // winding 2: even
        assertEquals(400, editor(40, 40, 1, 1, 1, 1).fillPolygon(0, xs, ys, FillRule.NON_ZERO, 1));
        // a pentagram: the centre pentagon has winding 2, so non-zero covers more than even-odd
        double[] px = new double[5], py = new double[5];
        for (int k = 0; k < 5; k++) {
            double a = -Math.PI / 2 + k * 4 * Math.PI / 5;
            px[k] = 50 + 40 * Math.cos(a);
            py[k] = 50 + 40 * Math.sin(a);
        }
        int evenOdd = editor(100, 100, 1, 1, 1, 1).fillPolygon(0, px, py, FillRule.EVEN_ODD, 1);
        int nonZero = editor(100, 100, 1, 1, 1, 1).fillPolygon(0, px, py, FillRule.NON_ZERO, 1);
        // closed forms: inner pentagon circumradius R cos(72)/cos(36); star area = 5 tips + pentagon
        double inner = 40 * Math.cos(Math.toRadians(72)) / Math.cos(Math.toRadians(36));
        double pentagon = 2.5 * inner * inner * Math.sin(Math.toRadians(72));
        double outerPentagon = 2.5 * 40 * 40 * Math.sin(Math.toRadians(72));
        // the filled star (non-zero) minus the even-odd fill is the inner pentagon
        assertEquals(pentagon, nonZero - evenOdd, 0.03 * pentagon);
        assertTrue(nonZero < outerPentagon);
    }

    @Test
    void brushStrokeAreaIsACapsule() {
        double r = 12, length = 60;
        LabelEditor e = editor(128, 96, 2, 1, 1, 1);
        int n = e.brushStrokePixels(1, new double[]{30, 60, 90}, new double[]{40, 40, 40}, r, 7);
        double capsule = 2 * r * length + Math.PI * r * r;
        assertEquals(capsule, n, 0.01 * capsule);
        // a diagonal stroke: same closed form
        LabelEditor d = editor(128, 128, 1, 1, 1, 1);
        double len = Math.hypot(50, 40);
        int nd = d.brushStrokePixels(0, new double[]{30.5, 80.5}, new double[]{30.2, 70.2}, r, 7);
        assertEquals(2 * r * len + Math.PI * r * r, nd, 0.01 * (2 * r * len + Math.PI * r * r));
        // radius in mm with anisotropic spacing: a disc of 12 mm is an ellipse of 24 x 12 pixels
        LabelEditor m = editor(64, 64, 1, 0.5, 1.0, 2);
        int nm = m.brushStrokeMm(0, new double[]{32}, new double[]{32}, 12, 2);
        assertEquals(Math.PI * 24 * 12, nm, 0.01 * Math.PI * 24 * 12);
    }

    @Test
    void backgroundOnlyAndErase() {
        LabelEditor e = editor(50, 50, 1, 1, 1, 1);
        e.fillPolygon(0, new double[]{0, 20, 20, 0}, new double[]{0, 0, 20, 20}, FillRule.EVEN_ODD, 1);
        e.setPaintOverBackgroundOnly(true);
        // a 20 x 20 square overlapping the first by 10 x 10: only its 300 background pixels change
        assertEquals(300, e.fillPolygon(0, new double[]{10, 30, 30, 10}, new double[]{10, 10, 30, 30}, FillRule.EVEN_ODD, 2));
        assertEquals(400, e.labels().count(1));
        assertEquals(300, e.labels().count(2));
        // erasing ignores the option
        assertEquals(100 + 50, e.fillPolygon(0, new double[]{15, 25, 25, 15}, new double[]{15, 15, 30, 30}, FillRule.EVEN_ODD, 0));
        assertEquals(400 - 25, e.labels().count(1));
        assertEquals(300 - 125, e.labels().count(2));
        SpineRadException tooBig = assertThrows(SpineRadException.class,
                () -> e.fillPolygon(0, new double[]{0, 1, 1}, new double[]{0, 0, 1}, FillRule.EVEN_ODD, 300));
        assertTrue(tooBig.getMessage().contains("300") && tooBig.getMessage().contains("UINT8"), tooBig.getMessage());
        assertThrows(SpineRadException.class, () -> e.brushStrokePixels(1, new double[]{1}, new double[]{1}, 2, 1));
    }

    @Test
    void undoRedoRestoreExactly() {
        LabelEditor e = editor(40, 30, 4, 1, 1, 2);
        Random rnd = new Random(7);
        List<byte[]> states = new ArrayList<>();
        states.add(voxels(e));
        for (int step = 0; step < 12; step++) {
            int z = rnd.nextInt(4), label = step % 4 == 3 ? 0 : 1 + rnd.nextInt(5);
            e.setPaintOverBackgroundOnly(step % 3 == 0);
            double x = rnd.nextDouble() * 30, y = rnd.nextDouble() * 20;
            if (step % 2 == 0) e.fillPolygon(z, new double[]{x, x + 12, x + 3}, new double[]{y, y + 4, y + 11}, FillRule.EVEN_ODD, label);
            else e.brushStrokePixels(z, new double[]{x, x + 8}, new double[]{y, y + 6}, 3, label);
            if (!java.util.Arrays.equals(states.get(states.size() - 1), voxels(e))) states.add(voxels(e));
        }
        int steps = states.size() - 1;
        assertEquals(steps, e.undoSteps());
        for (int k = steps - 1; k >= 0; k--) {
            assertTrue(e.undo());
            assertArrayEquals(states.get(k), voxels(e), "after undo to state " + k);
        }
        assertFalse(e.undo());
        for (int k = 1; k <= steps; k++) {
            assertTrue(e.redo());
            assertArrayEquals(states.get(k), voxels(e), "after redo to state " + k);
        }
        assertFalse(e.redo());
        // a new edit after an undo drops the redo branch
        e.undo();
        e.brushStrokePixels(0, new double[]{5}, new double[]{5}, 2, 9);
        assertFalse(e.canRedo());
    }

    @Test
    void undoHistoryIsBounded() {
        LabelEditor e = new LabelEditor(LabelMap.empty(Geometry.of(20, 20, 1, 1, 1, 1)), 3, 1000);
        byte[] empty = voxels(e);
        for (int label = 1; label <= 5; label++)
            e.fillPolygon(0, new double[]{0, 10, 10, 0}, new double[]{0, 0, 10, 10}, FillRule.EVEN_ODD, label);
        assertEquals(3, e.undoSteps());
        while (e.undo()) { /* undo what is remembered */ }
        assertEquals(100, e.labels().count(2)); // steps 1 and 2 were dropped
        assertFalse(java.util.Arrays.equals(empty, voxels(e)));
        // an edit larger than the voxel budget cannot be undone and clears the history
        LabelEditor small = new LabelEditor(LabelMap.empty(Geometry.of(50, 50, 1, 1, 1, 1)), 50, 200);
        small.fillPolygon(0, new double[]{0, 10, 10, 0}, new double[]{0, 0, 10, 10}, FillRule.EVEN_ODD, 1);
        assertTrue(small.canUndo());
        small.fillPolygon(0, new double[]{0, 50, 50, 0}, new double[]{0, 0, 50, 50}, FillRule.EVEN_ODD, 2);
        assertFalse(small.canUndo());
    }

    @Test
    void brushInEachPlanePaintsTheDiscInMillimetres() {
        // anisotropic grid 2 x 1 x 3 mm: a 6 mm brush is an ellipse of semi-axes 3, 6 and 2 voxels
        LabelEditor e = new LabelEditor(org.spinerad.image.LabelMap.empty(org.spinerad.image.Geometry.of(40, 40, 30, 2, 1, 3)));
        double[][] planes = {{0, 10, 20.2, 14.7}, {1, 12, 8.4, 15.1}, {2, 7, 19.6, 21.3}}; // normal, position, u, v
        int[][] inPlane = {{1, 2}, {0, 2}, {0, 1}};
        for (double[] pl : planes) {
            int normal = (int) pl[0], position = (int) pl[1], a = inPlane[normal][0], b = inPlane[normal][1];
            int changed = e.brushPlane(normal, position, pl[2], pl[3], 6, 5);
            double sa = e.labels().geometry().spacing(a), sb = e.labels().geometry().spacing(b);
            int expected = 0;
            int[] n = e.labels().geometry().dims(), at = new int[3];
            for (at[0] = 0; at[0] < n[0]; at[0]++)
                for (at[1] = 0; at[1] < n[1]; at[1]++)
                    for (at[2] = 0; at[2] < n[2]; at[2]++) {
                        boolean inside = at[normal] == position
                                && Math.pow((at[a] - pl[2]) * sa, 2) + Math.pow((at[b] - pl[3]) * sb, 2) <= 36;
                        if (inside) expected++;
                        if (inside) assertEquals(5, e.labels().get(at[0], at[1], at[2]), "normal " + normal);
                    }
            assertEquals(expected, changed, "normal " + normal);
        }
        int total = e.labels().count(5);
        e.mergeLast(3, "three dabs");
        assertEquals(1, e.undoSteps());
        assertEquals("three dabs", e.nextUndo());
        assertTrue(e.undo());
        assertEquals(0, e.labels().count(5));
        assertTrue(e.redo());
        assertEquals(total, e.labels().count(5));
        assertEquals(total - e.brushPlane(2, 7, 19.6, 21.3, 6, 0), e.labels().count(5)); // label 0 erases
    }
}
