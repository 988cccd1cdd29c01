package org.spinerad.segment;

import org.spinerad.image.Geometry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Post-processing of a predicted label volume: keep the largest 26-connected component of every label, then order
 * the vertebral components by the LPS world z of their centroids (superior = larger z) and relabel them from top to
 * bottom, so a vertebra's name follows its position and not the network's class guess.
 */
public final class PostProcess {
    private PostProcess() {}

    /**
     * Component id (1..) of every voxel carrying {@code label} (0 elsewhere), 26-connectivity.
     *
     * @return the number of components in element 0 of {@code countOut} and the per-voxel ids
     */
    static int[] components(int[] labels, int[] dims, int label, int[] countOut) {
        int nx = dims[0], ny = dims[1], nz = dims[2], nxy = nx * ny;
        int[] comp = new int[labels.length], queue = new int[labels.length];
        int next = 0;
        for (int seed = 0; seed < labels.length; seed++) {
            if (labels[seed] != label || comp[seed] != 0) continue;
            comp[seed] = ++next;
            int head = 0, tail = 0;
            queue[tail++] = seed;
            while (head < tail) {
                int v = queue[head++];
                int x = v % nx, y = (v / nx) % ny, z = v / nxy;
                for (int dz = -1; dz <= 1; dz++) {
                    int zz = z + dz;
                    if (zz < 0 || zz >= nz) continue;
                    for (int dy = -1; dy <= 1; dy++) {
                        int yy = y + dy;
                        if (yy < 0 || yy >= ny) continue;
                        for (int dx = -1; dx <= 1; dx++) {
                            int xx = x + dx;
                            if (xx < 0 || xx >= nx) continue;
                            int u = xx + nx * yy + nxy * zz;
                            if (labels[u] == label && comp[u] == 0) {
                                comp[u] = next;
                                queue[tail++] = u;
                            }
                        }
                    }
                }
            }
        }
        countOut[0] = next;
        return comp;
    }

    /** Sets to 0 every voxel of the given labels outside that label's largest 26-connected component (in place). */
    public static void keepLargestComponents(int[] labels, int[] dims, int[] which) {
        int[] count = new int[1];
        for (int label : which) {
            int[] comp = components(labels, dims, label, count);
            if (count[0] <= 1) continue;
            int[] size = new int[count[0] + 1];
            for (int c : comp) size[c]++;
            int best = 1;
            for (int c = 2; c <= count[0]; c++) if (size[c] > size[best]) best = c;
            for (int i = 0; i < labels.length; i++) if (comp[i] != 0 && comp[i] != best) labels[i] = 0;
        }
    }

    /**
     * Relabels the present vertebral labels by position: the present labels (a subset of {@code ordered}, which runs
     * from top to bottom, e.g. L1..L5) are reassigned in that order to the components sorted by descending LPS world
     * z of their centroid. Expects at most one component per label (run {@link #keepLargestComponents} first).
     */
    public static void relabelTopToBottom(int[] labels, Geometry g, int[] ordered) {
        int[] dims = g.dims();
        int maxLabel = Arrays.stream(ordered).max().orElse(0);
        int[] rank = new int[maxLabel + 1];
        Arrays.fill(rank, -1);
        for (int i = 0; i < ordered.length; i++) rank[ordered[i]] = i;
        double[] sx = new double[ordered.length], sy = new double[ordered.length], sz = new double[ordered.length];
        long[] n = new long[ordered.length];
        for (int i = 0; i < labels.length; i++) {
            int l = labels[i];
            if (l <= 0 || l > maxLabel || rank[l] < 0) continue;
            int r = rank[l];
            n[r]++;
            sx[r] += i % dims[0];
            sy[r] += (i / dims[0]) % dims[1];
            sz[r] += i / (dims[0] * dims[1]);
        }
        List<double[]> present = new ArrayList<>(); // {rank, world z}
        for (int r = 0; r < ordered.length; r++)
            if (n[r] > 0) present.add(new double[]{r, g.indexToWorld(sx[r] / n[r], sy[r] / n[r], sz[r] / n[r])[2]});
        List<double[]> byZ = new ArrayList<>(present);
        byZ.sort((a, b) -> Double.compare(b[1], a[1]));
        int[] newLabel = new int[maxLabel + 1];
        for (int k = 0; k < byZ.size(); k++) newLabel[ordered[(int) byZ.get(k)[0]]] = ordered[(int) present.get(k)[0]];
        for (int i = 0; i < labels.length; i++) {
            int l = labels[i];
            if (l > 0 && l <= maxLabel && rank[l] >= 0) labels[i] = newLabel[l];
        }
    }
}
