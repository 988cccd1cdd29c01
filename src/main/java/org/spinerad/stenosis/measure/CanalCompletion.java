package org.spinerad.stenosis.measure;

import org.spinerad.image.LabelMap;
import org.spinerad.image.SpineLabels;
import org.spinerad.image.Volume;
import org.spinerad.stenosis.ReferenceLabels;
import org.spinerad.stenosis.geometry.LevelPlane;
import org.spinerad.stenosis.geometry.Localizer;

import java.util.ArrayList;
import java.util.List;

/**
 * Completes a canal label that is open or missing at the disc levels (a segmentation's canal at disc level is not
 * enclosed by bone: disc in front, flavum and facet joints behind, so a network often leaves it out). The envelope is
 * rebuilt from the bodies, discs and posterior elements with the reference-mask rule
 * ({@link ReferenceLabels#deriveCanal}: the unlabelled voxels behind the bodies' posterior wall enclosed in the plane
 * perpendicular to the spine by spine labels) and joined to the labelled canal; the CT refinement of the disc-level
 * area ({@link StenosisMeasurer#ctCanalContents}) then removes what is disc, flavum or bone by density.
 */
public final class CanalCompletion {
    private CanalCompletion() {}

    /** The disc levels whose plane has no canal across the mid-sagittal line, or that the canal does not reach. */
    public static List<String> openLevels(LabelMap labels, Localizer.Localization loc) {
        StenosisMeasurer m = new StenosisMeasurer(labels);
        List<String> open = new ArrayList<>();
        for (LevelPlane p : loc.planes())
            if (p.kind() == LevelPlane.Kind.DISC && Double.isNaN(m.apDiameter(p, StenosisMeasurer.CANAL_SPACE)[2])) open.add(p.level());
        for (var e : loc.skipped().entrySet())
            if (e.getKey().contains("-") && e.getValue().contains("canal does not reach")) open.add(e.getKey());
        return open;
    }

    /**
     * The label map with its canal completed (a copy; the labelled canal-space voxels are kept, the derived canal is
     * added where the voxels are unlabelled), or the map itself when every disc level in view has its canal.
     */
    public static LabelMap complete(LabelMap labels, Volume ct, Localizer.Localization loc) {
        if (openLevels(labels, loc).isEmpty()) return labels;
        Volume derived = labels.volume().copy();
        for (int i = 0; i < derived.size(); i++) if (isCanal(derived.getInt(i))) derived.set(i, 0); // derived as one component
        ReferenceLabels.deriveCanal(derived, ct, MIN_COMPONENT_SHARE);
        Volume out = labels.volume().copy();
        for (int i = 0; i < out.size(); i++) if (out.getInt(i) == 0 && derived.getInt(i) == SpineLabels.CANAL) out.set(i, SpineLabels.CANAL);
        int axis = spineAxis(labels.volume());
        bridge(out, axis, (int) Math.round(BRIDGE_MM / out.geometry().spacing(axis)));
        fillHoles(out, axis);
        LabelMap completed = new LabelMap(out, labels.names());
        if (ct != null) { // the interpolated voxels only where their density is that of the canal contents, not disc or flavum
            Volume contents = StenosisMeasurer.ctCanalContents(completed, ct).volume();
            for (int i = 0; i < out.size(); i++)
                if (out.getInt(i) == SpineLabels.CANAL && derived.getInt(i) != SpineLabels.CANAL && !isCanal(labels.volume().getInt(i))
                        && contents.getInt(i) == 0) out.set(i, 0);
        }
        if (!completed.names().containsKey(SpineLabels.CANAL)) completed.setName(SpineLabels.CANAL, SpineLabels.NAMES.get(SpineLabels.CANAL));
        return completed;
    }

    /** Enclosed components kept besides the largest (share of its voxels): the sacral canal below an open L5-S1. */
    static final double MIN_COMPONENT_SHARE = 0.1;
    /** Reach (mm) up and down the spine axis within which canal on both sides bridges an unlabelled voxel. */
    static final double BRIDGE_MM = 15;

