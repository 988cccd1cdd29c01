package org.spinerad.stenosis.phantom;

import org.spinerad.image.DataType;
import org.spinerad.image.Geometry;
import org.spinerad.image.LabelMap;
import org.spinerad.image.SpineLabels;
import org.spinerad.image.Volume;
import org.spinerad.stenosis.measure.DiscMeasurement;
import org.spinerad.stenosis.measure.PedicleMeasurement;
import org.spinerad.util.SpineRadException;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A CT phantom of a straight lumbar segment tilted in the scanner, with planted stenosis and its analytic truth.
 * Anatomy is defined in the canal frame (u to the patient's left, v posterior, s superior, millimetres): vertebral bodies
 * (elliptic, flat posterior wall), posterior arches (ring around the canal and spinous process), discs with a flat
 * posterior bulge, superior articular processes of the lower vertebra (flat 2 mm tip, anterior face at the recess
 * angle) and inferior articular processes of the upper one at each disc level, ligamentum flavum, the canal with dural
 * sac and epidural fat. Per disc level: disc height, bulge, facet hypertrophy left/right (tip moves anteriorly and
 * medially), flavum thickening, recess angles; per vertebra a listhesis (anterior shift of the body). The truth of the
 * distances is analytic; areas and AP diameters are integrated from the analytic shapes on a 0.025 mm grid, independent
 * of the voxel grid.
 */
public final class StenosisPhantom {
    static final double BODY_HEIGHT = 25, BODY_SEMI_U = 24, BODY_SEMI_V = 18, BODY_CENTRE_OFFSET = 14;
    static final double ARCH_HALF = 9, FACET_MARGIN = 4, TIP_FLAT = 2, SAP_THICKNESS = 6, TIP_BASE = 7, BULGE_HALF_WIDTH = 20;
    static final double HU_BODY = 250, HU_POSTERIOR = 450, HU_DISC = 90, HU_FLAVUM = 60, HU_SAC = 5, HU_FAT = -90, HU_SOFT = 40;

    /** Planted stenosis of one disc level (mm, degrees); facet hypertrophy and recess angle per side {left, right}. */
    public record LevelParams(double discHeight, double bulge, double[] facet, double flavum, double[] recessAngle) {}

    /**
     * @param vertebrae body labels from top to bottom (consecutive lumbar / S1 levels)
     * @param listhesis anterior shift of each vertebral body (mm)
     * @param discs     one per consecutive pair of vertebrae
     */
    public record Params(int[] vertebrae, double[] listhesis, List<LevelParams> discs, double canalHalfWidth,
                         double canalHalfDepth, double tiltSagittal, double tiltCoronal, double spacing, double noiseSd, long seed) {
        public Params {
            if (vertebrae.length < 2 || listhesis.length != vertebrae.length || discs.size() != vertebrae.length - 1)
                throw new SpineRadException("stenosis phantom: need >= 2 vertebrae, one listhesis per vertebra and one disc per pair");
        }
    }


    private final Params p;
    private final double[] top, discTop, discBottom; // s of each vertebra's top; of each disc's top and bottom
    private final double[] rot; // columns: u, v, s axes in world LPS

    public StenosisPhantom(Params params) {
        this.p = params;
        int n = p.vertebrae().length;
        top = new double[n];
        discTop = new double[n - 1];
        discBottom = new double[n - 1];
        double s = 0;
        for (int k = 0; k < n; k++) {
            top[k] = s;
            s -= BODY_HEIGHT;
            if (k < n - 1) { discTop[k] = s; s -= p.discs().get(k).discHeight(); discBottom[k] = s; }
        }
        double b = Math.toRadians(p.tiltSagittal()), g = Math.toRadians(p.tiltCoronal());
        // local (u, v, s) -> world: rotate about the lateral axis by b, then about the AP axis by g
        double[][] rx = {{1, 0, 0}, {0, Math.cos(b), -Math.sin(b)}, {0, Math.sin(b), Math.cos(b)}};
        double[][] ry = {{Math.cos(g), 0, Math.sin(g)}, {0, 1, 0}, {-Math.sin(g), 0, Math.cos(g)}};
        rot = new double[9];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) for (int k = 0; k < 3; k++) rot[i * 3 + j] += ry[i][k] * rx[k][j];
    }

    /** A random phantom in the parameter range of the cohorts: every level from normal to severe stenosis. */
    public static Params random(long seed, int[] vertebrae, double spacing, double noiseSd) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = vertebrae.length;
        double[] listhesis = new double[n];
        for (int k = 0; k < n; k++) listhesis[k] = r.nextDouble() < 0.3 ? r.nextDouble(0, 4) : 0;
        List<LevelParams> discs = new ArrayList<>();
        for (int k = 0; k < n - 1; k++) {
            double bulge, fl, fr;
            do { bulge = r.nextDouble(0, 4); fl = r.nextDouble(0, 5); fr = r.nextDouble(0, 5); }
            while (TIP_BASE - bulge - Math.max(fl, fr) < 1);
            discs.add(new LevelParams(r.nextDouble(6, 12), bulge, new double[]{fl, fr}, r.nextDouble(0, 5),
                    new double[]{r.nextDouble(30, 60), r.nextDouble(30, 60)}));
        }
        return new Params(vertebrae, listhesis, discs, r.nextDouble(10, 12), r.nextDouble(7, 9), r.nextDouble(-15, 15),
                r.nextDouble(-5, 5), spacing, noiseSd, r.nextLong());
    }

    // ------------------------------------------------------------------ anatomy in the canal frame

    private double vd(int disc) { return -p.canalHalfDepth() - (p.listhesis()[disc] + p.listhesis()[disc + 1]) / 2; }

    private double bulgeAt(int disc, double u) {
        return p.discs().get(disc).bulge() * Math.max(0, Math.min(1, (BULGE_HALF_WIDTH + 4 - Math.abs(u)) / 4));
    }

    private double tipU(int disc, int side) { return 9.5 - 0.6 * p.discs().get(disc).facet()[side]; }

    private double tipV(int disc, int side) { return vd(disc) + TIP_BASE - p.discs().get(disc).facet()[side]; }

    /** The SpineLabels value at canal-frame coordinates. */
    public int label(double u, double v, double s) {
        int n = p.vertebrae().length;
        double c = p.canalHalfDepth(), a = p.canalHalfWidth();
        for (int k = 0; k < n; k++) {
            if (s > top[k] || s < top[k] - BODY_HEIGHT) continue;
            double wall = -c - p.listhesis()[k], dv = (v - wall + BODY_CENTRE_OFFSET) / BODY_SEMI_V, du = u / BODY_SEMI_U;
            if (v <= wall && du * du + dv * dv <= 1) return p.vertebrae()[k];
        }
        for (int d = 0; d < n - 1; d++) {
            if (s > discTop[d] || s < discBottom[d]) continue;
            double base = vd(d), dv = (v - base + BODY_CENTRE_OFFSET) / BODY_SEMI_V, du = u / BODY_SEMI_U;
            if (v <= base && du * du + dv * dv <= 1 || Math.abs(u) <= BULGE_HALF_WIDTH + 4 && v >= base - 2 && v <= base + bulgeAt(d, u))
                return SpineLabels.DISC_L1_L2 + levelIndex(p.vertebrae()[d]);
        }
        int side = u >= 0 ? 0 : 1;
        double au = Math.abs(u);
        for (int d = 0; d < n - 1; d++) {
            if (s > discTop[d] + FACET_MARGIN || s < discBottom[d] - FACET_MARGIN) continue;
            double t = tipU(d, side), tv = tipV(d, side), alpha = Math.toRadians(p.discs().get(d).recessAngle()[side]);
            double face = au <= t + TIP_FLAT ? tv : tv - (au - t - TIP_FLAT) * Math.tan(alpha);
            if (au >= t && au <= t + 12 && v <= tv + SAP_THICKNESS && v >= face && v >= vd(d) + bulgeAt(d, u))
                return SpineLabels.posteriorOf(p.vertebrae()[d + 1]);
            if (au >= t + 1 && au <= t + 13 && v >= tv + SAP_THICKNESS + 0.5 && v <= tv + SAP_THICKNESS + 6)
                return SpineLabels.posteriorOf(p.vertebrae()[d]);
            double front = c - 2 - p.discs().get(d).flavum();
            if (au <= Math.max(tipU(d, 0), tipU(d, 1)) + 2 && v >= front && v <= c + 1.5) return SpineLabels.LIGAMENTUM_FLAVUM;
        }
        for (int k = 0; k < n; k++) {
            double mid = top[k] - BODY_HEIGHT / 2;
            if (Math.abs(s - mid) > ARCH_HALF) continue;
            double iu = u / a, iv = (v + c) / (2 * c), ou = u / (a + 6), ov = (v + c) / (2 * c + 6);
            if (v >= -c && iu * iu + iv * iv > 1 && ou * ou + ov * ov <= 1 || au <= 3 && v >= c && v <= c + 30)
                return SpineLabels.posteriorOf(p.vertebrae()[k]);
        }
        if (s > top[0] || s < top[n - 1] - BODY_HEIGHT) return 0;
        double eu = u / (a + 2), ev = (v + c) / (2 * c + 2);
        if (v >= -c - 6 && eu * eu + ev * ev <= 1) {
            double su = u / (a - 2), sv = v / (c - 1.5);
            return su * su + sv * sv <= 1 ? SpineLabels.DURAL_SAC : SpineLabels.EPIDURAL_FAT;
        }
        return 0;
    }

    private static int levelIndex(int upperBody) {
        for (int i = 0; i < SpineLabels.LUMBAR.length; i++) if (SpineLabels.LUMBAR[i] == upperBody) return i;
        throw new SpineRadException("stenosis phantom: vertebra label " + upperBody + " is not L1-L5 above a disc");
    }

    private static double hu(int label) {
        if (label == 0) return HU_SOFT;
        if (label <= SpineLabels.T12) return HU_BODY;
        if (label >= SpineLabels.DISC_T12_L1 && label <= SpineLabels.DISC_L5_S1) return HU_DISC;
        return switch (label) {
            case SpineLabels.LIGAMENTUM_FLAVUM -> HU_FLAVUM;
            case SpineLabels.DURAL_SAC -> HU_SAC;
            case SpineLabels.EPIDURAL_FAT -> HU_FAT;
            default -> HU_POSTERIOR;
        };
    }

    // ------------------------------------------------------------------ images

    /** CT (HU, int16) and label map on an axis-aligned LPS grid covering the tilted segment. */
    public record Images(Volume ct, LabelMap labels) {}

    public Images render() {
        double c = p.canalHalfDepth(), sp = p.spacing();
        double[] lo = {-45, -c - 40 - 4, top[top.length - 1] - BODY_HEIGHT - 4}, hi = {45, c + 40, top[0] + 4};
        double[] min = {1e9, 1e9, 1e9}, max = {-1e9, -1e9, -1e9};
        for (int corner = 0; corner < 8; corner++) {
            double[] l = {(corner & 1) == 0 ? lo[0] : hi[0], (corner & 2) == 0 ? lo[1] : hi[1], (corner & 4) == 0 ? lo[2] : hi[2]};
            double[] w = toWorld(l);
            for (int i = 0; i < 3; i++) { min[i] = Math.min(min[i], w[i]); max[i] = Math.max(max[i], w[i]); }
        }
        int[] dims = new int[3];
        for (int i = 0; i < 3; i++) dims[i] = (int) Math.ceil((max[i] - min[i]) / sp) + 1;
        Geometry g = new Geometry(dims, new double[]{sp, sp, sp}, min, Geometry.identity());
        Volume ct = Volume.create(g, DataType.INT16), lab = Volume.create(g, DataType.UINT8);
        SplittableRandom noise = new SplittableRandom(p.seed());
        double[] w = new double[3];
        for (int z = 0, i = 0; z < dims[2]; z++)
            for (int y = 0; y < dims[1]; y++)
                for (int x = 0; x < dims[0]; x++, i++) {
                    w[0] = min[0] + x * sp; w[1] = min[1] + y * sp; w[2] = min[2] + z * sp;
                    double u = rot[0] * w[0] + rot[3] * w[1] + rot[6] * w[2];
                    double v = rot[1] * w[0] + rot[4] * w[1] + rot[7] * w[2];
                    double s = rot[2] * w[0] + rot[5] * w[1] + rot[8] * w[2];
                    int l = label(u, v, s);
                    lab.set(i, l);
                    ct.set(i, hu(l) + p.noiseSd() * gaussian(noise));
                }
        return new Images(ct, new LabelMap(lab, SpineLabels.NAMES));
    }

    private static double gaussian(SplittableRandom r) {
        double u1 = 1 - r.nextDouble(), u2 = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    private double[] toWorld(double[] l) {
        return new double[]{rot[0] * l[0] + rot[1] * l[1] + rot[2] * l[2], rot[3] * l[0] + rot[4] * l[1] + rot[5] * l[2],
                rot[6] * l[0] + rot[7] * l[1] + rot[8] * l[2]};
    }

    // ------------------------------------------------------------------ truth

    /** The planted truth of each disc level, top to bottom. */
    public List<DiscMeasurement> discTruth() {
        List<DiscMeasurement> out = new ArrayList<>();
        double c = p.canalHalfDepth();
        for (int d = 0; d < p.discs().size(); d++) {
            LevelParams lp = p.discs().get(d);
            double s = (discTop[d] + discBottom[d]) / 2;
            double[] depth = new double[2], angle = lp.recessAngle().clone();
            for (int side = 0; side < 2; side++) depth[side] = tipV(d, side) - (vd(d) + bulgeAt(d, tipU(d, side)));
            out.add(new DiscMeasurement(SpineLabels.NAMES.get(SpineLabels.DISC_L1_L2 + levelIndex(p.vertebrae()[d])),
                    area(s, SpineLabels.DURAL_SAC, SpineLabels.EPIDURAL_FAT), area(s, SpineLabels.DURAL_SAC),
                    ap(s, SpineLabels.DURAL_SAC, SpineLabels.EPIDURAL_FAT), tipU(d, 0) + tipU(d, 1), depth, angle,
                    lp.discHeight(), p.listhesis()[d] - p.listhesis()[d + 1], null));
        }
        return out;
    }

    /** The truth at the pedicle level (body centre) of each lumbar vertebra, top to bottom. */
    public List<PedicleMeasurement> pedicleTruth() {
        List<PedicleMeasurement> out = new ArrayList<>();
        int[] canal = {SpineLabels.DURAL_SAC, SpineLabels.EPIDURAL_FAT, SpineLabels.LIGAMENTUM_FLAVUM};
        for (int k = 0; k < p.vertebrae().length; k++) {
            if (p.vertebrae()[k] == SpineLabels.S1) continue;
            double s = top[k] - BODY_HEIGHT / 2;
            out.add(new PedicleMeasurement(SpineLabels.NAMES.get(p.vertebrae()[k]), area(s, canal), ap(s, canal)));
        }
        return out;
    }

    public Params params() { return p; }

    /** World direction of the canal axis (superior). */
    public double[] canalAxis() { return toWorld(new double[]{0, 0, 1}); }

    private static final double TRUTH_STEP = 0.025;

    private boolean in(int label, int[] labels) {
        for (int l : labels) if (l == label) return true;
        return false;
    }

    /** Area of the labels in the plane at s, counted on the truth grid over the canal's bounding box. */
    private double area(double s, int... labels) {
        long count = 0;
        double c = p.canalHalfDepth(), uMax = p.canalHalfWidth() + 3;
        int nu = (int) Math.ceil(uMax / TRUTH_STEP), v0 = (int) Math.floor((-c - 8) / TRUTH_STEP), v1 = (int) Math.ceil((c + 4) / TRUTH_STEP);
        for (int j = v0; j < v1; j++)
            for (int i = -nu; i < nu; i++)
                if (in(label((i + 0.5) * TRUTH_STEP, (j + 0.5) * TRUTH_STEP, s), labels)) count++;
        return count * TRUTH_STEP * TRUTH_STEP;
    }

    /** Length of the run of the labels along u = 0 that contains v = 0 (or the nearest one). */
    private double ap(double s, int... labels) {
        double best = Double.NaN, bestDist = Double.POSITIVE_INFINITY;
        int n = (int) Math.round(30 / TRUTH_STEP);
        for (int j = -n; j < n; j++) {
            boolean here = in(label(0, j * TRUTH_STEP, s), labels);
            if (!here || j > -n && in(label(0, (j - 1) * TRUTH_STEP, s), labels)) continue;
            int e = j;
            while (e + 1 < n && in(label(0, (e + 1) * TRUTH_STEP, s), labels)) e++;
            double a = (j - 0.5) * TRUTH_STEP, b = (e + 0.5) * TRUTH_STEP, dist = a > 0 ? a : b < 0 ? -b : 0;
            if (dist < bestDist) { bestDist = dist; best = b - a; }
        }
        return best;
    }
}
