package org.spinerad.stenosis.geometry;

import org.spinerad.image.Geometry;
import org.spinerad.image.LabelMap;
import org.spinerad.image.SpineLabels;
import org.spinerad.util.SpineRadException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the lumbar levels of a label map ({@link SpineLabels} values) and their oblique planes: the canal centreline
 * from the canal labels (30-33), for each disc level L1-L2 ... L5-S1 the plane through the disc centre perpendicular
 * to the centreline, and for each vertebra L1-L5 the pedicle-level plane through the body centre. The disc centre is
 * the disc label's centroid, or, without a disc label, the middle of the gap between the two bodies along the canal
 * axis. Everything is in world (LPS) millimetres, independent of the voxel order.
 */
public final class Localizer {
    private Localizer() {}

    /** Canal labels: canal, dural sac, epidural fat, ligamentum flavum. */
    public static final int[] CANAL_LABELS = {SpineLabels.CANAL, SpineLabels.DURAL_SAC, SpineLabels.EPIDURAL_FAT, SpineLabels.LIGAMENTUM_FLAVUM};
    /** Vertebrae from top to bottom whose consecutive pairs are the lumbar disc levels. */
    static final int[] COLUMN = {SpineLabels.L1, SpineLabels.L2, SpineLabels.L3, SpineLabels.L4, SpineLabels.L5, SpineLabels.S1};
    static final int MIN_VOXELS = 10;

    /** The centreline, the planes found and, per level that could not be placed, why. */
    public record Localization(Centreline centreline, List<LevelPlane> planes, Map<String, String> skipped) {
        public LevelPlane plane(String level) {
            return planes.stream().filter(p -> p.level().equals(level)).findFirst().orElse(null);
        }
    }

    /** Per label: voxel count, world centroid, touches the grid border. */
    private record Part(int count, double[] centroid, boolean truncated, List<double[]> points) {}

    public static Localization locate(LabelMap labels, String source) {
        Map<Integer, Part> parts = parts(labels);
        List<double[]> canalPoints = new ArrayList<>();
        for (int l : CANAL_LABELS) if (parts.containsKey(l)) canalPoints.addAll(parts.get(l).points());
        Centreline line = Centreline.fit(canalPoints, bodyAxis(parts));
        if (line == null)
            throw new SpineRadException(source + ": no canal found (no voxels, or too few, with the canal labels 30-33; "
                    + "derive the canal with ReferenceLabels or draw it)");
        List<LevelPlane> planes = new ArrayList<>();
        Map<String, String> skipped = new LinkedHashMap<>();
        for (int i = 0; i + 1 < COLUMN.length; i++) {
            int up = COLUMN[i], low = COLUMN[i + 1], disc = SpineLabels.DISC_L1_L2 + i;
            String name = SpineLabels.NAMES.get(disc);
            Part pu = parts.get(up), pl = parts.get(low), pd = parts.get(disc);
            double[] centre;
            if (pd != null) centre = pd.centroid();
            else if (pu != null && pl != null) centre = gapCentre(pu, pl, line);
            else {
                skipped.put(name, "not in the field of view (no disc label and not both bodies " + SpineLabels.NAMES.get(up)
                        + ", " + SpineLabels.NAMES.get(low) + ")");
                continue;
            }
            LevelPlane p = plane(name, LevelPlane.Kind.DISC, up, low, pd == null ? 0 : disc, centre, centre, line, skipped);
            if (p != null) planes.add(p);
        }
        for (int body : SpineLabels.LUMBAR) {
            String name = SpineLabels.NAMES.get(body);
            Part pb = parts.get(body);
            if (pb == null) { skipped.put(name, "not in the field of view (no body label " + body + ")"); continue; }
            if (pb.truncated()) { skipped.put(name, "body cut by the image border, its pedicle level is not in view"); continue; }
            LevelPlane p = plane(name, LevelPlane.Kind.PEDICLE, body, body, 0, pb.centroid(), pb.centroid(), line, skipped);
            if (p != null) planes.add(p);
        }
        return new Localization(line, planes, skipped);
    }