    /**
     * Bridges the canal across the disc levels where it is not enclosed: an unlabelled voxel with canal within
     * {@code reach} voxels both above and below it along the spine axis (the canal of the adjacent vertebral foramina,
     * interpolated) becomes canal.
     */
    static void bridge(Volume v, int axis, int reach) {
        org.spinerad.image.Geometry g = v.geometry();
        int[] d = g.dims();
        int a = (axis + 1) % 3, b = (axis + 2) % 3;
        for (int i = 0; i < d[a]; i++)
            for (int j = 0; j < d[b]; j++) {
                boolean[] canal = new boolean[d[axis]];
                for (int s = 0; s < d[axis]; s++) canal[s] = isCanal(v.getInt(index(g, axis, a, b, s, i, j)));
                int last = Integer.MIN_VALUE / 2;
                for (int s = 0; s < d[axis]; s++) {
                    if (canal[s]) {
                        if (s - last > 1 && s - last <= 2 * reach)
                            for (int t = last + 1; t < s; t++) {
                                int k = index(g, axis, a, b, t, i, j);
                                if (t - last <= reach && s - t <= reach && v.getInt(k) == 0) v.set(k, SpineLabels.CANAL);
                            }
                        last = s;
                    }
                }
            }
    }

    /** The voxel axis (0-2) along which the bodies L1..S1 are spread most: the slices across it are roughly axial. */
    static int spineAxis(Volume labels) {
        double[][] c = org.spinerad.segment.ReferenceMasks.centroids(labels);
        double[] lo = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY}, hi = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (int b : SpineLabels.LUMBAR)
            if (c[b] != null) {
                double[] idx = labels.geometry().worldToIndex(c[b]);
                for (int a = 0; a < 3; a++) { lo[a] = Math.min(lo[a], idx[a] * labels.geometry().spacing(a)); hi[a] = Math.max(hi[a], idx[a] * labels.geometry().spacing(a)); }
            }
        int best = 2;
        for (int a = 0; a < 3; a++) if (hi[a] - lo[a] > hi[best] - lo[best]) best = a;
        return best;
    }

    /**
     * Fills the holes of the canal in each slice across the spine axis with canal, except bone: the canal contents have
     * no islands of disc or unlabelled tissue (a disc or a network's stray label inside the canal), and the CT refinement
     * decides by density what of them is canal.
     */
    static void fillHoles(Volume v, int axis) {
        org.spinerad.image.Geometry g = v.geometry();
        int[] d = g.dims();
        int a = (axis + 1) % 3, b = (axis + 2) % 3;
        for (int s = 0; s < d[axis]; s++) {
            boolean[][] outside = new boolean[d[a]][d[b]];
            java.util.ArrayDeque<int[]> queue = new java.util.ArrayDeque<>();
            for (int i = 0; i < d[a]; i++)
                for (int j = 0; j < d[b]; j++)
                    if ((i == 0 || j == 0 || i == d[a] - 1 || j == d[b] - 1) && !isCanal(v.getInt(index(g, axis, a, b, s, i, j)))) {
                        outside[i][j] = true;
                        queue.add(new int[]{i, j});
                    }
            while (!queue.isEmpty()) {
                int[] c = queue.poll();
                for (int[] o : new int[][]{{1, 0}, {-1, 0}, {0, 1}, {0, -1}}) {
                    int i = c[0] + o[0], j = c[1] + o[1];
                    if (i < 0 || j < 0 || i >= d[a] || j >= d[b] || outside[i][j] || isCanal(v.getInt(index(g, axis, a, b, s, i, j)))) continue;
                    outside[i][j] = true;
                    queue.add(new int[]{i, j});
                }
            }
            for (int i = 0; i < d[a]; i++)
                for (int j = 0; j < d[b]; j++) {
                    int k = index(g, axis, a, b, s, i, j), l = v.getInt(k);
                    if (!outside[i][j] && !isCanal(l) && !BONE[l & 255]) v.set(k, SpineLabels.CANAL);
                }
        }
    }

    private static final boolean[] BONE = org.spinerad.stenosis.geometry.LabelSampler.group(1, 2, 3, 4, 5, 6, 7, 8, 9, 41, 42, 43, 44, 45, 46, 47, 48, 49);

    private static int index(org.spinerad.image.Geometry g, int axis, int a, int b, int s, int i, int j) {
        int[] x = new int[3];
        x[axis] = s; x[a] = i; x[b] = j;
        return g.index(x[0], x[1], x[2]);
    }

    private static boolean isCanal(int l) {
        for (int c : Localizer.CANAL_LABELS) if (l == c) return true;
        return false;
    }
}
