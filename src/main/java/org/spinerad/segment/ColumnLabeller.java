package org.spinerad.segment;

import org.spinerad.image.SpineLabels;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Turns column classes ({@link ColumnClasses}) on a canonical LPS grid (z superior) into SpineRad labels: vertebral
 * bodies are the connected components of the body class (discs separate them), ordered along z; posterior elements
 * go to the body they are reached from first through the posterior class (multi-source breadth-first growth from the
 * bodies); discs are named by the bodies above and below; the canal is the space enclosed by body and posterior
 * elements in each axial slice. Levels are named from anatomy: the sacrum (S1) anchors the vertebra above it as L5;
 * without a sacrum, the lowest vertebra whose body or posterior elements a rib head (the most medial contact of bone outside the
 * column that reaches far laterally) touches is T12.
 * A column with neither anchor is numbered by assumption and a warning says so; rib and sacrum evidence that
 * disagree about the number of lumbar vertebrae is reported as transitional anatomy (L6 / sacralised L5).
 */
public final class ColumnLabeller {
    /** Smallest vertebral body kept (ml); smaller body components are partial-volume debris. */
    static final double MIN_BODY_ML = 1.0, MIN_SACRUM_ML = 5.0;
    /** Bone threshold of rib detection (HU) and how far laterally from the body a rib must reach (mm). */
    static final double RIB_HU = 200, RIB_LATERAL_MM = 55, RIB_MIN_ML = 1.0, RIB_JOINT_GAP_MM = 4;
    /** Wider body components are not vertebral bodies (pelvis, femora); posterior elements lie within this reach of their body. */
    /** Cross-section limits of a vertebral foramen (mm²); other enclosed holes are not the canal. */
    static final boolean DEBUG = Boolean.getBoolean("spinerad.segment.debug");
    static final double MIN_CANAL_MM2 = 20, MAX_CANAL_MM2 = 800;
    static final double MAX_OFF_AXIS_MM = 25, MAX_BODY_WIDTH_MM = 110, MAX_POSTERIOR_REACH_MM = 90;
    /** A body component is split where its axial area drops below this fraction of its median area (a missed disc). */
    static final double SPLIT_AREA_FRACTION = 0.5, MIN_BODY_HEIGHT_MM = 10;

    /**
     * One vertebra found: its label (0 when it has no SpineRad label), name, centroid height above the labelled
     * region's lowest slice (mm), body volume (ml) and whether a rib touches it.
     */
    public record Level(int label, String name, double zMm, double bodyMl, boolean rib) {}

    /** Labels on the grid, the vertebrae from top to bottom, and warnings about naming. */
    public record Labelled(int[] labels, List<Level> levels, List<String> warnings) {}

    private final int nx, ny, nz, nxy;
    private final double[] spacing;

    public ColumnLabeller(int[] dims, double[] spacing) {
        this.nx = dims[0];
        this.ny = dims[1];
        this.nz = dims[2];
        this.nxy = nx * ny;
        this.spacing = spacing.clone();
    }

    private double voxelMl() { return spacing[0] * spacing[1] * spacing[2] / 1000; }

    /** Vertebra names from the top, as SpineRad labels, for index 0 = the top level of the column. */
    static final int[] ORDER = {SpineLabels.T11, SpineLabels.T12, SpineLabels.L1, SpineLabels.L2, SpineLabels.L3,
            SpineLabels.L4, SpineLabels.L5, SpineLabels.L6};