    /** Unit direction from the lowest to the highest body centroid present (T12 ... S1), or null with fewer than 2 bodies. */
    private static double[] bodyAxis(Map<Integer, Part> parts) {
        int[] order = {SpineLabels.T12, SpineLabels.L1, SpineLabels.L2, SpineLabels.L3, SpineLabels.L4, SpineLabels.L5, SpineLabels.S1};
        double[] top = null, bottom = null;
        for (int b : order) if (parts.containsKey(b)) { if (top == null) top = parts.get(b).centroid(); bottom = parts.get(b).centroid(); }
        return top == null || top == bottom ? null : Vec.unit(Vec.sub(top, bottom));
    }

    /** A plane through centre perpendicular to the centreline; null (with a reason in skipped) when the canal does not reach it. */
    private static LevelPlane plane(String name, LevelPlane.Kind kind, int up, int low, int disc, double[] centre,
                                    double[] anteriorRef, Centreline line, Map<String, String> skipped) {
        double t = line.project(centre);
        if (t < line.tMin() + 1 || t > line.tMax() - 1) {
            skipped.put(name, "out of view: the canal does not reach this level");
            return null;
        }
        double[][] c = line.at(t);
        double[] n = c[1];
        double[] anterior = Vec.unit(Vec.reject(Vec.sub(anteriorRef, c[0]), n));
        if (anterior == null) { skipped.put(name, "the body centre lies on the canal centreline"); return null; }
        double[] posterior = {-anterior[0], -anterior[1], -anterior[2]};
        double[] lateral = Vec.cross(posterior, n); // posterior x superior = patient left in LPS
        double u0 = Vec.dot(Vec.sub(centre, c[0]), lateral);
        return new LevelPlane(name, kind, up, low, disc, Vec.add(c[0], lateral, u0), n, lateral, posterior, centre.clone());
    }

    /** Middle of the gap between the upper body's lowest and the lower body's highest points along the canal axis. */
    private static double[] gapCentre(Part up, Part low, Centreline line) {
        double[] a = line.axis();
        double bottomOfUpper = quantile(up.points(), a, 0.02), topOfLower = quantile(low.points(), a, 0.98);
        double tu = Vec.dot(up.centroid(), a), tl = Vec.dot(low.centroid(), a), target = (bottomOfUpper + topOfLower) / 2;
        double f = tu == tl ? 0.5 : (tu - target) / (tu - tl);
        return Vec.add(up.centroid(), Vec.sub(low.centroid(), up.centroid()), f);
    }

    private static double quantile(List<double[]> points, double[] axis, double q) {
        double[] t = points.stream().mapToDouble(p -> Vec.dot(p, axis)).sorted().toArray();
        return t[(int) Math.min(t.length - 1, Math.floor(q * t.length))];
    }

    /** Counts and centroids of the labels 1-60; world points kept only for bodies and canal labels (the rest is not needed). */
    private static Map<Integer, Part> parts(LabelMap labels) {
        Geometry g = labels.geometry();
        double[][] sums = new double[61][4];
        boolean[] border = new boolean[61];
        Map<Integer, List<double[]>> pts = new LinkedHashMap<>();
        int nx = g.nx(), ny = g.ny(), nz = g.nz();
        for (int z = 0, i = 0; z < nz; z++)
            for (int y = 0; y < ny; y++)
                for (int x = 0; x < nx; x++, i++) {
                    int l = labels.volume().getInt(i);
                    if (l <= 0 || l > 60) continue;
                    double[] w = g.indexToWorld(x, y, z);
                    for (int k = 0; k < 3; k++) sums[l][k] += w[k];
                    sums[l][3]++;
                    if (l <= SpineLabels.T12 || l >= SpineLabels.CANAL && l <= SpineLabels.LIGAMENTUM_FLAVUM)
                        pts.computeIfAbsent(l, k -> new ArrayList<>()).add(w);
                    if (x == 0 || y == 0 || z == 0 || x == nx - 1 || y == ny - 1 || z == nz - 1) border[l] = true;
                }
        Map<Integer, Part> out = new LinkedHashMap<>();
        for (int l = 1; l <= 60; l++) {
            double n = sums[l][3];
            if (n < MIN_VOXELS) continue;
            out.put(l, new Part((int) n, new double[]{sums[l][0] / n, sums[l][1] / n, sums[l][2] / n}, border[l],
                    pts.getOrDefault(l, List.of())));
        }
        return out;
    }
}
