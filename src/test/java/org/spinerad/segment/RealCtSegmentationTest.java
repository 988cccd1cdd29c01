package org.spinerad.segment;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spinerad.image.Geometry;
import org.spinerad.image.LabelMap;
import org.spinerad.image.SpineLabels;
import org.spinerad.image.Volume;
import org.spinerad.io.VolumeIO;
import org.spinerad.util.Progress;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The shipped column model on the real CTs of ../shared/data against their reference masks (TotalSegmentator's
 * vertebrae and body/disc masks of example_ct, TPTBox's vertebra and sub-region masks, the thoracic DICOM series).
 * The thresholds are what the shipped model reaches (see docs/segmentation.md for the gap to the targets);
 * example_ct is one of its training cases, the leave-one-out figures are in the model manifest.
 */
class RealCtSegmentationTest {
    static final Path DATA = Path.of("../shared/data");
    static final Path MODEL = Path.of(Segmenter.DEFAULT_MODEL);
    /** totalseg.nii.gz vertebra values of L1..L5. */
    static final int[] TOTALSEG_LUMBAR = {31, 30, 29, 28, 27};

    /** What the shipped model reaches (measured; the issue asks for 0.85 body Dice, 0.80 whole vertebra, 5 % outside). */
    static final double EXAMPLE_CT_MIN_BODY_DICE = 0.93, EXAMPLE_CT_MIN_WHOLE_DICE = 0.86, EXAMPLE_CT_MAX_OUTSIDE = 0.05,
            TPTBOX_MIN_MATCHED_BODY_DICE = 0.90, OBLIQUE_MIN_LABELLED_AGREEMENT = 0.80, IN_PLANE_MIN_LABELLED_AGREEMENT = 0.86, DICOM_MIN_WHOLE_DICE = 0.50,
            DICOM_MIN_PRECISION = 0.75;

    static Segmenter seg;

    @BeforeAll
    static void load() {
        assertTrue(Files.isDirectory(DATA.resolve("totalsegmentator")), "shared reference data missing: " + DATA.toAbsolutePath());
        seg = Segmenter.load(MODEL);
    }

    static int[] ints(Volume v) {
        int[] a = new int[v.size()];
        for (int i = 0; i < a.length; i++) a[i] = v.getInt(i);
        return a;
    }

    static double dice(int[] pred, int predLabel, int[] ref, int refLabel) {
        long a = 0, b = 0, both = 0;
        for (int i = 0; i < pred.length; i++) {
            boolean x = pred[i] == predLabel, y = ref[i] == refLabel;
            if (x) a++;
            if (y) b++;
            if (x && y) both++;
        }
        return a + b == 0 ? 1 : 2.0 * both / (a + b);
    }

    static boolean isVertebra(int label) {
        return label >= SpineLabels.L1 && label <= SpineLabels.L6
                || label > SpineLabels.POSTERIOR_OFFSET && label <= SpineLabels.POSTERIOR_OFFSET + SpineLabels.L6;
    }

    static int[] segment(Volume ct) {
        ColumnSegmenter.Result r = seg.segmentWithReport(ct, Progress.NONE);
        assertNull(r.labels().geometry().mismatch(ct.geometry(), 1e-6), "labels on the input grid");
        System.out.println("levels " + r.levels() + "\nwarnings " + r.warnings());
        return ints(r.labels().volume());
    }

    private static int[] exampleCtLabels;

    /** example_ct as stored (RAS), segmented once for the Dice and the orientation tests. */
    static synchronized int[] exampleCtLabels() {
        if (exampleCtLabels == null) exampleCtLabels = segment(VolumeIO.read(DATA.resolve("totalsegmentator/example_ct.nii.gz")));
        return exampleCtLabels;
    }

    @Test
    void exampleCtLumbarBodiesVertebraeAndVolumeOutside() {
        Path ts = DATA.resolve("totalsegmentator");
        int[] vert = ints(VolumeIO.read(ts.resolve("spine_report/totalseg.nii.gz")));
        int[] bodyMask = ints(VolumeIO.read(ts.resolve("spine_report/totalseg_vertebrae_body.nii.gz")));
        int[] pred = exampleCtLabels();
        int[] refBody = new int[vert.length], predWhole = new int[vert.length];
        long predicted = 0, outside = 0;
        for (int i = 0; i < vert.length; i++) {
            refBody[i] = bodyMask[i] == 1 ? vert[i] : 0;
            int p = pred[i];
            predWhole[i] = p > SpineLabels.POSTERIOR_OFFSET && p < SpineLabels.OTHER_BONE ? p - SpineLabels.POSTERIOR_OFFSET : p;
            if (isVertebra(p) || p == SpineLabels.S1) {
                predicted++;
                if (vert[i] < 26 || vert[i] > 33) outside++;
            }
        }
        StringBuilder report = new StringBuilder();
        double minBody = 1, minWhole = 1;
        for (int k = 0; k < 5; k++) {
            double body = dice(pred, SpineLabels.LUMBAR[k], refBody, TOTALSEG_LUMBAR[k]);
            double whole = dice(predWhole, SpineLabels.LUMBAR[k], vert, TOTALSEG_LUMBAR[k]);
            minBody = Math.min(minBody, body);
            minWhole = Math.min(minWhole, whole);
            report.append(String.format(Locale.ROOT, "L%d body %.3f whole %.3f; ", k + 1, body, whole));
        }
        double outsideFraction = (double) outside / predicted;
        report.append(String.format(Locale.ROOT, "S1 %.3f; %.1f %% of predicted vertebral volume outside the reference vertebrae",
                dice(predWhole, SpineLabels.S1, vert, 26), 100 * outsideFraction));
        System.out.println("example_ct: " + report);
        assertTrue(minBody >= EXAMPLE_CT_MIN_BODY_DICE, report.toString());
        assertTrue(minWhole >= EXAMPLE_CT_MIN_WHOLE_DICE, report.toString());
        assertTrue(outsideFraction <= EXAMPLE_CT_MAX_OUTSIDE, report.toString());
    }

    @Test
    void tptboxL2ToL4Bodies() {
        Path dir = DATA.resolve("tptbox/sample_ct");
        Volume ct = VolumeIO.read(dir.resolve("sub-ct_label-22_ct.nii.gz"));
        int[] vert = ints(VolumeIO.read(dir.resolve("sub-ct_seg-vert_label-22_msk.nii.gz")));
        int[] sub = ints(VolumeIO.read(dir.resolve("sub-ct_seg-subreg_label-22_msk.nii.gz")));
        int[] pred = segment(ct);
        int[] refBody = new int[vert.length];
        for (int i = 0; i < vert.length; i++) refBody[i] = sub[i] == 49 || sub[i] == 50 ? vert[i] : 0;
        // TPTBox values 21 L2, 22 L3, 23 L4: Dice under the predicted names, and of the best-matching predicted level
        StringBuilder report = new StringBuilder();
        double minNamed = 1, minMatched = 1;
        for (int k = 0; k < 3; k++) {
            double named = dice(pred, SpineLabels.L2 + k, refBody, 21 + k), best = 0;
            for (int l : new int[]{SpineLabels.T11, SpineLabels.T12, SpineLabels.L1, SpineLabels.L2, SpineLabels.L3,
                    SpineLabels.L4, SpineLabels.L5, SpineLabels.L6})
                best = Math.max(best, dice(pred, l, refBody, 21 + k));
            minNamed = Math.min(minNamed, named);
            minMatched = Math.min(minMatched, best);
            report.append(String.format(Locale.ROOT, "L%d named %.3f best-matching %.3f; ", k + 2, named, best));
        }
        System.out.println("tptbox: " + report);
        assertTrue(minMatched >= TPTBOX_MIN_MATCHED_BODY_DICE, report.toString());
    }

    @Test
    void thoracicDicomSeriesIsFoundAndNamedT12AtMost() {
        Volume ct = VolumeIO.read(DATA.resolve("totalsegmentator/example_ct_dicom_uncompressed_DERIVED"));
        ColumnSegmenter.Result r = seg.segmentWithReport(ct, Progress.NONE);
        System.out.println("thoracic DICOM: levels " + r.levels() + " warnings " + r.warnings());
        int[] pred = ints(r.labels().volume());
        Volume refLabels = VolumeIO.read(DATA.resolve("totalsegmentator/example_seg_dicom.nii.gz"));
        int[] ref = nearestOnto(ints(refLabels), refLabels.geometry(), ct.geometry(), 0);
        long thoracic = 0, other = 0, predicted = 0, reference = 0, both = 0;
        for (int i = 0; i < pred.length; i++) {
            int p = pred[i] > SpineLabels.POSTERIOR_OFFSET && pred[i] < SpineLabels.OTHER_BONE ? pred[i] - SpineLabels.POSTERIOR_OFFSET : pred[i];
            boolean t = p == SpineLabels.T11 || p == SpineLabels.T12, refVertebra = ref[i] == 32 || ref[i] == 33; // TotalSegmentator T12, T11
            if (t) thoracic++;
            else if (isVertebra(p) || p == SpineLabels.S1) other++;
            if (t) predicted++;
            if (refVertebra) reference++;
            if (t && refVertebra) both++;
        }
        double dice = 2.0 * both / (predicted + reference), precision = (double) both / predicted;
        System.out.printf(Locale.ROOT, "thoracic DICOM: T11+T12 whole-vertebra Dice %.3f, %.1f %% of the predicted vertebra inside the reference%n",
                dice, 100 * precision);
        assertEquals(0, other, "lumbar or sacral labels on a T11-T12 series");
        assertTrue(thoracic > 0, "the vertebrae of the thoracic slab are found");
        assertTrue(r.levels().stream().allMatch(l -> l.name().equals("T11") || l.name().equals("T12")), "levels " + r.levels());
        assertTrue(r.warnings().stream().anyMatch(w -> w.contains("levels found: T")
                && r.levels().stream().allMatch(l -> w.contains(l.name()))), "the partial field of view is reported: " + r.warnings());
        assertTrue(dice >= DICOM_MIN_WHOLE_DICE && precision >= DICOM_MIN_PRECISION, "Dice " + dice + ", precision " + precision);
    }

    /** Labels on grid {@code from} at the voxel centres of grid {@code to} (nearest neighbour in world coordinates). */
    static int[] nearestOnto(int[] labels, Geometry from, Geometry to, int outside) {
        int[] out = new int[to.voxelCount()];
        int i = 0;
        for (int z = 0; z < to.nz(); z++)
            for (int y = 0; y < to.ny(); y++)
                for (int x = 0; x < to.nx(); x++, i++) {
                    double[] q = from.worldToIndex(to.indexToWorld(x, y, z));
                    int qx = (int) Math.round(q[0]), qy = (int) Math.round(q[1]), qz = (int) Math.round(q[2]);
                    out[i] = from.contains(qx, qy, qz) ? labels[from.index(qx, qy, qz)] : outside;
                }
        return out;
    }

    /** The example CT re-stored with other axis orders (exact voxel permutations of the same data). */
    static Volume restore(Volume canonical, String code) {
        Geometry g = canonical.geometry();
        String pos = "LPS", neg = "RAI";
        int[] world = new int[3], sign = new int[3], dims = new int[3];
        double[] spacing = new double[3], dir = new double[9], corner = new double[3];
        for (int a = 0; a < 3; a++) {
            char c = code.charAt(a);
            world[a] = pos.indexOf(c) >= 0 ? pos.indexOf(c) : neg.indexOf(c);
            sign[a] = pos.indexOf(c) >= 0 ? 1 : -1;
            dims[a] = g.dims()[world[a]];
            spacing[a] = g.spacing(world[a]);
            dir[world[a] * 3 + a] = sign[a];
            corner[world[a]] = sign[a] > 0 ? 0 : dims[a] - 1;
        }
        Geometry out = new Geometry(dims, spacing, g.indexToWorld(corner[0], corner[1], corner[2]), dir);
        float[] src = canonical.floats(), dst = new float[src.length];
        int[] cd = g.dims();
        int i = 0;
        for (int z = 0; z < dims[2]; z++)
            for (int y = 0; y < dims[1]; y++)
                for (int x = 0; x < dims[0]; x++, i++) {
                    int[] idx = {x, y, z}, c = new int[3];
                    for (int a = 0; a < 3; a++) c[world[a]] = sign[a] > 0 ? idx[a] : dims[a] - 1 - idx[a];
                    dst[i] = src[c[0] + cd[0] * (c[1] + cd[1] * c[2])];
                }
        return Volume.ofFloats(out, dst);
    }

    @Test
    void sameCtInAnyStorageOrderOrObliqueGivesTheSameLabels() {
        Volume ras = VolumeIO.read(DATA.resolve("totalsegmentator/example_ct.nii.gz")).toFloat();
        assertEquals("RAS", ras.geometry().orientationCode());
        Reorientation r = Reorientation.of(ras.geometry());
        Volume lps = Volume.ofFloats(r.canonical(), r.toCanonical(ras.floats(), -1024));
        int[] reference = r.labelsToCanonical(exampleCtLabels());
        for (String code : new String[]{"LPS", "PIR", "LAS"}) {
            Volume v = restore(lps, code);
            assertEquals(code, v.geometry().orientationCode());
            int[] back = Reorientation.of(v.geometry()).labelsToCanonical(segment(v));
            double agree = agreement(reference, back);
            System.out.printf(Locale.ROOT, "%s: %.4f of labelled voxels identical%n", code, agree);
            assertTrue(agree >= 0.98, code + ": only " + agree + " of the labelled voxels agree with RAS storage");
        }
        // oblique: the same anatomy resampled onto a grid rotated 10 degrees about two axes (segmented after resampling
        // to an axis-aligned grid), and onto one rotated 10 degrees in the axial plane only (segmented on its own grid)
        double[] twoAxes = obliqueAgreement(lps, reference, 10, 10, true), inPlane = obliqueAgreement(lps, reference, 0, 10, false);
        assertTrue(twoAxes[0] >= OBLIQUE_MIN_LABELLED_AGREEMENT && inPlane[0] >= IN_PLANE_MIN_LABELLED_AGREEMENT,
                "labelled voxels identical on the oblique grid: " + twoAxes[0] + " (two axes), " + inPlane[0] + " (in plane)");
        assertTrue(twoAxes[1] >= 0.98 && inPlane[1] >= 0.98, "all voxels identical after mapping back: " + twoAxes[1] + ", " + inPlane[1]);
    }

    /**
     * The LPS example CT resampled (trilinear) onto a grid rotated by {@code a} degrees about x and {@code b} about z,
     * segmented; returns {labelled voxels identical on the oblique grid to the LPS result mapped once onto it, all
     * voxels identical after mapping the oblique result back to the LPS grid}, and prints the labelled-voxel agreement
     * after mapping back together with its floor: the LPS labels alone mapped onto the oblique grid and back.
     */
    static double[] obliqueAgreement(Volume lps, int[] reference, double a, double b, boolean resampled) {
        Geometry g = lps.geometry();
        double ra = Math.toRadians(a), rb = Math.toRadians(b);
        double[] rot = {Math.cos(rb), -Math.sin(rb), 0, Math.sin(rb) * Math.cos(ra), Math.cos(rb) * Math.cos(ra), -Math.sin(ra),
                Math.sin(rb) * Math.sin(ra), Math.cos(rb) * Math.sin(ra), Math.cos(ra)};
        double[] centre = g.indexToWorld((g.nx() - 1) / 2.0, (g.ny() - 1) / 2.0, (g.nz() - 1) / 2.0);
        int[] od = {g.nx() + 40, g.ny() + 40, g.nz() + 40};
        double[] origin = new double[3];
        for (int w = 0; w < 3; w++) {
            origin[w] = centre[w];
            for (int c = 0; c < 3; c++) origin[w] -= rot[w * 3 + c] * g.spacing(c) * (od[c] - 1) / 2.0;
        }
        Geometry og = new Geometry(od, g.spacing(), origin, rot);
        float[] oblique = new float[og.voxelCount()];
        int i = 0;
        for (int z = 0; z < od[2]; z++)
            for (int y = 0; y < od[1]; y++)
                for (int x = 0; x < od[0]; x++)
                    oblique[i++] = Reorientation.trilinear(lps.floats(), g.dims(), g.worldToIndex(og.indexToWorld(x, y, z)), -1024);
        assertEquals(resampled, Reorientation.of(og).oblique());
        int[] obLabels = segment(Volume.ofFloats(og, oblique));
        int[] refOnOblique = nearestOnto(reference, g, og, -1); // -1: outside the LPS image
        double onGrid = agreement(refOnOblique, obLabels);
        int[] back = nearestOnto(obLabels, og, g, -1), floor = nearestOnto(refOnOblique, og, g, -1);
        double all = 0;
        for (int k = 0; k < back.length; k++) if (back[k] == reference[k]) all++;
        all /= back.length;
        System.out.printf(Locale.ROOT, "oblique %.0f/%.0f degrees (%s): %.4f of labelled voxels identical on the oblique grid; mapped back: "
                        + "%.4f of all voxels, %.4f of labelled voxels (floor, the LPS labels alone mapped there and back: %.4f)%n",
                a, b, resampled ? "resampled" : "stored grid", onGrid, all, agreement(reference, back), agreement(reference, floor));
        return new double[]{onGrid, all};
    }

    /** Fraction of voxels labelled in either map whose labels are identical (voxels marked -1 in either are skipped). */
    static double agreement(int[] a, int[] b) {
        long union = 0, same = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] == 0 && b[i] == 0 || a[i] < 0 || b[i] < 0) continue; // < 0: outside one of the grids
            union++;
            if (a[i] == b[i]) same++;
        }
        return union == 0 ? 1 : (double) same / union;
    }
}
