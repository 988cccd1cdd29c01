package org.spinerad.segment;

import org.spinerad.image.DataType;
import org.spinerad.image.Geometry;
import org.spinerad.image.LabelMap;
import org.spinerad.image.SpineLabels;
import org.spinerad.image.Volume;
import org.spinerad.util.SpineRadException;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntPredicate;

/**
 * The one converter of the real CTs' reference vertebra masks to {@link SpineLabels}, used by the stenosis tools and by
 * the column model's training data:
 * <ul>
 * <li>TotalSegmentator: vertebrae mask (26 S1 … 31 L1, 32 T12, 33 T11) and {@code vertebrae_body} mask (1 body,
 * 2 disc);</li>
 * <li>TPTBox: {@code seg-vert} (18 T11, 19 T12, 20 L1 … 24 L5, 26 S1) and {@code seg-subreg} (41 arch, 42 spinous,
 * 43/44 costal, 45/46 superior and 47/48 inferior articular process left/right, 49 body border, 50 body).</li>
 * </ul>
 * Bodies = vertebra ∩ body, posterior elements ({@code 40 + body}) = vertebra − body, disc components named by the
 * bodies above and below ({@link #DISC_OTHER} where those are not two adjacent levels T12…S1). Neither source has a
 * canal label (the stenosis tools derive one). TPTBox's articular processes come as a second map ({@link #SAP_LEFT} …).
 */
public final class ReferenceMasks {
    private ReferenceMasks() {}

    /** A disc component that is not between two adjacent levels T12…S1 (e.g. T11-T12). */
    public static final int DISC_OTHER = 16;
    /** Articular-process labels of {@link Reference#articular()} (patient left / right). */
    public static final int SAP_LEFT = 1, SAP_RIGHT = 2, IAP_LEFT = 3, IAP_RIGHT = 4;
    static final Map<Integer, String> ARTICULAR_NAMES = Map.of(SAP_LEFT, "superior_articular_left",
            SAP_RIGHT, "superior_articular_right", IAP_LEFT, "inferior_articular_left", IAP_RIGHT, "inferior_articular_right");

    static final Map<Integer, Integer> TOTALSEG = Map.of(33, SpineLabels.T11, 32, SpineLabels.T12, 31, SpineLabels.L1,
            30, SpineLabels.L2, 29, SpineLabels.L3, 28, SpineLabels.L4, 27, SpineLabels.L5, 26, SpineLabels.S1);
    static final Map<Integer, Integer> TPTBOX = Map.of(18, SpineLabels.T11, 19, SpineLabels.T12, 20, SpineLabels.L1,
            21, SpineLabels.L2, 22, SpineLabels.L3, 23, SpineLabels.L4, 24, SpineLabels.L5, 26, SpineLabels.S1);

    /**
     * @param labels    SpineLabels: bodies, {@code *_posterior}, named discs, {@link #DISC_OTHER}
     * @param articular TPTBox's articular processes ({@link #SAP_LEFT} … {@link #IAP_RIGHT}, each voxel also a
     *                  posterior element in {@code labels}); null for TotalSegmentator
     */
    public record Reference(LabelMap labels, LabelMap articular) {}

    /** TotalSegmentator vertebrae + vertebrae_body masks (same grid). */
    public static Reference fromTotalSegmentator(LabelMap vertebrae, LabelMap bodyDisc, String source) {
        return new Reference(convert(vertebrae, bodyDisc, TOTALSEG, v -> v == 1, v -> v == 2, source), null);
    }

    /**
     * TPTBox vert + subreg masks (same grid). TPTBox has no disc masks: with its CT ({@code ct} may be null), the discs
     * are the voxels between two adjacent bodies ({@link #addDiscsBetweenBodies}).
     */
    public static Reference fromTptBox(LabelMap vert, LabelMap subreg, Volume ct, String source) {
        LabelMap labels = convert(vert, subreg, TPTBOX, v -> v == 49 || v == 50, v -> false, source);
        if (ct != null) {
            String mismatch = ct.geometry().mismatch(vert.geometry(), 1e-3);
            if (mismatch != null) throw new SpineRadException(source + ": the mask does not match the CT (" + mismatch + ")");
            addDiscsBetweenBodies(labels.volume(), ct);
        }
        Volume art = Volume.create(vert.geometry(), DataType.UINT8);
        for (int i = 0; i < art.size(); i++) {
            int s = subreg.volume().getInt(i);
            if (s >= 45 && s <= 48 && TPTBOX.containsKey(vert.volume().getInt(i))) art.set(i, s - 44);
        }
        return new Reference(labels, new LabelMap(art, new TreeMap<>(ARTICULAR_NAMES)));
    }

