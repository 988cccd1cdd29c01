package org.spinerad.segment;

import org.junit.jupiter.api.Test;
import org.spinerad.image.Geometry;

import static org.junit.jupiter.api.Assertions.*;

/** Largest-component filtering (26-connectivity) and top-to-bottom relabelling by world position. */
class PostProcessTest {

    static void box(int[] v, int[] d, int x0, int y0, int z0, int sx, int sy, int sz, int label) {
        for (int z = z0; z < z0 + sz; z++)
            for (int y = y0; y < y0 + sy; y++)
                for (int x = x0; x < x0 + sx; x++) v[x + d[0] * (y + d[1] * z)] = label;
    }

    @Test
    void keepsLargestComponentWithDiagonalNeighbours() {
        int[] d = {10, 10, 10};
        int[] v = new int[1000];
        box(v, d, 1, 1, 1, 3, 3, 3, 2);         // 27 voxels
        v[4 + 10 * (4 + 10 * 4)] = 2;            // touches (3,3,3) only by a corner: part of the component
        box(v, d, 7, 7, 7, 2, 2, 2, 2);          // 8 voxels, separate: removed
        box(v, d, 7, 1, 1, 1, 1, 1, 3);          // single voxel of another label: kept (largest of its label)
        PostProcess.keepLargestComponents(v, d, new int[]{1, 2, 3});
        int twos = 0;
        for (int l : v) if (l == 2) twos++;
        assertEquals(28, twos);
        assertEquals(0, v[7 + 10 * (7 + 10 * 7)]);
        assertEquals(3, v[7 + 10 * (1 + 10 * 1)]);
    }

    @Test
    void relabelsVertebraeTopToBottomByWorldZ() {
        int[] d = {6, 6, 30};
        int[] v = new int[d[0] * d[1] * d[2]];
        // index z runs from superior to inferior (direction column 2 = -z), so slab 0 is the most superior
        Geometry g = new Geometry(d, new double[]{1, 1, 2}, new double[]{0, 0, 100}, new double[]{1, 0, 0, 0, -1, 0, 0, 0, -1});
        int[] guesses = {3, 1, 5, 2, 4}; // the network's (wrong) labels of the slabs from top to bottom
        for (int k = 0; k < 5; k++) box(v, d, 1, 1, 1 + 6 * k, 4, 4, 4, guesses[k]);
        PostProcess.relabelTopToBottom(v, g, new int[]{1, 2, 3, 4, 5});
        for (int k = 0; k < 5; k++) assertEquals(k + 1, v[2 + d[0] * (2 + d[1] * (2 + 6 * k))], "slab " + k);
        // only three vertebrae found: they keep the network's set of labels {2, 4, 5}, ordered top to bottom
        int[] w = new int[v.length];
        int[] found = {5, 2, 4};
        for (int k = 0; k < 3; k++) box(w, d, 1, 1, 1 + 6 * k, 4, 4, 4, found[k]);
        PostProcess.relabelTopToBottom(w, g, new int[]{1, 2, 3, 4, 5});
        assertEquals(2, w[2 + d[0] * (2 + d[1] * 2)]);
        assertEquals(4, w[2 + d[0] * (2 + d[1] * 8)]);
        assertEquals(5, w[2 + d[0] * (2 + d[1] * 14)]);
    }
}
