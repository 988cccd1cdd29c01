package org.spinerad.stenosis;

import org.spinerad.image.Geometry;
import org.spinerad.image.LabelMap;
import org.spinerad.image.SpineLabels;
import org.spinerad.image.Volume;
import org.spinerad.segment.ReferenceMasks;
import org.spinerad.stenosis.geometry.Vec;
import org.spinerad.util.SpineRadException;

import java.util.ArrayList;
import java.util.List;

/**
 * The real CTs' reference masks as stenosis label maps: {@link ReferenceMasks} (bodies, posterior elements, discs,
 * TPTBox's articular processes) plus the canal derived geometrically ({@link #deriveCanal}).
 */
public final class ReferenceLabels {
    private ReferenceLabels() {}

    /** TotalSegmentator vertebrae + vertebrae_body masks (same grid) with the derived canal. */
    public static ReferenceMasks.Reference fromTotalSegmentator(LabelMap vertebrae, LabelMap bodyDisc, Volume ct, String source) {
        checkCt(vertebrae, ct, source);
        return withCanal(ReferenceMasks.fromTotalSegmentator(vertebrae, bodyDisc, source), ct);
    }

    /** TPTBox vert + subreg masks (same grid) with the derived canal and the articular processes. */
    public static ReferenceMasks.Reference fromTptBox(LabelMap vert, LabelMap subreg, Volume ct, String source) {
        checkCt(vert, ct, source);
        return withCanal(ReferenceMasks.fromTptBox(vert, subreg, ct, source), ct);
    }

    private static void checkCt(LabelMap mask, Volume ct, String source) {
        String mismatch = ct == null ? null : ct.geometry().mismatch(mask.geometry(), 1e-3);
        if (mismatch != null) throw new SpineRadException(source + ": the mask does not match the CT (" + mismatch + ")");
    }

    private static ReferenceMasks.Reference withCanal(ReferenceMasks.Reference r, Volume ct) {
        deriveCanal(r.labels().volume(), ct);
        return r;
    }

    static final int RAYS = 16, MIN_HITS = 13;
    /** CT density above which a voxel is bone, not canal (HU). */
    public static final double BONE_HU = 150;
    static final double RAY_MM = 30;

    /**
     * Labels the canal (30) as the largest connected set of unlabelled voxels enclosed by spine labels in the plane
     * perpendicular to the local spine axis (the line through the neighbouring body centroids): at least 13 of 16 rays
     * hit a body, disc or posterior element within 30 mm (a few may escape through the foramina and the interlaminar gap),
     * behind the bodies' posterior wall, and, with a CT, not a voxel denser than {@link #BONE_HU} next to a labelled bone
     * (partial-volume bone at the mask borders is not canal).
     */
    public static void deriveCanal(Volume labels, Volume ct) { deriveCanal(labels, ct, 1); }