    /** Densities (HU) of the voxels between two bodies that count as disc: not bone, not fat or air. */
    static final double DISC_MIN_HU = -200, DISC_MAX_HU = 200;

    /**
     * Labels as disc the unlabelled voxels with {@link #DISC_MIN_HU} < HU < {@link #DISC_MAX_HU} of each line along the
     * grid axis nearest to the spine's long (world S) axis between a voxel of one body and the next voxel of a
     * different body, where both bodies cover that line; named by the two bodies ({@link #DISC_OTHER} if not adjacent).
     */
    static void addDiscsBetweenBodies(Volume labels, Volume ct) {
        Geometry g = labels.geometry();
        double[] d = g.direction();
        int axis = 0;
        for (int k = 1; k < 3; k++) if (Math.abs(d[6 + k]) > Math.abs(d[6 + axis])) axis = k;
        boolean upwards = d[6 + axis] > 0; // index increasing towards superior
        int[] dims = g.dims(), stride = {1, dims[0], dims[0] * dims[1]};
        int a1 = (axis + 1) % 3, a2 = (axis + 2) % 3, len = dims[axis];
        for (int p = 0; p < dims[a1]; p++)
            for (int q = 0; q < dims[a2]; q++) {
                int base = p * stride[a1] + q * stride[a2], prevBody = 0, prev = -1;
                for (int t = 0; t < len; t++) {
                    int i = base + t * stride[axis], l = labels.getInt(i);
                    if (!isBody(l)) continue;
                    if (prevBody != 0 && l != prevBody && t - prev > 1) {
                        int disc = upwards ? discLabel(l, prevBody) : discLabel(prevBody, l);
                        for (int k = prev + 1; k < t; k++) {
                            int j = base + k * stride[axis];
                            if (labels.getInt(j) == 0 && ct.get(j) < DISC_MAX_HU && ct.get(j) > DISC_MIN_HU) labels.set(j, disc > 0 ? disc : DISC_OTHER);
                        }
                    }
                    prevBody = l;
                    prev = t;
                }
            }
    }

    private static boolean isBody(int label) { return label >= SpineLabels.L1 && label <= SpineLabels.L6; }

    private static LabelMap convert(LabelMap vert, LabelMap parts, Map<Integer, Integer> names, IntPredicate body,
                                    IntPredicate disc, String source) {
        String mismatch = vert.geometry().mismatch(parts.geometry(), 1e-3);
        if (mismatch != null) throw new SpineRadException(source + ": the two reference masks are on different grids (" + mismatch + ")");
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
        Map<Integer, String> labelNames = new TreeMap<>(SpineLabels.NAMES);
        labelNames.put(DISC_OTHER, "disc_other");
        return new LabelMap(out, labelNames);
    }

    /** Each disc component gets the disc label of its two nearest bodies (above and below along the world S axis). */
    private static void nameDiscs(Volume labels, boolean[] disc) {
        Geometry g = labels.geometry();
        double[][] centroid = centroids(labels);
        for (List<Integer> comp : components(disc, g)) {
            double[] c = centroidOf(comp, g);
            int up = -1, low = -1;
            double du = Double.POSITIVE_INFINITY, dl = Double.POSITIVE_INFINITY;
            for (int b = 1; b < centroid.length; b++) {
                if (centroid[b] == null) continue;
                double d = Math.hypot(Math.hypot(centroid[b][0] - c[0], centroid[b][1] - c[1]), centroid[b][2] - c[2]);
                if (centroid[b][2] > c[2] && d < du) { du = d; up = b; }
                if (centroid[b][2] < c[2] && d < dl) { dl = d; low = b; }
            }
            int label = discLabel(up, low);
            for (int i : comp) labels.set(i, label > 0 ? label : DISC_OTHER);
        }
    }

    private static final int[] COLUMN = {SpineLabels.T12, SpineLabels.L1, SpineLabels.L2, SpineLabels.L3, SpineLabels.L4, SpineLabels.L5, SpineLabels.S1};

    private static int discLabel(int up, int low) {
        for (int k = 0; k + 1 < COLUMN.length; k++) if (COLUMN[k] == up && COLUMN[k + 1] == low) return SpineLabels.DISC_T12_L1 + k;
        return 0;
    }

    /** World centroids of the labels 1-60 (null where absent). */
    public static double[][] centroids(Volume labels) {
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
    public static List<List<Integer>> components(boolean[] mask, Geometry g) {
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
}
