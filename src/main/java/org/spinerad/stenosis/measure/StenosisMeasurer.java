package org.spinerad.stenosis.measure;

import org.spinerad.image.LabelMap;
import org.spinerad.image.SpineLabels;
import org.spinerad.stenosis.geometry.LabelSampler;
import org.spinerad.stenosis.geometry.LevelPlane;
import org.spinerad.stenosis.geometry.Localizer;
import org.spinerad.stenosis.geometry.Vec;

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
    private final boolean hasSac;
    /** Plane offsets (mm, +-1 voxel) whose mean removes most of the staircase of voxelised boundaries from areas and distances. */
    private final double[] slab;

    public StenosisMeasurer(LabelMap labels) {
        sampler = new LabelSampler(labels);
        hasSac = labels.presentLabels().contains(SpineLabels.DURAL_SAC);
        double h = 0;
        for (double sp : labels.geometry().spacing()) h = Math.max(h, sp);
        slab = new double[9];
        for (int k = 0; k < slab.length; k++) slab[k] = (k - 4) * h / 4;
    }

    /**
     * Bony canal area and AP diameter at the pedicle level. The canal is closed laterally by the pedicles' medial borders
     * ({@link #pedicleBorders}): what the canal labels hold lateral of them (lateral recess openings, foramina and
     * partial-volume tissue that the reference masks leave unlabelled) is not counted.
     */
    public PedicleMeasurement pedicle(LevelPlane p) {
        double area = 0, ap = 0;
        for (double w : slab) {
            LevelPlane q = p.shifted(w);
            double[] run = apDiameter(q, BONY_CANAL);
            area += area(q, BONY_CANAL, pedicleBorders(q, run)) / slab.length;
            ap += run[2] / slab.length;
        }
        return new PedicleMeasurement(p.level(), area, ap);
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

    /** {@link #pedicleBorders(LevelPlane, double[])} of the plane itself (for the overlay). */
    public double[] pedicleBorders(LevelPlane p) { return pedicleBorders(p, apDiameter(p, BONY_CANAL)); }

    /**
     * Medial borders {left u, right u} of the pedicles: the first posterior-element crossing marching laterally from the
     * mid-sagittal line at mid-depth of the canal's AP run (or the nearest row within ±3 mm that meets bone on both sides);
     * ±infinity on a side without a pedicle in the plane.
     */
    double[] pedicleBorders(LevelPlane p, double[] apRun) {
        double[] b = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        if (Double.isNaN(apRun[2])) return b;
        double mid = (apRun[0] + apRun[1]) / 2;
        for (double dv = 0; dv <= 3; dv += 0.5)
            for (double v : new double[]{mid + dv, mid - dv}) {
                double left = sampler.crossing(p.point(0, v, 0), p.lateral(), POSTERIOR, true, MARCH, AREA_RADIUS);
                double right = sampler.crossing(p.point(0, v, 0), neg(p.lateral()), POSTERIOR, true, MARCH, AREA_RADIUS);
                if (!Double.isNaN(left) && !Double.isNaN(right)) return new double[]{left, -right};
            }
        return b;
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
            areaMean += area(q, CANAL_SPACE) / slab.length;
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
    double area(LevelPlane p, boolean[] group) { return area(p, group, new double[]{AREA_RADIUS, -AREA_RADIUS}); }

    /** The same between the lateral bounds {left u, right u}; a cell cut by a bound counts with its inner part. */
    double area(LevelPlane p, boolean[] group, double[] bounds) {
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
        int rows = (int) Math.floor((vb - va) / AREA_STEP) + 1;
        double[] hit = new double[rows];
        double best = Double.POSITIVE_INFINITY, bestV = Double.NaN;
        for (int r = 0; r < rows; r++) {
            hit[r] = sampler.crossing(p.point(0, va + r * AREA_STEP, 0), lat, POSTERIOR, true, MARCH, 30);
            if (hit[r] < best) best = hit[r];
        }
        for (int r = 0; r < rows && Double.isNaN(bestV); r++) if (hit[r] <= best + 0.3) bestV = va + r * AREA_STEP; // most anterior
        if (Double.isNaN(bestV)) return null;
        double uc = sigma * (best + 0.7);
        double inside = bestV + 1.5; // start well inside the process, past its partial-volume edge
        double up = sampler.crossing(p.point(uc, inside, 0), ant, POSTERIOR, false, MARCH, 15);
        if (Double.isNaN(up)) return null;
        double tipV = inside - up;
        double depth = sampler.crossing(p.point(uc, tipV, 0), ant, anterior, true, MARCH, 25);
        // the SAP's anterior face and the disc border lateral of the tip, until they meet
        double[] fu = new double[40], fv = new double[40], bv = new double[40];
        int m = 0;
        for (int j = 0; j < 40; j++) {
            double u = best + 2.5 + 0.5 * j;
            double face = sampler.crossing(p.point(sigma * u, tipV + 3, 0), ant, POSTERIOR, false, MARCH, 20);
            if (Double.isNaN(face)) break;
            double faceV = tipV + 3 - face;
            double border = sampler.crossing(p.point(sigma * u, faceV, 0), ant, anterior, true, MARCH, 25);
            if (Double.isNaN(border) || border < 0.7) break;
            fu[m] = u; fv[m] = faceV; bv[m] = faceV - border; m++;
        }
        double angle = m < 4 ? Double.NaN : Math.toDegrees(Math.abs(Math.atan(slope(fu, fv, m)) - Math.atan(slope(fu, bv, m))));
        return new double[]{best, tipV, depth, angle};
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