    /**
     * The same, keeping every enclosed component of at least {@code minShare} of the largest one's voxels (1: the
     * largest only): a segmentation's canal can be split at a disc level, e.g. the sacral canal from the lumbar one.
     */
    public static void deriveCanal(Volume labels, Volume ct, double minShare) {
        Geometry g = labels.geometry();
        double[][] centroid = ReferenceMasks.centroids(labels);
        List<double[]> centres = new ArrayList<>(), axes = new ArrayList<>(), aps = new ArrayList<>();
        List<Integer> present = new ArrayList<>();
        for (int b : new int[]{SpineLabels.T11, SpineLabels.T12, SpineLabels.L1, SpineLabels.L2, SpineLabels.L3, SpineLabels.L4, SpineLabels.L5, SpineLabels.S1})
            if (centroid[b] != null && centroid[SpineLabels.posteriorOf(b)] != null) present.add(b);
        if (present.isEmpty()) return;
        List<Double> walls = new ArrayList<>();
        for (int k = 0; k < present.size(); k++) {
            int b = present.get(k);
            double[] above = centroid[present.get(Math.max(0, k - 1))], below = centroid[present.get(Math.min(present.size() - 1, k + 1))];
            double[] axis = present.size() < 2 ? null : Vec.unit(Vec.sub(above, below));
            if (axis == null) axis = new double[]{0, 0, 1};
            double[] ap = Vec.unit(Vec.reject(Vec.sub(centroid[SpineLabels.posteriorOf(b)], centroid[b]), axis));
            centres.add(centroid[b]);
            axes.add(axis);
            aps.add(ap == null ? new double[]{0, 1, 0} : ap);
            walls.add(posteriorWall(labels, b, centroid[b], aps.get(k)));
        }
        double step = Math.min(g.spacing(0), Math.min(g.spacing(1), g.spacing(2))) / 2;
        boolean[] enclosed = new boolean[g.voxelCount()];
        for (int z = 0, i = 0; z < g.nz(); z++)
            for (int y = 0; y < g.ny(); y++)
                for (int x = 0; x < g.nx(); x++, i++) {
                    if (labels.getInt(i) != 0) continue;
                    double[] p = g.indexToWorld(x, y, z);
                    int nearest = 0;
                    for (int k = 1; k < centres.size(); k++)
                        if (Vec.norm(Vec.sub(centres.get(k), p)) < Vec.norm(Vec.sub(centres.get(nearest), p))) nearest = k;
                    if (Vec.norm(Vec.sub(centres.get(nearest), p)) > 60) continue;
                    // only behind the posterior wall of the bodies (without disc labels the disc spaces look enclosed too)
                    if (Vec.dot(Vec.sub(p, centres.get(nearest)), aps.get(nearest)) < walls.get(nearest) - 2) continue;
                    enclosed[i] = enclosedInPlane(labels, g, p, axes.get(nearest), step);
                }
        List<List<Integer>> comps = ReferenceMasks.components(enclosed, g);
        int largest = 0;
        for (List<Integer> comp : comps) largest = Math.max(largest, comp.size());
        List<Integer> best = new ArrayList<>();
        for (List<Integer> comp : comps) if (comp.size() >= minShare * largest && (minShare < 1 || best.isEmpty())) best.addAll(comp);
        List<Integer> rim = new ArrayList<>();
        for (int i : best)
            if (ct != null && ct.get(i) > BONE_HU && touchesBone(labels, g, i % g.nx(), i / g.nx() % g.ny(), i / (g.nx() * g.ny()))) rim.add(i);
        for (int i : best) labels.set(i, SpineLabels.CANAL);
        for (int i : rim) labels.set(i, 0);
    }

    private static boolean touchesBone(Volume labels, Geometry g, int x, int y, int z) {
        int[][] n = {{1, 0, 0}, {-1, 0, 0}, {0, 1, 0}, {0, -1, 0}, {0, 0, 1}, {0, 0, -1}};
        for (int[] d : n) {
            int a = x + d[0], b = y + d[1], c = z + d[2];
            if (!g.contains(a, b, c)) continue;
            int l = labels.getInt(g.index(a, b, c));
            if (l > 0 && l < SpineLabels.CANAL || l > SpineLabels.POSTERIOR_OFFSET && l < SpineLabels.OTHER_BONE) return true;
        }
        return false;
    }

    /** 95th percentile of the body voxels' distance from the centroid along the posterior direction. */
    private static double posteriorWall(Volume labels, int body, double[] centre, double[] ap) {
        Geometry g = labels.geometry();
        List<Double> d = new ArrayList<>();
        for (int z = 0, i = 0; z < g.nz(); z++)
            for (int y = 0; y < g.ny(); y++)
                for (int x = 0; x < g.nx(); x++, i++)
                    if (labels.getInt(i) == body) d.add(Vec.dot(Vec.sub(g.indexToWorld(x, y, z), centre), ap));
        d.sort(null);
        return d.get((int) Math.min(d.size() - 1, Math.floor(0.95 * d.size())));
    }

    private static boolean enclosedInPlane(Volume labels, Geometry g, double[] p, double[] axis, double step) {
        double[] e1 = Vec.unit(Vec.reject(Math.abs(axis[0]) < 0.9 ? new double[]{1, 0, 0} : new double[]{0, 1, 0}, axis));
        double[] e2 = Vec.cross(axis, e1);
        int hits = 0;
        for (int r = 0; r < RAYS; r++) {
            double a = 2 * Math.PI * r / RAYS;
            double[] dir = Vec.add(Vec.add(new double[3], e1, Math.cos(a)), e2, Math.sin(a));
            for (double t = step; t <= RAY_MM; t += step) {
                double[] idx = g.worldToIndex(Vec.add(p, dir, t));
                int x = (int) Math.round(idx[0]), y = (int) Math.round(idx[1]), z = (int) Math.round(idx[2]);
                if (!g.contains(x, y, z)) break;
                int l = labels.getInt(g.index(x, y, z));
                if (l > 0 && l < SpineLabels.CANAL || l > SpineLabels.POSTERIOR_OFFSET && l < SpineLabels.OTHER_BONE) { hits++; break; }
            }
            if (hits + (RAYS - 1 - r) < MIN_HITS) return false;
        }
        return hits >= MIN_HITS;
    }
}
