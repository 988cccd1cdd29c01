package org.spinerad.stenosis.measure;

import org.spinerad.image.LabelMap;
import org.spinerad.image.Volume;
import org.spinerad.image.SpineLabels;
import org.spinerad.segment.ReferenceMasks;
import org.spinerad.util.SpineRadException;
import org.spinerad.stenosis.geometry.LabelSampler;
import org.spinerad.stenosis.geometry.LevelPlane;
import org.spinerad.stenosis.geometry.Localizer;
import org.spinerad.stenosis.geometry.Vec;

import java.util.ArrayList;
import java.util.List;

/**
 * Measures the canal and lateral recesses in the oblique planes of a {@link Localizer.Localization}, from the label
 * map's partial-volume fractions ({@link LabelSampler}): areas integrate the fraction over a 0.25 mm grid, boundaries
 * are the 0.5 crossings found by marching in 0.05 mm steps.
 */
public final class StenosisMeasurer {
    static final double AREA_RADIUS = 30, AREA_STEP = 0.25, MARCH = 0.05;
    /** In-plane offsets (mm) of the parallel rays whose mean gives a distance. */
    private static final double[][] RAY_OFFSETS = {{0, 0}, {-1.5, 0}, {1.5, 0}, {0, -1.5}, {0, 1.5}, {-3, 0}, {3, 0}};
    static final boolean[] CANAL_SPACE = LabelSampler.group(SpineLabels.CANAL, SpineLabels.DURAL_SAC, SpineLabels.EPIDURAL_FAT);
    static final boolean[] BONY_CANAL = LabelSampler.group(Localizer.CANAL_LABELS);
    private static final boolean[] SAC = LabelSampler.group(SpineLabels.DURAL_SAC);
    static final boolean[] POSTERIOR = LabelSampler.group(41, 42, 43, 44, 45, 46, 47, 48, 49);

    private final LabelSampler sampler;
    /** With a CT: the voxels of the canal envelope whose density is that of the canal contents ({@link #ctCanalContents}). */
    private final LabelSampler ctCanal;
    /** The superior articular processes, or null: the recess is then bounded by the lower vertebra's posterior elements ({@link #superiorProcess}). */
    private final LabelSampler sap;
    private static final boolean[][] SAP_SIDE = {LabelSampler.group(ReferenceMasks.SAP_LEFT), LabelSampler.group(ReferenceMasks.SAP_RIGHT)};
    private final boolean hasSac;
    /** Labels present in the label map. */
    private final boolean[] hasLabel;
    /** Plane offsets (mm, +-1 voxel) whose mean removes most of the staircase of voxelised boundaries from areas and distances. */
    private final double[] slab;
    private final Volume ct;
    /** Largest voxel spacing (mm). */
    private final double voxel;

    public StenosisMeasurer(LabelMap labels) { this(labels, null); }

    /** With a CT on the label map's grid, the pedicle-level canal area comes from its densities ({@link #ringArea}). */
    public StenosisMeasurer(LabelMap labels, Volume ct) { this(labels, ct, null); }

    /**
     * With the superior articular processes labelled ({@code articular}: {@link ReferenceMasks#SAP_LEFT} /
     * {@link ReferenceMasks#SAP_RIGHT}, TPTBox's sub-regions) the lateral recess is measured from the SAP itself,
     * not from the lower vertebra's posterior elements.
     */
    public StenosisMeasurer(LabelMap labels, Volume ct, LabelMap articular) {
        this.ct = ct;
        sampler = new LabelSampler(labels);
        if (articular != null) {
            String mismatch = articular.geometry().mismatch(labels.geometry(), 1e-3);
            if (mismatch != null) throw new SpineRadException("the articular-process map does not match the label map (" + mismatch + ")");
        }
        sap = articular == null ? null : new LabelSampler(articular);
        ctCanal = ct == null ? null : new LabelSampler(ctCanalContents(labels, ct));
        hasSac = labels.presentLabels().contains(SpineLabels.DURAL_SAC);
        hasLabel = new boolean[256];
        for (int l : labels.presentLabels()) hasLabel[l & 255] = true;
        double h = 0;
        for (double sp : labels.geometry().spacing()) h = Math.max(h, sp);
        voxel = h;
        slab = new double[9];
        for (int k = 0; k < slab.length; k++) slab[k] = (k - 4) * h / 4;
    }

