package org.spinerad.segment;

import org.junit.jupiter.api.Test;
import org.spinerad.image.Geometry;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class ReorientationTest {

    /** All 48 signed axis permutations: every canonical voxel holds the source voxel at the same world position. */
    @Test
    void all48AxisPermutationsAreExactAndWorldConsistent() {
        int[][] perms = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
        SplittableRandom rng = new SplittableRandom(3);
        int tested = 0;
        for (int[] perm : perms)
            for (int signs = 0; signs < 8; signs++) {
                double[] dir = new double[9];
                for (int j = 0; j < 3; j++) dir[perm[j] * 3 + j] = ((signs >> j) & 1) == 1 ? -1 : 1;
                Geometry g = new Geometry(new int[]{5, 4, 3}, new double[]{0.7, 1.1, 2.5}, new double[]{10, -20, 30}, dir);
                float[] img = new float[g.voxelCount()];
                for (int i = 0; i < img.length; i++) img[i] = (float) rng.nextDouble();
                Reorientation r = Reorientation.of(g);
                assertFalse(r.oblique());
                Geometry c = r.canonical();
                assertEquals("LPS", c.orientationCode());
                float[] can = r.toCanonical(img, -1);
                for (int z = 0; z < c.nz(); z++)
                    for (int y = 0; y < c.ny(); y++)
                        for (int x = 0; x < c.nx(); x++) {
                            double[] q = g.worldToIndex(c.indexToWorld(x, y, z));
                            int sx = (int) Math.round(q[0]), sy = (int) Math.round(q[1]), sz = (int) Math.round(q[2]);
                            assertEquals(0, Math.abs(q[0] - sx) + Math.abs(q[1] - sy) + Math.abs(q[2] - sz), 1e-9);
                            assertEquals(img[g.index(sx, sy, sz)], can[c.index(x, y, z)]);
                        }
                int[] labels = new int[img.length];
                for (int i = 0; i < labels.length; i++) labels[i] = i;
                assertArrayEquals(labels, r.labelsToSource(r.labelsToCanonical(labels)));
                tested++;
            }
        assertEquals(48, tested);
    }

    /** A grid tilted by 10 degrees (here also stored PIR) is only permuted: the labels come back exactly. */
    @Test
    void slightlyTiltedGridIsPermutedNotResampled() {
        double a = Math.toRadians(10);
        // PIR storage (x -> posterior, y -> inferior, z -> right) rotated 10 degrees about the world z axis
        double[] pir = {0, 0, -1, 1, 0, 0, 0, -1, 0}, rz = {Math.cos(a), -Math.sin(a), 0, Math.sin(a), Math.cos(a), 0, 0, 0, 1};
        double[] dir = new double[9];
        for (int r = 0; r < 3; r++)
            for (int c = 0; c < 3; c++)
                for (int k = 0; k < 3; k++) dir[r * 3 + c] += rz[r * 3 + k] * pir[k * 3 + c];
        Geometry g = new Geometry(new int[]{7, 6, 5}, new double[]{1, 2, 3}, new double[]{5, 6, 7}, dir);
        Reorientation r = Reorientation.of(g);
        assertFalse(r.oblique());
        assertEquals(10, r.tiltDegrees(), 1e-9);
        Geometry c = r.canonical();
        assertArrayEquals(new int[]{5, 7, 6}, c.dims()); // x from the stored z (right-left), y from x, z from y
        assertArrayEquals(new double[]{3, 1, 2}, c.spacing(), 0);
        float[] img = new float[g.voxelCount()];
        for (int i = 0; i < img.length; i++) img[i] = i;
        float[] can = r.toCanonical(img, -1);
        for (int i = 0; i < can.length; i++) { // every canonical voxel is the stored voxel at the same world position
            double[] q = g.worldToIndex(c.indexToWorld(i % c.nx(), (i / c.nx()) % c.ny(), i / (c.nx() * c.ny())));
            assertEquals(img[g.index((int) Math.round(q[0]), (int) Math.round(q[1]), (int) Math.round(q[2]))], can[i]);
            assertEquals(0, Math.abs(q[0] - Math.round(q[0])) + Math.abs(q[1] - Math.round(q[1])) + Math.abs(q[2] - Math.round(q[2])), 1e-9);
        }
        int[] labels = new int[img.length];
        for (int i = 0; i < labels.length; i++) labels[i] = i;
        assertArrayEquals(labels, r.labelsToSource(r.labelsToCanonical(labels)));
        boolean[] valid = r.validMask();
        for (boolean v : valid) assertTrue(v);
    }

    /** An oblique grid: the canonical grid is axis-aligned, covers the source, and nearest-neighbour labels round-trip. */
    @Test
    void obliqueGridIsResampledAndLabelsComeBack() {
        double a = Math.toRadians(20);
        double[] dir = {Math.cos(a), -Math.sin(a), 0, Math.sin(a), Math.cos(a), 0, 0, 0, 1};
        Geometry g = new Geometry(new int[]{20, 16, 6}, new double[]{1, 1, 2}, new double[]{0, 0, 0}, dir);
        Reorientation r = Reorientation.of(g);
        assertTrue(r.oblique());
        assertArrayEquals(Geometry.identity(), r.canonical().direction(), 0);
        float[] img = new float[g.voxelCount()];
        for (int z = 0; z < 6; z++)
            for (int y = 0; y < 16; y++)
                for (int x = 0; x < 20; x++) img[g.index(x, y, z)] = x + 100 * y; // linear in the index: exact trilinear
        float[] can = r.toCanonical(img, -1000);
        boolean[] valid = r.validMask();
        Geometry c = r.canonical();
        int inside = 0;
        for (int i = 0; i < can.length; i++) {
            if (!valid[i]) { assertEquals(-1000f, can[i]); continue; }
            inside++;
            double[] q = g.worldToIndex(c.indexToWorld(i % c.nx(), (i / c.nx()) % c.ny(), i / (c.nx() * c.ny())));
            double expected = Math.max(0, Math.min(19, q[0])) + 100 * Math.max(0, Math.min(15, q[1]));
            assertEquals(expected, can[i], 1e-3);
        }
        assertTrue(inside > g.voxelCount() * 0.8);
        // labels constant over 4x4x2 blocks survive canonical -> source nearest-neighbour mapping almost everywhere
        int[] labels = new int[g.voxelCount()];
        for (int i = 0; i < labels.length; i++) labels[i] = 1 + (i % 20) / 4 + 5 * (((i / 20) % 16) / 4);
        int[] back = r.labelsToSource(r.labelsToCanonical(labels));
        int same = 0;
        for (int i = 0; i < labels.length; i++) if (back[i] == labels[i]) same++;
        assertTrue(same >= 0.85 * labels.length, same + " of " + labels.length);
    }
}
