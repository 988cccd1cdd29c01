package org.spinerad.stenosis;

import org.spinerad.image.DataType;
import org.spinerad.image.Geometry;
import org.spinerad.image.LabelMap;
import org.spinerad.image.SpineLabels;
import org.spinerad.image.Volume;
import org.spinerad.stenosis.geometry.Vec;
import org.spinerad.util.SpineRadException;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Converts reference vertebra masks to {@link SpineLabels}: TotalSegmentator ({@code totalseg} vertebrae 26 S1 ...
 * 31 L1, 32 T12, 33 T11 with {@code vertebrae_body} 1 body, 2 disc) and TPTBox (vert 19 T12, 20 L1 ... 24 L5, 26 S1 with
 * subregions 41-48 posterior, 49-50 body). Bodies = vertebra ∩ body, posterior elements = vertebra − body, discs named
 * by the bodies above and below, and the canal derived geometrically ({@link #deriveCanal}).
 */
public final class ReferenceLabels {
    private ReferenceLabels() {}

    static final Map<Integer, Integer> TOTALSEG = Map.of(33, SpineLabels.T11, 32, SpineLabels.T12, 31, SpineLabels.L1,
            30, SpineLabels.L2, 29, SpineLabels.L3, 28, SpineLabels.L4, 27, SpineLabels.L5, 26, SpineLabels.S1);
    static final Map<Integer, Integer> TPTBOX = Map.of(18, SpineLabels.T11, 19, SpineLabels.T12, 20, SpineLabels.L1,
            21, SpineLabels.L2, 22, SpineLabels.L3, 23, SpineLabels.L4, 24, SpineLabels.L5, 26, SpineLabels.S1);

    /** TotalSegmentator vertebrae + vertebrae_body masks (same grid) to SpineLabels with the derived canal. */
    public static LabelMap fromTotalSegmentator(LabelMap vertebrae, LabelMap bodyDisc, Volume ct, String source) {
        return convert(vertebrae, bodyDisc, ct, TOTALSEG, v -> v == 1, v -> v == 2, source);
    }

    /** TPTBox vert + subreg masks (same grid) to SpineLabels with the derived canal (TPTBox has no disc masks). */
    public static LabelMap fromTptBox(LabelMap vert, LabelMap subreg, Volume ct, String source) {
        return convert(vert, subreg, ct, TPTBOX, v -> v == 49 || v == 50, v -> false, source);
    }

    private static LabelMap convert(LabelMap vert, LabelMap parts, Volume ct, Map<Integer, Integer> names,
                                    java.util.function.IntPredicate body, java.util.function.IntPredicate disc, String source) {
        String mismatch = vert.geometry().mismatch(parts.geometry(), 1e-3);
        if (mismatch != null) throw new SpineRadException(source + ": the two reference masks are on different grids (" + mismatch + ")");
        if (ct != null && (mismatch = ct.geometry().mismatch(vert.geometry(), 1e-3)) != null)
            throw new SpineRadException(source + ": the mask does not match the CT (" + mismatch + ")");
        Geometry g = vert.geometry();
        Volume out = Volume.create(g, DataType.UINT8);
        int n = g.voxelCount(), found = 0;
        boolean[] discVoxel = new boolean[n];
        for (int i = 0; i < n; i++) {
            Integer v = names.get(vert.volume().getInt(i));
            int part = parts.volume().getInt(i);
            if (v != null) { out.set(i, body.test(part) ? v : SpineLabels.posteriorOf(v)); found++; }
            else if (disc.test(part)) discVoxel[i] = true;
        }
        if (found == 0) throw new SpineRadException(source + ": no lumbar or thoracic vertebra labels " + names.keySet() + " in the mask");
        nameDiscs(out, discVoxel);
        deriveCanal(out, ct);
        return new LabelMap(out, SpineLabels.NAMES);
    }

    /** Each disc component gets the disc label of its two nearest bodies (above and below along the world S axis). */
    private static void nameDiscs(Volume labels, boolean[] disc) {
        Geometry g = labels.geometry();
        double[][] centroid = bodyCentroids(labels);
        for (List<Integer> comp : components(disc, g)) {
            double[] c = centroidOf(comp, g);
            int up = -1, low = -1;
            double du = Double.POSITIVE_INFINITY, dl = Double.POSITIVE_INFINITY;
            for (int b = 1; b < centroid.length; b++) {
                if (centroid[b] == null) continue;
                double d = Vec.norm(Vec.sub(centroid[b], c));
                if (centroid[b][2] > c[2] && d < du) { du = d; up = b; }
                if (centroid[b][2] < c[2] && d < dl) { dl = d; low = b; }
            }
            int label = discLabel(up, low);
            if (label > 0) for (int i : comp) labels.set(i, label);
        }
    }

    private static final int[] COLUMN = {SpineLabels.T12, SpineLabels.L1, SpineLabels.L2, SpineLabels.L3, SpineLabels.L4, SpineLabels.L5, SpineLabels.S1};

    private static int discLabel(int up, int low) {
        for (int k = 0; k + 1 < COLUMN.length; k++) if (COLUMN[k] == up && COLUMN[k + 1] == low) return SpineLabels.DISC_T12_L1 + k;
        return 0;
    }

    /** World centroids of the labels 1-60 (null where absent). */
    private static double[][] bodyCentroids(Volume labels) {
        Geometry g = labels.geometry();
        double[][] sum = new double[61][4];
        for (int z = 0, i = 0; z < g.nz(); z++)
            for (int y = 0; y < g.ny(); y++)
                for (int x = 0; x < g.nx(); x++, i++) {
                    int l = labels.getInt(i);
                    if (l < 1 || l > 60) continue;
                    double[] w = g.indexToWorld(x, y, z);
                    for (int k = 0; k < 3; k++) sum[l][k] += w[k];
                    sum[l][3]++;
                }
        double[][] c = new double[61][];
        for (int l = 1; l < 61; l++) if (sum[l][3] > 0) c[l] = new double[]{sum[l][0] / sum[l][3], sum[l][1] / sum[l][3], sum[l][2] / sum[l][3]};
        return c;
    }

    private static double[] centroidOf(List<Integer> voxels, Geometry g) {
        double[] c = new double[3];
        for (int i : voxels) {
            double[] w = g.indexToWorld(i % g.nx(), i / g.nx() % g.ny(), i / (g.nx() * g.ny()));
            for (int k = 0; k < 3; k++) c[k] += w[k] / voxels.size();
        }
        return c;
    }

    /** 6-connected components of a mask, as lists of linear indices. */
    static List<List<Integer>> components(boolean[] mask, Geometry g) {
        int nx = g.nx(), ny = g.ny(), nz = g.nz();
        boolean[] seen = new boolean[mask.length];
        List<List<Integer>> out = new ArrayList<>();
        int[] step = {1, -1, nx, -nx, nx * ny, -nx * ny};
        for (int s = 0; s < mask.length; s++) {
            if (!mask[s] || seen[s]) continue;
            List<Integer> comp = new ArrayList<>();
            ArrayDeque<Integer> queue = new ArrayDeque<>(List.of(s));
            seen[s] = true;
            while (!queue.isEmpty()) {
                int i = queue.poll();
                comp.add(i);
                int x = i % nx, y = i / nx % ny, z = i / (nx * ny);
                for (int k = 0; k < 6; k++) {
                    if (k == 0 && x == nx - 1 || k == 1 && x == 0 || k == 2 && y == ny - 1 || k == 3 && y == 0
                            || k == 4 && z == nz - 1 || k == 5 && z == 0) continue;
                    int j = i + step[k];
                    if (mask[j] && !seen[j]) { seen[j] = true; queue.add(j); }
                }
            }
            out.add(comp);
        }
        return out;
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
    public static void deriveCanal(Volume labels, Volume ct) {
        Geometry g = labels.geometry();
        double[][] centroid = bodyCentroids(labels);
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
        List<Integer> best = List.of();
        for (List<Integer> comp : components(enclosed, g)) if (comp.size() > best.size()) best = comp;
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