    /**
     * Bony canal area and AP diameter at the pedicle level; the area is that of the canal inside the closed bony ring
     * ({@link #ringArea}).
     */
    public PedicleMeasurement pedicle(LevelPlane p) {
        double area = 0, ap = 0;
        double[][] walls = pedicleWalls(p, apDiameter(p, BONY_CANAL));
        for (double w : slab) {
            LevelPlane q = p.shifted(w);
            double[] run = apDiameter(q, BONY_CANAL);
            area += ringArea(q, run, walls, null) / slab.length;
            ap += run[2] / slab.length;
        }
        return new PedicleMeasurement(p.level(), Double.isNaN(ap) ? Double.NaN : area, ap); // NaN: no canal at this level
    }

    /**
     * The canal's lateral limits per grid row {left u, right u} ([2n] rows of v; null without a pedicle on both sides):
     * the medial wall of each pedicle, traced row by row from mid-depth of the canal's AP run forwards and backwards
     * while it continues: it may turn outwards by at most 45° over one voxel (plus one grid row of staircase), inwards
     * freely. Beyond its ends (where it turns laterally into the gap between pedicle and body or the foramen, or
     * vanishes) the limit stays at the wall's last point, i.e. the canal is closed by the line through the pedicle tip
     * parallel to the mid-sagittal plane. The same limits close the canal in the planes of the slab above and below,
     * which at coarse voxels reach below the pedicles into the foramina.
     */
    double[][] pedicleWalls(LevelPlane p, double[] apRun) {
        double[] mid = pedicleBorders(p, apRun);
        if (Double.isInfinite(mid[0])) return null;
        int n = (int) Math.round(AREA_RADIUS / AREA_STEP), back = Math.max(1, (int) Math.round(voxel / AREA_STEP));
        double[][] walls = new double[2 * n][2];
        int j0 = Math.clamp((int) Math.floor((apRun[0] + apRun[1]) / 2 / AREA_STEP) + n, 0, 2 * n - 1);
        for (int side = 0; side < 2; side++) {
            double sigma = side == 0 ? 1 : -1;
            for (int dir : new int[]{1, -1}) {
                List<Double> trace = new ArrayList<>(List.of(sigma * mid[side]));
                boolean open = true;
                for (int j = j0; j >= 0 && j < 2 * n; j += dir) {
                    if (open) {
                        double hit = sampler.crossing(p.point(0, (j - n + 0.5) * AREA_STEP, 0), Vec.add(new double[3], p.lateral(), sigma),
                                POSTERIOR, true, MARCH, AREA_RADIUS);
                        int k = Math.min(back, trace.size());
                        double ref = trace.get(trace.size() - k);
                        if (!Double.isNaN(hit) && hit - ref <= k * AREA_STEP + AREA_STEP) trace.add(hit);
                        else open = false;
                    }
                    walls[j][side] = sigma * trace.getLast();
                }
            }
        }
        return walls;
    }

    /** Range (mm) searched above the body centre for the pedicles' level, and the width tolerance (mm) of the narrowest. */
    static final double PEDICLE_SEARCH = 8, PEDICLE_TOLERANCE = 0.5;

    /**
     * The pedicle plane moved up its normal (0-8 mm above the body centre: the pedicles arise from the upper half of the
     * body) to where the pedicles close the canal most narrowly: the smallest interpedicular width among offsets whose
     * canal AP run is at least 80 % of the centre's (not an endplate), the offset nearest the centre within 0.5 mm of it.
     * At the body centre a plane can pass below the pedicles, through the foramina (the TPTBox L3).
     */
    public LevelPlane pedicleLevel(LevelPlane p) {
        double ap0 = apDiameter(p, BONY_CANAL)[2], min = Double.POSITIVE_INFINITY;
        double[] width = new double[(int) PEDICLE_SEARCH + 1];
        for (int k = 0; k < width.length; k++) {
            double[] run = apDiameter(p.shifted(k), BONY_CANAL), b = pedicleBorders(p.shifted(k), run);
            width[k] = run[2] >= 0.8 * ap0 ? b[0] - b[1] : Double.POSITIVE_INFINITY;
            min = Math.min(min, width[k]);
        }
        if (Double.isInfinite(min)) return p;
        int best = 0;
        while (width[best] > min + PEDICLE_TOLERANCE) best++;
        return p.shifted(best);
    }