    public Labelled label(int[] classes, float[] hu) {
        List<String> warnings = new ArrayList<>();
        int n = classes.length;
        int[] count = new int[1];
        int[] bodyComp = PostProcess.components(classes, new int[]{nx, ny, nz}, ColumnClasses.BODY, count);
        int[] sCount = new int[1];
        int[] sacrumComp = PostProcess.components(classes, new int[]{nx, ny, nz}, ColumnClasses.SACRUM, sCount);
        long[] sSize = new long[sCount[0] + 1];
        for (int v : sacrumComp) sSize[v]++;
        int sacrum = 0;
        for (int c = 1; c <= sCount[0]; c++) if (sSize[c] * voxelMl() >= MIN_SACRUM_ML && (sacrum == 0 || sSize[c] > sSize[sacrum])) sacrum = c;
        double sacrumTopZ = sacrum > 0 ? sacrumTop(sacrumComp, sacrum) : Double.NaN, sacrumZ = Double.NaN;
        if (sacrum > 0) {
            double sum = 0;
            for (int i = 0; i < n; i++) if (sacrumComp[i] == sacrum) sum += i / nxy;
            sacrumZ = sum / sSize[sacrum];
        }

        int nb = splitMergedBodies(bodyComp, count);
        long[] size = new long[nb + 1];
        double[] zsum = new double[nb + 1];
        int[] xmin = new int[nb + 1], xmax = new int[nb + 1];
        Arrays.fill(xmin, Integer.MAX_VALUE);
        for (int i = 0; i < n; i++) {
            int c = bodyComp[i];
            if (c == 0) continue;
            size[c]++;
            zsum[c] += i / nxy;
            xmin[c] = Math.min(xmin[c], i % nx);
            xmax[c] = Math.max(xmax[c], i % nx);
        }
        double[] cx = new double[nb + 1], cy = new double[nb + 1];
        for (int i = 0; i < n; i++) if (bodyComp[i] > 0) { cx[bodyComp[i]] += i % nx; cy[bodyComp[i]] += (i / nx) % ny; }
        double[] axis = weightedMedianCentre(cx, cy, size);
        List<Integer> bodies = new ArrayList<>();
        for (int c = 1; c <= nb; c++) {
            if (size[c] == 0) continue;
            boolean belowSacrum = sacrum > 0 && zsum[c] / size[c] < sacrumZ;
            boolean tooWide = (xmax[c] - xmin[c] + 1) * spacing[0] > MAX_BODY_WIDTH_MM;
            boolean offAxis = Math.hypot((cx[c] / size[c] - axis[0]) * spacing[0], (cy[c] / size[c] - axis[1]) * spacing[1]) > MAX_OFF_AXIS_MM;
            if (size[c] * voxelMl() >= MIN_BODY_ML && !belowSacrum && !tooWide && !offAxis) bodies.add(c);
        }
        bodies.sort((a, b) -> Double.compare(zsum[b] / size[b], zsum[a] / size[a])); // top first
        int k = bodies.size();
        int[] instanceOf = new int[nb + 1]; // component -> 1-based instance from the top
        for (int i = 0; i < k; i++) instanceOf[bodies.get(i)] = i + 1;
        double[] zc = new double[k];
        for (int i = 0; i < k; i++) zc[i] = zsum[bodies.get(i)] / size[bodies.get(i)];

        int[] inst = new int[n]; // instance id of body and posterior voxels
        for (int i = 0; i < n; i++) if (bodyComp[i] > 0) inst[i] = instanceOf[bodyComp[i]];
        growPosterior(classes, inst);

        boolean[][] ribEvidence = ribLevels(classes, hu, inst, k, sacrumZ);
        boolean[] rib = ribEvidence[0];
        int lowestRib = -1, lowestBeside = -1;
        for (int i = 0; i < k; i++) {
            if (rib[i]) lowestRib = i;
            if (ribEvidence[1][i]) lowestBeside = i;
        }

        int[] name = new int[k]; // SpineRad label per instance (0 = none)
        if (sacrum > 0 && k > 0) {
            int lumbar = lowestRib >= 0 ? k - 1 - lowestRib : -1;
            boolean l6 = lumbar == 6;
            for (int i = 0; i < k; i++) name[i] = byIndex(ORDER.length - (l6 ? 1 : 2) - (k - 1 - i));
            if (l6) warnings.add("transitional anatomy: six rib-free lumbar vertebrae above the sacrum (lowest named L6)");
            else if (lumbar >= 0 && lumbar < 5)
                warnings.add("transitional anatomy: only " + lumbar + " rib-free lumbar vertebrae above the sacrum (sacralised L5 or "
                        + "lumbar ribs); levels named upward from the sacrum");
        } else if (lowestRib >= 0) {
            for (int i = 0; i < k; i++) name[i] = byIndex(1 + i - lowestRib);
        } else if (lowestBeside >= 0) {
            for (int i = 0; i < k; i++) name[i] = byIndex(1 + i - lowestBeside);
            rib = ribEvidence[1];
            warnings.add("ribs beside the column but no rib head in the field of view: the lowest vertebra with ribs on both "
                    + "sides is named T12 (it may be a higher thoracic vertebra); no lumbar name is given to it or above it");
        } else if (k > 0) {
            for (int i = 0; i < k; i++) name[i] = byIndex(ORDER.length - 2 - (k - 1 - i));
            warnings.add("no sacrum and no ribs in the field of view: the " + k + " vertebrae found are numbered assuming the "
                    + "lowest is L5; the level names are uncertain");
        }
        if (k == 0) warnings.add("no vertebral body found");

        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            if (inst[i] > 0) {
                int body = name[inst[i] - 1];
                if (body != 0) labels[i] = classes[i] == ColumnClasses.BODY ? body : SpineLabels.posteriorOf(body);
            } else if (sacrum > 0 && sacrumComp[i] == sacrum) labels[i] = SpineLabels.S1;
        }
        nameDiscs(classes, labels, zc, name, sacrumTopZ);
        addCanal(labels);