    /** Radius (mm) of the in-plane morphological closing that seals the bony ring's gaps. */
    static final double RING_CLOSING = 1.5;
    private static final boolean[] RING = LabelSampler.group(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
            41, 42, 43, 44, 45, 46, 47, 48, 49);

    /**
     * Canal area inside the closed bony ring: the bones and discs of the plane (fraction ≥ 0.5 on the 0.25 mm grid) are
     * closed morphologically (disc of 1.5 mm), which seals gaps narrower than 3 mm between body, pedicles and laminae;
     * the canal is the connected non-bone region around the middle of the canal's AP run, and its area the integral of
     * the canal labels' fraction over it and over the bone within half a voxel of it (the partial-volume rim). Canal labels that the reference masks let run on through such gaps (between
     * the body and the pedicles into the recess openings and foramina, partial-volume voxels) are not counted.
     * {@code mask}, when given ([2n][2n] cells, v rows), receives the region.
     */
    double ringArea(LevelPlane p, double[] apRun, double[][] walls, boolean[][] mask) {
        if (Double.isNaN(apRun[2])) return area(p, BONY_CANAL);
        int n = (int) Math.round(AREA_RADIUS / AREA_STEP), size = 2 * n, r = (int) Math.round(RING_CLOSING / AREA_STEP);
        boolean[][] bone = new boolean[size][size];
        double[][] canal = new double[size][size], ring = new double[size][size];
        for (int j = 0; j < size; j++)
            for (int i = 0; i < size; i++) {
                double[] w = p.point((i - n + 0.5) * AREA_STEP, (j - n + 0.5) * AREA_STEP, 0);
                ring[j][i] = sampler.fraction(w, RING);
                bone[j][i] = ring[j][i] >= 0.5;
                canal[j][i] = sampler.fraction(w, BONY_CANAL);
            }
        boolean[][] closed = erode(dilate(bone, r), r);
        int sj = (int) Math.floor((apRun[0] + apRun[1]) / 2 / AREA_STEP) + n, si = n;
        if (sj < 0 || sj >= size || closed[sj][si]) return area(p, BONY_CANAL);
        boolean[][] region = mask != null ? mask : new boolean[size][size];
        java.util.ArrayDeque<int[]> queue = new java.util.ArrayDeque<>();
        queue.add(new int[]{sj, si});
        region[sj][si] = true;
        while (!queue.isEmpty()) {
            int[] c = queue.poll();
            for (int[] d : new int[][]{{1, 0}, {-1, 0}, {0, 1}, {0, -1}}) {
                int j = c[0] + d[0], i = c[1] + d[1];
                if (j < 0 || i < 0 || j >= size || i >= size || region[j][i] || closed[j][i] || canal[j][i] <= 0) continue;
                region[j][i] = true;
                queue.add(new int[]{j, i});
            }
        }
        // the canal's partial-volume rim inside the bone (half a voxel), but not the cells that only the closing sealed
        boolean[][] rim = dilate(region, (int) Math.ceil(voxel / 2 / AREA_STEP));
        double[][] soft = ct == null ? canal : softTissueFraction(p, region, ring, canal);
        double sum = 0;
        for (int j = 0; j < size; j++)
            for (int i = 0; i < size; i++) {
                if (walls != null && !betweenWalls(walls[j], (i - n + 0.5) * AREA_STEP)) region[j][i] = false;
                else if (region[j][i] || rim[j][i] && bone[j][i]) sum += soft[j][i];
            }
        return sum * AREA_STEP * AREA_STEP;
    }

    static final boolean[] CONTENTS = LabelSampler.group(1);

    /** The CT canal contents ({@link #ctCanalContents}; label 1), or null without a CT. */
    LabelSampler ctContents() { return ctCanal; }
    private static final boolean[] DENSE_SOFT = LabelSampler.group(SpineLabels.LIGAMENTUM_FLAVUM, 10, 11, 12, 13, 14, 15, 16);
    /** Densities (HU): bone (never canal), and the disc / flavum density assumed where the label map has neither next to the canal. */
    static final double BONE_HU = 200, DENSE_SOFT_HU = 80;

    /**
     * The canal contents on the CT (thecal sac and epidural fat; 1 = contents): the voxels of the canal envelope (canal,
     * dural-sac, epidural-fat and flavum labels, and disc voxels next to them) that are lighter than their denser
     * neighbour tissue. A canal-labelled voxel next to bone (a body or posterior-element voxel among the 6 neighbours)
     * counts below the cut-off halfway between the thecal sac S (median of the canal-space voxels between
     * {@link #FAT_HU} and {@link #BONE_HU}) and the bone B (median of those bone neighbours): a partial-volume voxel is
     * kept where it is more canal than bone, as the label map says. Every other voxel of the envelope counts below the
     * cut-off halfway between S and the disc / flavum D (median of the envelope's disc and flavum voxels;
     * {@link #DENSE_SOFT_HU} without any; at least S + {@link #MIN_SOFT_CONTRAST}), on the CT smoothed by a [1 2 1]/4
     * kernel along each axis where the noise is comparable to that contrast (robust SD of the sac voxels above
     * {@link #MIN_SOFT_CONTRAST} / 2: it lowers the noise about fourfold). A bulging disc or a thickened flavum inside the labelled canal is excluded
     * where denser than that; the thecal sac and the epidural fat are not told apart (both below it).
     */
    static LabelMap ctCanalContents(LabelMap labels, Volume ct) {
        org.spinerad.image.Geometry g = labels.geometry();
        Volume lab = labels.volume();
        int n = g.voxelCount(), nx = g.nx(), ny = g.ny(), nxy = nx * ny;
        boolean[] envelope = new boolean[n], nearBone = new boolean[n];
        List<Double> sac = new ArrayList<>(), dense = new ArrayList<>(), bone = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int l = lab.getInt(i);
            if (!CANAL_SPACE[l & 255] && l != SpineLabels.LIGAMENTUM_FLAVUM) continue;
            envelope[i] = true;
            if (CANAL_SPACE[l & 255] && ct.get(i) > FAT_HU && ct.get(i) < BONE_HU) sac.add(ct.get(i));
            int x = i % nx, y = i / nx % ny, z = i / nxy;
            for (int j : new int[]{x > 0 ? i - 1 : i, x < nx - 1 ? i + 1 : i, y > 0 ? i - nx : i, y < ny - 1 ? i + nx : i,
                    z > 0 ? i - nxy : i, z < g.nz() - 1 ? i + nxy : i}) {
                int m = lab.getInt(j) & 255;
                if (DENSE_SOFT[m]) envelope[j] = true;
                if (BONE[m]) { nearBone[i] = true; bone.add(ct.get(j)); }
            }
        }
        for (int i = 0; i < n; i++) if (envelope[i] && DENSE_SOFT[lab.getInt(i) & 255] && ct.get(i) < BONE_HU) dense.add(ct.get(i));
        Volume out = Volume.create(g, org.spinerad.image.DataType.UINT8);
        if (!sac.isEmpty()) {
            double s = median(sac), d = dense.isEmpty() ? DENSE_SOFT_HU : median(dense);
            double softCut = Math.min(BONE_HU, (s + Math.max(d, s + MIN_SOFT_CONTRAST)) / 2);
            double boneCut = bone.isEmpty() ? BONE_HU : (s + Math.max(median(bone), s + MIN_SOFT_CONTRAST)) / 2;
            float[] soft = robustSd(sac) > MIN_SOFT_CONTRAST / 2 ? smoothed(ct) : ct.floats();
            for (int i = 0; i < n; i++) {
                boolean boneSide = nearBone[i] && CANAL_SPACE[lab.getInt(i) & 255];
                if (envelope[i] && (boneSide ? ct.get(i) < boneCut : soft[i] < softCut)) out.set(i, 1);
            }
        }
        return new LabelMap(out, java.util.Map.of(1, "ct_canal_contents"));
    }

    private static final boolean[] BONE = LabelSampler.group(1, 2, 3, 4, 5, 6, 7, 8, 9, 41, 42, 43, 44, 45, 46, 47, 48, 49);

    /** Density below which a canal voxel is epidural fat (HU), left out of the thecal sac's median. */
    static final double FAT_HU = -30;

    /** The CT smoothed by [1 2 1]/4 along each axis (edge voxels repeated). */
    private static float[] smoothed(Volume ct) {
        int[] d = ct.geometry().dims();
        float[] a = ct.floats().clone(), b = new float[a.length]; // floats() may be the CT's own array
        int[] stride = {1, d[0], d[0] * d[1]};
        for (int axis = 0; axis < 3; axis++) {
            for (int i = 0; i < a.length; i++) {
                int c = i / stride[axis] % d[axis];
                b[i] = (a[c > 0 ? i - stride[axis] : i] + 2 * a[i] + a[c < d[axis] - 1 ? i + stride[axis] : i]) / 4;
            }
            float[] t = a; a = b; b = t;
        }
        return a;
    }

    /** Interquartile range / 1.349: the SD of the values' normal core. */
    private static double robustSd(List<Double> x) {
        List<Double> s = new ArrayList<>(x);
        s.sort(null);
        return (s.get((int) (0.75 * (s.size() - 1))) - s.get((int) (0.25 * (s.size() - 1)))) / 1.349;
    }

    /** Least density step (HU) assumed between the canal contents and disc or flavum. */
    static final double MIN_SOFT_CONTRAST = 30;

    private static boolean betweenWalls(double[] wall, double u) { return u <= wall[0] && u >= wall[1]; }

    /** Least density contrast (HU) between the ring's bone and the canal for the CT to be used. */
    static final double MIN_CONTRAST = 100;

    /**
     * The canal's share of each cell from the CT: (B - HU) / (B - S), clamped to 0..1, with S the median density of the
     * canal's core (canal label fraction 1, no bone) and B that of the ring's bone (fraction 1) within one voxel + 2 mm
     * of the region: the partial-volume area of the soft tissue inside the ring, as a linear mix of the two. Falls back
     * to the label fractions where the contrast is below {@link #MIN_CONTRAST}.
     */
    private double[][] softTissueFraction(LevelPlane p, boolean[][] region, double[][] ring, double[][] canal) {
        int size = region.length, n = size / 2;
        boolean[][] near = dilate(region, (int) Math.ceil((voxel + 2) / AREA_STEP));
        double[][] hu = new double[size][size];
        List<Double> core = new ArrayList<>(), bone = new ArrayList<>();
        for (int j = 0; j < size; j++)
            for (int i = 0; i < size; i++) {
                if (!near[j][i]) continue;
                hu[j][i] = StenosisOverlay.ctAt(ct, p.point((i - n + 0.5) * AREA_STEP, (j - n + 0.5) * AREA_STEP, 0));
                if (region[j][i] && canal[j][i] >= 0.999 && ring[j][i] == 0) core.add(hu[j][i]);
                else if (ring[j][i] >= 0.999) bone.add(hu[j][i]);
            }
        if (core.isEmpty() || bone.isEmpty()) return canal;
        double s = median(core), b = median(bone);
        if (b - s < MIN_CONTRAST) return canal;
        double[][] f = new double[size][size];
        for (int j = 0; j < size; j++)
            for (int i = 0; i < size; i++) if (near[j][i]) f[j][i] = Math.clamp((b - hu[j][i]) / (b - s), 0, 1);
        return f;
    }

    private static double median(List<Double> x) {
        x.sort(null);
        return x.size() % 2 == 1 ? x.get(x.size() / 2) : (x.get(x.size() / 2 - 1) + x.get(x.size() / 2)) / 2;
    }

    /** The canal region inside the closed ring of a pedicle plane ({@link #ringArea}), for the overlay. */
    public boolean[][] ringCanal(LevelPlane p) {
        int size = 2 * (int) Math.round(AREA_RADIUS / AREA_STEP);
        boolean[][] mask = new boolean[size][size];
        double[] run = apDiameter(p, BONY_CANAL);
        ringArea(p, run, pedicleWalls(p, run), mask);
        return mask;
    }

    private static boolean[][] dilate(boolean[][] m, int r) { return morph(m, r, true); }

    private static boolean[][] erode(boolean[][] m, int r) { return morph(m, r, false); }

    /** Dilation (any cell of the disc set) or erosion (all cells set) with a disc of radius r cells; outside = unset. */
    private static boolean[][] morph(boolean[][] m, int r, boolean dilation) {
        int size = m.length;
        int[][] prefix = new int[size][size + 1]; // row prefix counts: the set cells of a disc row in O(1)
        for (int j = 0; j < size; j++) for (int i = 0; i < size; i++) prefix[j][i + 1] = prefix[j][i] + (m[j][i] ? 1 : 0);
        boolean[][] out = new boolean[size][size];
        for (int j = 0; j < size; j++)
            for (int i = 0; i < size; i++) {
                boolean result = !dilation;
                for (int dj = -r; dj <= r && result != dilation; dj++) {
                    int h = (int) Math.floor(Math.sqrt(r * r - dj * dj)), y = j + dj, lo = i - h, hi = i + h;
                    if (dilation) {
                        if (y < 0 || y >= size) continue;
                        lo = Math.max(lo, 0); hi = Math.min(hi, size - 1);
                        if (prefix[y][hi + 1] > prefix[y][lo]) result = true;
                    } else if (y < 0 || y >= size || lo < 0 || hi >= size || prefix[y][hi + 1] - prefix[y][lo] < hi - lo + 1) result = false;
                }
                out[j][i] = result;
            }
        return out;
    }

    /**
     * Medial borders {left u, right u} of the pedicles: the first posterior-element crossing marching laterally from the
     * mid-sagittal line at mid-depth of the canal's AP run (or the nearest row within ±3 mm that meets bone on both sides);
     * ±infinity without a pedicle on both sides.
     */
    double[] pedicleBorders(LevelPlane p, double[] apRun) {
        if (!Double.isNaN(apRun[2]))
            for (double dv = 0, mid = (apRun[0] + apRun[1]) / 2; dv <= 3; dv += 0.5)
                for (double v : new double[]{mid + dv, mid - dv}) {
                    double left = sampler.crossing(p.point(0, v, 0), p.lateral(), POSTERIOR, true, MARCH, AREA_RADIUS);
                    double right = sampler.crossing(p.point(0, v, 0), neg(p.lateral()), POSTERIOR, true, MARCH, AREA_RADIUS);
                    if (!Double.isNaN(left) && !Double.isNaN(right)) return new double[]{left, -right};
                }
        return new double[]{Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
    }

    public DiscMeasurement disc(LevelPlane p) {
        boolean[] bodies = LabelSampler.group(p.upper(), p.lower());
        boolean[] anterior = LabelSampler.group(p.upper(), p.lower(), p.disc() > 0 ? p.disc() : SpineLabels.DISC_L1_L2 + levelIndex(p));
        double[][] sums = new double[2][4];
        int[][] counts = new int[2][4];
        double apMean = 0, areaMean = 0, sacMean = 0;
        for (double w : slab) {
            LevelPlane q = p.shifted(w);
            double[] ap = apDiameter(q, CANAL_SPACE);
            apMean += ap[2] / slab.length;
            areaMean += (ctCanal == null ? area(sampler, q, CANAL_SPACE) : area(ctCanal, q, CONTENTS)) / slab.length;
            if (hasSac) sacMean += area(q, SAC) / slab.length;
            for (int side = 0; side < 2 && !Double.isNaN(ap[2]); side++) {
                double[] r = recess(q, side == 0 ? 1 : -1, ap[0], ap[1], anterior);
                for (int k = 0; r != null && k < 4; k++) if (!Double.isNaN(r[k])) { sums[side][k] += r[k]; counts[side][k]++; }
            }
        }
        double[] depth = new double[2], angle = new double[2], medial = new double[2];
        double[][] tips = new double[4][];
        for (int side = 0; side < 2; side++) {
            double[] r = new double[4];
            for (int k = 0; k < 4; k++) r[k] = counts[side][k] == 0 ? Double.NaN : sums[side][k] / counts[side][k];
            medial[side] = r[0]; depth[side] = r[2]; angle[side] = r[3];
            double sigma = side == 0 ? 1 : -1;
            if (!Double.isNaN(r[2])) {
                tips[side] = new double[]{sigma * r[0], r[1]};
                tips[2 + side] = new double[]{sigma * r[0], r[1] - r[2]};
            }
        }
        double height = 0;
        for (double[] o : RAY_OFFSETS) { // several rays average out the staircase of the voxelised endplates
            double[] start = Vec.add(Vec.add(p.centre(), p.lateral(), o[0]), p.posterior(), o[1]);
            height += (sampler.crossing(start, p.normal(), bodies, true, MARCH, 25)
                    + sampler.crossing(start, neg(p.normal()), bodies, true, MARCH, 25)) / RAY_OFFSETS.length;
        }
        double offset = (Double.isNaN(height) ? 7 : height / 2) + 2.5;
        double wallUpper = wallAtDisc(p, p.upper(), offset), wallLower = wallAtDisc(p, p.lower(), -offset);
        // no canal across the mid-sagittal line: the canal was not found at this level, which is not a severe stenosis
        if (Double.isNaN(apMean)) areaMean = Double.NaN;
        return new DiscMeasurement(p.level(), areaMean, hasSac ? sacMean : Double.NaN, apMean,
                medial[0] + medial[1], depth, angle, height, wallUpper - wallLower, tips);
    }

    /**
     * Distance from the canal centre to a body's posterior wall along the plane's anterior direction, sampled at three
     * heights inside the body (from {@code offset} outwards) and extrapolated linearly to the disc plane, so that a
     * slightly oblique plane does not turn into an AP offset.
     */
    private double wallAtDisc(LevelPlane p, int body, double offset) {
        double[] ant = neg(p.posterior()), w = new double[3], d = new double[3];
        boolean[] group = LabelSampler.group(body);
        for (int k = 0; k < 3; k++) {
            w[k] = offset + Math.signum(offset) * 3 * k;
            for (double[] o : RAY_OFFSETS)
                d[k] += sampler.crossing(p.shifted(w[k]).point(o[0], 0, o[1]), ant, group, true, MARCH, 40) / RAY_OFFSETS.length;
        }
        double b = slope(w, d, 3), mw = (w[0] + w[1] + w[2]) / 3, md = (d[0] + d[1] + d[2]) / 3;
        return md - b * mw;
    }

    private static int levelIndex(LevelPlane p) {
        for (int i = 0; i < SpineLabels.LUMBAR.length; i++) if (SpineLabels.LUMBAR[i] == p.upper()) return i;
        return 0;
    }

    /** Integral of the group's fraction over the plane within AREA_RADIUS of the origin (mm²). */
    double area(LevelPlane p, boolean[] group) { return area(sampler, p, group); }

    private static double area(LabelSampler sampler, LevelPlane p, boolean[] group) {
        return area(sampler, p, group, new double[]{AREA_RADIUS, -AREA_RADIUS});
    }

    /** The same between the lateral bounds {left u, right u}; a cell cut by a bound counts with its inner part. */
    double area(LevelPlane p, boolean[] group, double[] bounds) { return area(sampler, p, group, bounds); }

    private static double area(LabelSampler sampler, LevelPlane p, boolean[] group, double[] bounds) {
        double sum = 0;
        int n = (int) Math.round(AREA_RADIUS / AREA_STEP);
        for (int j = -n; j <= n; j++)
            for (int i = -n; i <= n; i++) {
                double u = (i + 0.5) * AREA_STEP, v = (j + 0.5) * AREA_STEP;
                double inside = Math.clamp((Math.min(bounds[0] - u, u - bounds[1])) / AREA_STEP + 0.5, 0, 1);
                if (inside > 0 && u * u + v * v <= AREA_RADIUS * AREA_RADIUS) sum += inside * sampler.fraction(p.point(u, v, 0), group);
            }
        return sum * AREA_STEP * AREA_STEP;
    }

    /** {anterior v, posterior v, length} of the group's run along the mid-sagittal line closest to the origin; NaNs if none. */
    double[] apDiameter(LevelPlane p, boolean[] group) {
        int n = (int) Math.round(AREA_RADIUS / MARCH);
        double[] f = new double[2 * n + 1];
        for (int k = -n; k <= n; k++) f[k + n] = sampler.fraction(p.point(0, k * MARCH, 0), group);
        double bestA = Double.NaN, bestB = Double.NaN, bestDist = Double.POSITIVE_INFINITY;
        for (int k = 0; k < f.length; k++) {
            if (f[k] < 0.5 || k > 0 && f[k - 1] >= 0.5) continue;
            int e = k;
            while (e + 1 < f.length && f[e + 1] >= 0.5) e++;
            double a = (k == 0 ? k : k - 1 + (0.5 - f[k - 1]) / (f[k] - f[k - 1])) * MARCH - AREA_RADIUS;
            double b = (e == f.length - 1 ? e : e + (f[e] - 0.5) / (f[e] - f[e + 1])) * MARCH - AREA_RADIUS;
            double dist = a > 0 ? a : b < 0 ? -b : 0;
            if (dist < bestDist) { bestDist = dist; bestA = a; bestB = b; }
        }
        return new double[]{bestA, bestB, bestB - bestA};
    }

    /**
     * Lateral recess on one side (sigma +1 left, -1 right) between the canal's mid-sagittal limits va..vb:
     * {medial margin |u| of the superior articular process, tip v, recess depth, recess angle}, or null without a facet.
     */
    private double[] recess(LevelPlane p, double sigma, double va, double vb, boolean[] anterior) {
        double[] lat = Vec.add(new double[3], p.lateral(), sigma), ant = neg(p.posterior());
        LabelSampler facet = sap != null ? sap : sampler;
        boolean[] facetGroup = sap != null ? SAP_SIDE[sigma > 0 ? 0 : 1] : superiorProcess(p);
        int rows = (int) Math.floor((vb - va) / AREA_STEP) + 1;
        double[] hit = new double[rows];
        double best = Double.POSITIVE_INFINITY, bestV = Double.NaN;
        for (int r = 0; r < rows; r++) {
            hit[r] = facet.crossing(p.point(0, va + r * AREA_STEP, 0), lat, facetGroup, true, MARCH, 30);
            if (hit[r] < best) best = hit[r];
        }
        for (int r = 0; r < rows && Double.isNaN(bestV); r++) if (hit[r] <= best + 0.3) bestV = va + r * AREA_STEP; // most anterior
        if (Double.isNaN(bestV)) return null;
        double uc = sigma * (best + 0.7);
        double inside = bestV + 1.5; // start well inside the process, past its partial-volume edge
        double up = facet.crossing(p.point(uc, inside, 0), ant, facetGroup, false, MARCH, 15);
        if (Double.isNaN(up)) return null;
        double tipV = inside - up;
        double depth = sampler.crossing(p.point(uc, tipV, 0), ant, anterior, true, MARCH, 25);
        // the SAP's anterior face and the disc border lateral of the tip, until they meet
        double[] fu = new double[40], fv = new double[40], bv = new double[40];
        int m = 0;
        for (int j = 0; j < 40; j++) {
            double u = best + 2.5 + 0.5 * j;
            double face = facet.crossing(p.point(sigma * u, tipV + 3, 0), ant, facetGroup, false, MARCH, 20);
            if (Double.isNaN(face)) break;
            double faceV = tipV + 3 - face;
            double border = sampler.crossing(p.point(sigma * u, faceV, 0), ant, anterior, true, MARCH, 25);
            if (Double.isNaN(border) || border < 0.7) break;
            fu[m] = u; fv[m] = faceV; bv[m] = faceV - border; m++;
        }
        double angle = m < 4 ? Double.NaN : Math.toDegrees(Math.abs(Math.atan(slope(fu, fv, m)) - Math.atan(slope(fu, bv, m))));
        return new double[]{best, tipV, depth, angle};
    }

    /**
     * Without articular-process labels, the superior articular process of a disc plane: the posterior elements of the
     * lower vertebra. At the disc level its lamina and pedicles lie below the plane, so what the plane cuts of it
     * lateral to the canal is the SAP (the anterior half of the facet joint); the upper vertebra's elements there
     * (inferior articular processes, lamina) lie behind it and are not the recess's border. All posterior elements
     * where the lower vertebra's are not labelled separately.
     */
    private boolean[] superiorProcess(LevelPlane p) {
        int lower = SpineLabels.posteriorOf(p.lower());
        return hasLabel[lower] ? LabelSampler.group(lower) : POSTERIOR;
    }

    private static double slope(double[] x, double[] y, int n) {
        double mx = 0, my = 0;
        for (int i = 0; i < n; i++) { mx += x[i] / n; my += y[i] / n; }
        double sxy = 0, sxx = 0;
        for (int i = 0; i < n; i++) { sxy += (x[i] - mx) * (y[i] - my); sxx += (x[i] - mx) * (x[i] - mx); }
        return sxy / sxx;
    }

    private static double[] neg(double[] a) { return new double[]{-a[0], -a[1], -a[2]}; }
}