        List<Level> levels = new ArrayList<>();
        for (int i = 0; i < k; i++)
            levels.add(new Level(name[i], name[i] == 0 ? "vertebra " + (i + 1) : SpineLabels.NAMES.get(name[i]),
                    zc[i] * spacing[2], size[bodies.get(i)] * voxelMl(), rib[i]));
        if (sacrum > 0) levels.add(new Level(SpineLabels.S1, "S1", sacrumTopZ * spacing[2], sSize[sacrum] * voxelMl(), false));
        boolean lumbarMissing = false;
        for (int l : SpineLabels.LUMBAR) lumbarMissing |= Arrays.stream(name).noneMatch(v -> v == l);
        if (lumbarMissing && k > 0)
            warnings.add("levels found: " + String.join(", ", levels.stream().map(Level::name).toList())
                    + String.format(Locale.ROOT, " (anchored by %s)", sacrum > 0 ? "the sacrum" : lowestRib >= 0 ? "the ribs of T12" : lowestBeside >= 0 ? "ribs beside the column" : "nothing"));
        return new Labelled(labels, levels, warnings);
    }

    /**
     * Splits body components at axial slices where their area drops below {@value #SPLIT_AREA_FRACTION} of the
     * component's median area (a disc the network missed), keeping parts at least {@value #MIN_BODY_HEIGHT_MM} mm
     * high. Renumbers {@code comp} in place and returns the new number of components.
     */
    int splitMergedBodies(int[] comp, int[] count) {
        int nc = count[0];
        int[][] area = new int[nc + 1][nz];
        for (int i = 0; i < comp.length; i++) if (comp[i] > 0) area[comp[i]][i / nxy]++;
        int minSlices = (int) Math.ceil(MIN_BODY_HEIGHT_MM / spacing[2]);
        int[][] partOf = new int[nc + 1][];
        int next = 0;
        for (int c = 1; c <= nc; c++) {
            int lo = 0, hi = nz - 1;
            while (lo < nz && area[c][lo] == 0) lo++;
            while (hi >= 0 && area[c][hi] == 0) hi--;
            partOf[c] = new int[nz];
            if (lo > hi) continue;
            int[] sorted = Arrays.copyOfRange(area[c], lo, hi + 1);
            Arrays.sort(sorted);
            double threshold = SPLIT_AREA_FRACTION * sorted[sorted.length / 2];
            int part = ++next, start = lo;
            for (int z = lo; z <= hi; z++) {
                boolean cut = area[c][z] < threshold && z - start >= minSlices && hi - z >= minSlices
                        && (z == lo || area[c][z] <= area[c][z - 1]) && (z == hi || area[c][z] <= area[c][z + 1]);
                if (cut) { part = ++next; start = z; }
                partOf[c][z] = part;
            }
        }
        for (int i = 0; i < comp.length; i++) if (comp[i] > 0) comp[i] = partOf[comp[i]][i / nxy];
        return next;
    }

    /** Voxel-weighted median (x, y) of the component centroids: the column axis, robust to a few stray components. */
    static double[] weightedMedianCentre(double[] sx, double[] sy, long[] size) {
        double[] out = new double[2];
        for (int a = 0; a < 2; a++) {
            double[] s = a == 0 ? sx : sy;
            List<double[]> v = new ArrayList<>();
            long total = 0;
            for (int c = 1; c < size.length; c++) if (size[c] > 0) { v.add(new double[]{s[c] / size[c], size[c]}); total += size[c]; }
            v.sort((p, q) -> Double.compare(p[0], q[0]));
            long acc = 0;
            for (double[] e : v) {
                acc += (long) e[1];
                if (2 * acc >= total) { out[a] = e[0]; break; }
            }
        }
        return out;
    }

    private static int byIndex(int i) { return i >= 0 && i < ORDER.length ? ORDER[i] : 0; }

    /** Posterior-class voxels take the instance of the nearest body through the posterior class (26-connected BFS). */
    private void growPosterior(int[] classes, int[] inst) {
        int[] queue = new int[classes.length];
        short[] steps = new short[classes.length];
        int maxSteps = (int) Math.ceil(MAX_POSTERIOR_REACH_MM / Math.min(spacing[0], Math.min(spacing[1], spacing[2])));
        int head = 0, tail = 0;
        for (int i = 0; i < inst.length; i++) if (inst[i] > 0) queue[tail++] = i;
        while (head < tail) {
            int v = queue[head++];
            if (steps[v] >= maxSteps) continue;
            int x = v % nx, y = (v / nx) % ny, z = v / nxy;
            for (int dz = -1; dz <= 1; dz++)
                for (int dy = -1; dy <= 1; dy++)
                    for (int dx = -1; dx <= 1; dx++) {
                        int xx = x + dx, yy = y + dy, zz = z + dz;
                        if (xx < 0 || yy < 0 || zz < 0 || xx >= nx || yy >= ny || zz >= nz) continue;
                        int u = xx + nx * yy + nxy * zz;
                        if (inst[u] == 0 && classes[u] == ColumnClasses.POSTERIOR) {
                            inst[u] = inst[v];
                            steps[u] = (short) (steps[v] + 1);
                            queue[tail++] = u;
                        }
                    }
        }
    }

    /**
     * Levels touched by a rib: a component of bone (≥ {@value #RIB_HU} HU) outside the column that reaches at least
     * {@value #RIB_LATERAL_MM} mm laterally from the column's midline, does not reach below the sacrum's centre
     * (pelvis) and touches a vertebra; it belongs to the level of its most medial contact (the rib head). Bone that
     * touches a vertebra but stays within that reach is the part of the vertebra the network missed: it joins its
     * level before rib heads are looked for, so that a rib articulating with it still counts. A level whose own
     * posterior elements reach that far laterally (a rib taken for posterior elements; lumbar transverse processes
     * are shorter) counts too.
     */
    private boolean[][] ribLevels(int[] classes, float[] hu, int[] inst, int k, double sacrumZ) {
        boolean[] rib = new boolean[k];
        if (k == 0) return new boolean[][]{rib, rib};
        int[] bone = new int[classes.length];
        double midX = 0;
        long nInst = 0;
        for (int i = 0; i < classes.length; i++) {
            if (inst[i] > 0) { midX += i % nx; nInst++; }
            boolean column = classes[i] == ColumnClasses.BODY || classes[i] == ColumnClasses.POSTERIOR
                    || classes[i] == ColumnClasses.SACRUM || classes[i] == ColumnClasses.DISC;
            boolean strayPosterior = classes[i] == ColumnClasses.POSTERIOR && inst[i] == 0; // beyond a body's reach
            bone[i] = (!column || strayPosterior) && hu[i] >= RIB_HU ? 1 : 0;
        }
        midX /= nInst;
        int[] count = new int[1];
        int[] comp = PostProcess.components(bone, new int[]{nx, ny, nz}, 1, count);
        int nc = count[0];
        Contacts first = contacts(comp, nc, inst, k, midX, sacrumZ);
        int[] extended = inst.clone();
        for (int i = 0; i < comp.length; i++) {
            int c = comp[i];
            if (c > 0 && first.touches[c] != null && first.reach[c] >= 0 && first.reach[c] < RIB_LATERAL_MM)
                extended[i] = first.mostTouched(c);
        }
        Contacts contact = contacts(comp, nc, extended, k, midX, sacrumZ);
        double[] levelReach = new double[k + 1];
        for (int i = 0; i < inst.length; i++)
            if (inst[i] > 0 && classes[i] == ColumnClasses.POSTERIOR)
                levelReach[inst[i]] = Math.max(levelReach[inst[i]], Math.abs(i % nx - midX) * spacing[0]);
        for (int l = 1; l <= k; l++) {
            if (levelReach[l] >= RIB_LATERAL_MM) rib[l - 1] = true; // ribs the network took for posterior elements
            if (DEBUG) System.err.printf(Locale.ROOT, "level %d: posterior elements reach %.0f mm laterally%n", l, levelReach[l]);
        }
        for (int c = 1; c <= nc; c++) {
            if (DEBUG && contact.size[c] * voxelMl() >= 0.2) System.err.printf(Locale.ROOT, "bone component %d: %.2f ml, reach %.0f mm, head at level %d, touches %s%n",
                    c, contact.size[c] * voxelMl(), contact.reach[c], contact.headLevel[c], Arrays.toString(contact.touches[c]));
            if (contact.touches[c] == null || contact.reach[c] < RIB_LATERAL_MM || contact.size[c] * voxelMl() < RIB_MIN_ML) continue;
            rib[contact.headLevel[c] - 1] = true; // the rib head (most medial contact) articulates with its own vertebra
        }
        return new boolean[][]{rib, ribsBeside(comp, nc, contact, extended, k, midX)};
    }

    /**
     * Levels with a rib on each side that does not reach the column (its head lies outside the field of view): a bone
     * component that reaches {@value #RIB_LATERAL_MM} mm laterally, overlaps the level's height and descends laterally
     * (the lower ribs slope caudally from their heads, while the iliac crest rises from the sacroiliac joint to its
     * highest point laterally, so the pelvis is not taken for ribs).
     */
    private boolean[] ribsBeside(int[] comp, int nc, Contacts contact, int[] inst, int k, double midX) {
        int[] zlo = new int[k + 1], zhi = new int[k + 1];
        Arrays.fill(zlo, Integer.MAX_VALUE);
        Arrays.fill(zhi, -1);
        for (int i = 0; i < inst.length; i++)
            if (inst[i] > 0) { zlo[inst[i]] = Math.min(zlo[inst[i]], i / nxy); zhi[inst[i]] = Math.max(zhi[inst[i]], i / nxy); }
        int[] czlo = new int[nc + 1], czhi = new int[nc + 1];
        Arrays.fill(czlo, Integer.MAX_VALUE);
        Arrays.fill(czhi, -1);
        double[] sd = new double[nc + 1], sz = new double[nc + 1], sdz = new double[nc + 1], sdd = new double[nc + 1], sx = new double[nc + 1];
        for (int i = 0; i < comp.length; i++) {
            int c = comp[i];
            if (c == 0 || inst[i] != 0) continue;
            int z = i / nxy;
            double d = Math.abs(i % nx - midX) * spacing[0];
            czlo[c] = Math.min(czlo[c], z);
            czhi[c] = Math.max(czhi[c], z);
            sd[c] += d; sz[c] += z; sdz[c] += d * z; sdd[c] += d * d; sx[c] += i % nx - midX;
        }
        boolean[] beside = new boolean[k];
        for (int l = 1; l <= k; l++) {
            boolean left = false, right = false;
            for (int c = 1; c <= nc; c++) {
                long n = contact.size[c];
                if (n == 0 || contact.touches[c] != null || contact.reach[c] < RIB_LATERAL_MM || n * voxelMl() < RIB_MIN_ML) continue;
                if (czhi[c] < zlo[l] || czlo[c] > zhi[l]) continue;
                double slope = (sdz[c] - sd[c] * sz[c] / n) / Math.max(1e-9, sdd[c] - sd[c] * sd[c] / n); // z per mm laterally
                if (DEBUG) System.err.printf(Locale.ROOT, "level %d: rib candidate %d, %.2f ml, reach %.0f mm, side %s, slope %.3f slices/mm%n",
                        l, c, n * voxelMl(), contact.reach[c], sx[c] > 0 ? "left" : "right", slope);
                if (slope >= 0) continue;
                if (sx[c] > 0) left = true; else right = true;
            }
            beside[l - 1] = left && right;
        }
        return beside;
    }

    /** Per bone component: size, lateral reach (−∞ below the sacrum's centre), contacts per level and the most medial contact. */
    private record Contacts(long[] size, double[] reach, int[][] touches, double[] headDistance, int[] headLevel) {
        int mostTouched(int c) {
            int best = 1;
            for (int l = 1; l < touches[c].length; l++) if (touches[c][l] > touches[c][best]) best = l;
            return best;
        }
    }

    private Contacts contacts(int[] comp, int nc, int[] inst, int k, double midX, double sacrumZ) {
        long[] size = new long[nc + 1];
        double[] reach = new double[nc + 1];
        int[] near = nearLevels(inst, (int) Math.ceil(RIB_JOINT_GAP_MM / Math.min(spacing[0], spacing[1])));
        int[][] touches = new int[nc + 1][];
        double[] headDistance = new double[nc + 1];
        int[] headLevel = new int[nc + 1];
        Arrays.fill(headDistance, Double.MAX_VALUE);
        for (int i = 0; i < comp.length; i++) {
            int c = comp[i];
            if (c == 0 || inst[i] != 0) continue;
            size[c]++;
            if (reach[c] != Double.NEGATIVE_INFINITY) reach[c] = Math.max(reach[c], Math.abs(i % nx - midX) * spacing[0]);
            if (i / nxy < sacrumZ) reach[c] = Double.NEGATIVE_INFINITY; // reaches below the sacrum's centre: pelvis, not a rib
            int x = i % nx, y = (i / nx) % ny, z = i / nxy;
            for (int d = 0; d < 6; d++) {
                int xx = x + (d == 0 ? 1 : d == 1 ? -1 : 0), yy = y + (d == 2 ? 1 : d == 3 ? -1 : 0), zz = z + (d == 4 ? 1 : d == 5 ? -1 : 0);
                if (xx < 0 || yy < 0 || zz < 0 || xx >= nx || yy >= ny || zz >= nz) continue;
                int lvl = near[xx + nx * yy + nxy * zz];
                if (lvl == 0) continue;
                if (touches[c] == null) touches[c] = new int[k + 1];
                touches[c][lvl]++;
                double medial = Math.abs(x - midX) * spacing[0];
                if (medial < headDistance[c]) { headDistance[c] = medial; headLevel[c] = lvl; }
            }
        }
        return new Contacts(size, reach, touches, headDistance, headLevel);
    }

    /** Instance ids spread into unlabelled voxels by {@code r} in-plane steps (joint spaces between rib and vertebra). */
    private int[] nearLevels(int[] inst, int r) {
        int[] cur = inst.clone();
        for (int it = 0; it < r; it++) {
            int[] next = cur.clone();
            for (int i = 0; i < cur.length; i++) {
                if (cur[i] != 0) continue;
                int x = i % nx, y = (i / nx) % ny;
                if (x > 0 && cur[i - 1] != 0) next[i] = cur[i - 1];
                else if (x < nx - 1 && cur[i + 1] != 0) next[i] = cur[i + 1];
                else if (y > 0 && cur[i - nx] != 0) next[i] = cur[i - nx];
                else if (y < ny - 1 && cur[i + nx] != 0) next[i] = cur[i + nx];
            }
            cur = next;
        }
        return cur;
    }

    private double sacrumTop(int[] comp, int c) {
        for (int z = nz - 1; z >= 0; z--)
            for (int i = z * nxy; i < (z + 1) * nxy; i++) if (comp[i] == c) return z;
        return Double.NaN;
    }

    /** Disc voxels get the disc label between the nearest named bodies above and below their z (or the sacrum below). */
    private void nameDiscs(int[] classes, int[] labels, double[] zc, int[] name, double sacrumTopZ) {
        for (int i = 0; i < classes.length; i++) {
            if (classes[i] != ColumnClasses.DISC || labels[i] != 0) continue;
            double z = i / nxy;
            int above = -1;
            for (int j = 0; j < zc.length; j++) if (zc[j] > z) above = j; // zc descends
            if (above < 0) continue;
            boolean bodyBelow = above + 1 < zc.length || (!Double.isNaN(sacrumTopZ) && sacrumTopZ < z + 3);
            if (!bodyBelow) continue;
            int disc = discBelow(name[above]);
            if (disc != 0) labels[i] = disc;
        }
    }

    /** The disc below a vertebra: T12-L1 = 10, L1-L2 = 11 ... L5-S1 = 15; none for the others. */
    static int discBelow(int body) {
        if (body == SpineLabels.T12) return SpineLabels.DISC_T12_L1;
        if (body >= SpineLabels.L1 && body <= SpineLabels.L5) return SpineLabels.DISC_T12_L1 + body;
        return 0;
    }

    /**
     * Canal: per axial slice, the holes of the labelled vertebrae (background not reachable from the slice border,
     * 4-connected) that touch posterior elements, so holes inside a body are not mistaken for the foramen.
     */
    private void addCanal(int[] labels) {
        int[] hole = new int[nxy], queue = new int[nxy];
        for (int z = 0; z < nz; z++) {
            int base = z * nxy;
            Arrays.fill(hole, 0);
            int tail = flood(labels, base, hole, queue, -1, true);
            for (int v = 0; v < nxy; v++) {
                if (hole[v] != 0 || labels[base + v] != 0) continue;
                hole[v] = 2; // one hole: mark it, then keep it if any voxel touches posterior elements
                queue[0] = v;
                tail = flood(labels, base, hole, queue, 2, false);
                double areaMm2 = tail * spacing[0] * spacing[1];
                boolean foramen = false;
                if (areaMm2 >= MIN_CANAL_MM2 && areaMm2 <= MAX_CANAL_MM2)
                    for (int q = 0; q < tail && !foramen; q++) foramen = touchesPosterior(labels, base, queue[q]);
                for (int q = 0; q < tail; q++) {
                    hole[queue[q]] = 3;
                    if (foramen) labels[base + queue[q]] = SpineLabels.CANAL;
                }
            }
        }
    }

    /** 4-connected flood of unlabelled voxels of a slice, from the border (seedBorder) or from queue[0]. */
    private int flood(int[] labels, int base, int[] mark, int[] queue, int value, boolean seedBorder) {
        int head = 0, tail = 0;
        if (seedBorder) {
            for (int y = 0; y < ny; y++)
                for (int x = 0; x < nx; x++)
                    if ((x == 0 || y == 0 || x == nx - 1 || y == ny - 1) && labels[base + x + nx * y] == 0) {
                        mark[x + nx * y] = value;
                        queue[tail++] = x + nx * y;
                    }
        } else tail = 1;
        while (head < tail) {
            int v = queue[head++];
            int x = v % nx, y = v / nx;
            for (int u : new int[]{x > 0 ? v - 1 : -1, x < nx - 1 ? v + 1 : -1, y > 0 ? v - nx : -1, y < ny - 1 ? v + nx : -1})
                if (u >= 0 && mark[u] == 0 && labels[base + u] == 0) { mark[u] = value; queue[tail++] = u; }
        }
        return tail;
    }

    private boolean touchesPosterior(int[] labels, int base, int v) {
        int x = v % nx, y = v / nx;
        for (int u : new int[]{x > 0 ? v - 1 : -1, x < nx - 1 ? v + 1 : -1, y > 0 ? v - nx : -1, y < ny - 1 ? v + nx : -1})
            if (u >= 0 && labels[base + u] > SpineLabels.POSTERIOR_OFFSET && labels[base + u] < SpineLabels.OTHER_BONE) return true;
        return false;
    }
}
