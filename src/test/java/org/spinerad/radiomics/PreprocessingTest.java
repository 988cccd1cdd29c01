package org.spinerad.radiomics;

import org.junit.jupiter.api.Test;
import org.spinerad.image.DataType;
import org.spinerad.image.Geometry;
import org.spinerad.image.Volume;
import org.spinerad.testutil.Python;
import org.spinerad.util.SpineRadException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** Preprocessing: input checks, cropping, normalisation, re-segmentation, resampling (vs scipy), speed. */
class PreprocessingTest {

    static Volume image(Geometry g, long seed) {
        Random rnd = new Random(seed);
        float[] v = new float[g.voxelCount()];
        for (int i = 0; i < v.length; i++) v[i] = (float) (100 + 50 * rnd.nextGaussian());
        return Volume.ofFloats(g, v);
    }

    static Volume boxMask(Geometry g, int x0, int y0, int z0, int x1, int y1, int z1, int label) {
        Volume m = Volume.create(g, DataType.UINT8);
        for (int z = z0; z <= z1; z++) for (int y = y0; y <= y1; y++) for (int x = x0; x <= x1; x++) m.set(x, y, z, label);
        return m;
    }

    @Test
    void cropsToBoundingBoxWithPadding() {
        Geometry g = new Geometry(new int[]{30, 25, 20}, new double[]{0.8, 0.9, 2}, new double[]{-10, 5, 3}, Geometry.identity());
        Volume img = image(g, 1);
        RadiomicsSettings s = new RadiomicsSettings();
        s.padDistance = 3;
        Preprocessing.Prepared p = Preprocessing.prepare(img, boxMask(g, 10, 4, 1, 14, 9, 6, 1), s, "img", "msk");
        assertArrayEquals(new int[]{11, 12, 10}, p.image.geometry().dims()); // x 7..17, y 1..12, z 0..9 (clipped at 0)
        RoiImage roi = p.roi();
        assertEquals(5, roi.nx);
        assertEquals(6, roi.ny);
        assertEquals(6, roi.nz);
        assertEquals(img.get(10, 4, 1), roi.image[0], 0);
        assertEquals(5 * 6 * 6, roi.voxelCount());
        // the cropped grid keeps world positions
        assertArrayEquals(g.indexToWorld(7, 1, 0), p.image.geometry().origin(), 1e-12);
    }

    @Test
    void badInputsGiveClearErrors() {
        Geometry g = Geometry.of(10, 10, 10, 1, 1, 1);
        Volume img = image(g, 2);
        RadiomicsSettings s = new RadiomicsSettings();
        SpineRadException e = assertThrows(SpineRadException.class,
                () -> Preprocessing.prepare(img, Volume.create(g, DataType.UINT8), s, "ct.nii", "seg.nii"));
        assertTrue(e.getMessage().contains("seg.nii") && e.getMessage().contains("Label 1"), e.getMessage());
        Geometry other = Geometry.of(10, 10, 10, 1, 1, 1.5);
        e = assertThrows(SpineRadException.class, () -> Preprocessing.prepare(img, boxMask(other, 2, 2, 2, 4, 4, 4, 1), s, "ct.nii", "seg.nii"));
        assertTrue(e.getMessage().contains("ct.nii") && e.getMessage().contains("seg.nii") && e.getMessage().contains("spacing"), e.getMessage());
        // correctMask: a mask on a coarser grid covering the same space is resampled (nearest) onto the image
        s.correctMask = true;
        Geometry coarse = new Geometry(new int[]{5, 5, 5}, new double[]{2, 2, 2}, new double[]{0.5, 0.5, 0.5}, Geometry.identity());
        RoiImage corrected = Preprocessing.roiImage(img, boxMask(coarse, 1, 1, 1, 2, 2, 2, 1), s, "ct.nii", "seg.nii");
        assertEquals(4 * 4 * 4, corrected.voxelCount()); // mask voxels 1..2 cover image voxels 2..5 on each axis
        Geometry outside = new Geometry(new int[]{5, 5, 5}, new double[]{2, 2, 2}, new double[]{6, 6, 6}, Geometry.identity());
        e = assertThrows(SpineRadException.class, () -> Preprocessing.prepare(img, boxMask(outside, 2, 2, 2, 3, 3, 3, 1), s, "ct.nii", "seg.nii"));
        assertTrue(e.getMessage().contains("outside the image"), e.getMessage());
        s.correctMask = false;
        Geometry larger = Geometry.of(12, 10, 10, 1, 1, 1);
        e = assertThrows(SpineRadException.class, () -> Preprocessing.prepare(img, boxMask(larger, 2, 2, 2, 4, 4, 4, 1), s, "ct.nii", "seg.nii"));
        assertTrue(e.getMessage().contains("dimensions"), e.getMessage());
        // a line is below minimumROIDimensions 2 (PyRadiomics default); a single voxel is always rejected
        e = assertThrows(SpineRadException.class, () -> Preprocessing.prepare(img, boxMask(g, 1, 5, 5, 8, 5, 5, 1), s, "ct.nii", "seg.nii"));
        assertTrue(e.getMessage().contains("minimumROIDimensions"), e.getMessage());
        Volume single = boxMask(g, 5, 5, 5, 5, 5, 5, 1);
        e = assertThrows(SpineRadException.class, () -> Preprocessing.prepare(img, single, s, "ct.nii", "seg.nii"));
        assertTrue(e.getMessage().contains("single voxel"), e.getMessage());
        // ... and, as in PyRadiomics, even with minimumROIDimensions 1
        s.minimumROIDimensions = 1;
        e = assertThrows(SpineRadException.class, () -> Preprocessing.prepare(img, single, s, "ct.nii", "seg.nii"));
        assertTrue(e.getMessage().contains("single voxel"), e.getMessage());
        // feature classes given a single voxel directly: undefined ratios NaN, flat statistics as PyRadiomics
        RoiImage one = new RoiImage(1, 1, 1, new double[]{1, 1, 1}, new float[]{(float) img.get(5, 5, 5)}, new boolean[]{true});
        Map<String, Double> fo = new FirstOrderFeatures().compute(one, null, s, null);
        assertEquals(0, fo.get("Variance"), 0);
        assertEquals(img.get(5, 5, 5), fo.get("Mean"), 1e-4);
        assertTrue(new ShapeFeatures().compute(one, null, s, null).get("Elongation").isNaN());
        s.minimumROISize = 10;
        e = assertThrows(SpineRadException.class, () -> Preprocessing.prepare(img, boxMask(g, 1, 1, 1, 2, 2, 1, 1), s, "ct.nii", "seg.nii"));
        assertTrue(e.getMessage().contains("minimumROISize"), e.getMessage());
    }

    @Test
    void nanVoxelsAreExcludedFromIntensityRoiWithWarning() {
        Geometry g = Geometry.of(8, 8, 8, 1, 1, 1);
        Volume img = image(g, 3);
        Volume mask = boxMask(g, 2, 2, 2, 5, 5, 5, 2);
        img.set(3, 3, 3, Double.NaN);
        img.set(4, 4, 4, Double.NaN);
        RadiomicsSettings s = new RadiomicsSettings();
        s.label = 2;
        Preprocessing.Prepared p = Preprocessing.prepare(img, mask, s, "img", "msk");
        RoiImage roi = p.roi();
        assertEquals(64 - 2, roi.voxelCount());
        int morph = 0;
        for (boolean b : roi.morphologicalMask) if (b) morph++;
        assertEquals(64, morph, "shape keeps the full segmentation");
        assertTrue(p.warnings.get(0).contains("2 NaN"), p.warnings.toString());
        assertFalse(Double.isNaN(new FirstOrderFeatures().compute(roi, null, s, null).get("Mean")));
        // normalisation ignores NaN voxels (they stay NaN and are still excluded)
        s.normalize = true;
        RoiImage normalised = Preprocessing.roiImage(img, mask, s, "img", "msk");
        assertEquals(64 - 2, normalised.voxelCount());
        assertTrue(Math.abs(new FirstOrderFeatures().compute(normalised, null, s, null).get("Mean")) < 3);
        s.normalize = false;
        Volume allNan = Volume.ofFloats(g, new float[g.voxelCount()]);
        for (int i = 0; i < allNan.size(); i++) allNan.set(i, Double.NaN);
        assertThrows(SpineRadException.class, () -> Preprocessing.prepare(allNan, mask, s, "img", "msk"));
    }

    @Test
    void normalisationAndResegmentation() {
        Geometry g = Geometry.of(6, 5, 4, 1, 1, 1);
        Volume img = image(g, 4);
        double[] x = img.toDoubleArray();
        double mean = 0;
        for (double v : x) mean += v;
        mean /= x.length;
        double ss = 0;
        for (double v : x) ss += (v - mean) * (v - mean);
        double sd = Math.sqrt(ss / (x.length - 1)); // ITK NormalizeImageFilter: sample sd
        Volume n = Preprocessing.normalize(img, 100, 1.5);
        for (int i = 0; i < x.length; i++)
            assertEquals(100 * Math.max(-1.5, Math.min(1.5, (x[i] - mean) / sd)), n.get(i), 1e-3);

        float[] vals = {10, 20, 30, 40, 50, 60};
        boolean[] all = {true, true, true, true, true, true};
        assertArrayEquals(new boolean[]{false, true, true, true, false, false},
                Preprocessing.resegment(vals, all, new double[]{15, 40}, "absolute", "t"));
        assertArrayEquals(new boolean[]{false, false, true, true, true, true},
                Preprocessing.resegment(vals, all, new double[]{25, Double.NaN}, "absolute", "t"));
        // relative: fraction of the ROI maximum (60)
        assertArrayEquals(new boolean[]{false, false, true, true, true, false},
                Preprocessing.resegment(vals, all, new double[]{0.5, 0.9}, "relative", "t"));
        // sigma: mean 35, population sd 17.08
        assertArrayEquals(new boolean[]{false, true, true, true, true, false},
                Preprocessing.resegment(vals, all, new double[]{-1, 1}, "sigma", "t"));
        assertThrows(SpineRadException.class, () -> Preprocessing.resegment(vals, all, new double[]{100, 200}, "absolute", "t"));

        // through prepare: resegmented intensity ROI, morphological mask untouched unless resegmentShape
        RadiomicsSettings s = new RadiomicsSettings();
        s.resegmentRange = new double[]{100, Double.NaN};
        Volume mask = boxMask(g, 0, 0, 0, 5, 4, 3, 1);
        RoiImage r = Preprocessing.roiImage(img, mask, s, "img", "msk");
        int above = 0;
        for (double v : x) if (v >= 100) above++;
        assertEquals(above, r.voxelCount());
        int morph = 0;
        for (boolean b : r.morphologicalMask) if (b) morph++;
        assertEquals(120, morph);
        s.resegmentShape = true;
        RoiImage r2 = Preprocessing.roiImage(img, mask, s, "img", "msk");
        assertArrayEquals(r2.mask, r2.morphologicalMask);
    }

    private static final String SCIPY_SAMPLE = """
            import sys, numpy as np
            from scipy import ndimage
            d = [int(v) for v in sys.argv[1].split(',')]
            img = np.fromfile(sys.argv[2], dtype='<f8').reshape(d[2], d[1], d[0])
            pts = np.array([float(v) for v in sys.argv[3].split(',')]).reshape(-1, 3)  # x, y, z continuous indices
            order = int(sys.argv[4])
            coords = np.stack([pts[:, 2], pts[:, 1], pts[:, 0]])
            mode = 'mirror' if order == 3 else 'nearest'
            out = ndimage.map_coordinates(img, coords, order=order, mode=mode, prefilter=(order == 3))
            print(','.join(repr(float(v)) for v in out))
            """;

    @Test
    void resamplingGridAndValuesMatchPyRadiomicsAndScipy() throws IOException {
        Geometry g = new Geometry(new int[]{20, 18, 9}, new double[]{0.7, 0.7, 2.5}, new double[]{12, -30, 5},
                new double[]{0, -1, 0, 1, 0, 0, 0, 0, 1});
        Volume img = image(g, 5);
        Volume mask = boxMask(g, 6, 5, 3, 12, 11, 5, 1);
        for (String interp : new String[]{"sitkBSpline", "sitkLinear", "sitkNearestNeighbor"}) {
            RadiomicsSettings s = new RadiomicsSettings();
            s.resampledPixelSpacing = new double[]{1, 1, 1};
            s.interpolator = interp;
            s.padDistance = 2;
            Preprocessing.Prepared p = Preprocessing.prepare(img, mask, s, "img", "msk");
            Geometry o = p.image.geometry();
            assertArrayEquals(new double[]{1, 1, 1}, o.spacing(), 0);
            assertArrayEquals(g.direction(), o.direction(), 0);
            // PyRadiomics aligns the new voxel corners with the input image corner
            double[] c0 = o.worldToIndex(g.indexToWorld(-0.5, -0.5, -0.5));
            for (int a = 0; a < 3; a++) {
                double corner = c0[a] + 0.5; // new-grid position of the input corner, must be -lb (integer)
                assertEquals(Math.rint(corner), corner, 1e-9, "corner alignment axis " + a);
            }
            // lower bound: floor((bb - 0.5) * ratio - pad), x: (6 - 0.5) * 0.7 - 2 = 1.85 -> 1
            assertEquals(-1, Math.rint(c0[0] + 0.5), 1e-9);
            if (interp.equals("sitkNearestNeighbor")) checkNearest(img, p.image);
            else compareWithScipy(img, p.image, interp.equals("sitkBSpline") ? 3 : 1, 3, false);
            // the resampled mask (nearest) keeps the physical ROI extent: 7 x 7 x 3 voxels of 0.7/0.7/2.5 mm
            int n = 0;
            for (boolean b : p.morphologicalMask) if (b) n++;
            assertEquals(7 * 0.7 * 7 * 0.7 * 3 * 2.5, n, 0.25 * n);
        }
        // a small ROI in a larger image: the B-spline prefilter runs on a sub-region only
        Geometry big = Geometry.of(90, 80, 12, 0.8, 0.8, 3);
        Volume bigImg = image(big, 6);
        RadiomicsSettings s = new RadiomicsSettings();
        s.resampledPixelSpacing = new double[]{0.5, 0.5, 2};
        s.padDistance = 1;
        Preprocessing.Prepared p = Preprocessing.prepare(bigImg, boxMask(big, 40, 35, 5, 44, 39, 7, 1), s, "img", "msk");
        assertTrue(p.image.geometry().nx() < 20);
        compareWithScipy(bigImg, p.image, 3, 1, false);
        // integer images are truncated toward zero like SimpleITK writing the input pixel type
        Volume intImg = bigImg.convert(DataType.INT16);
        s.interpolator = "sitkLinear";
        Preprocessing.Prepared pi = Preprocessing.prepare(intImg, boxMask(big, 40, 35, 5, 44, 39, 7, 1), s, "img", "msk");
        compareWithScipy(intImg, pi.image, 1, 1, true);
    }

    /** Resampled values against scipy.ndimage.map_coordinates (B-spline: mirror boundary like ITK; linear: clamped). */
    private static void compareWithScipy(Volume in, Volume out, int order, int stride, boolean truncate) throws IOException {
        Geometry g = in.geometry(), o = out.geometry();
        StringBuilder pts = new StringBuilder();
        List<Integer> where = new ArrayList<>();
        for (int i = 0; i < o.voxelCount(); i += stride) {
            double[] ci = g.worldToIndex(o.indexToWorld(i % o.nx(), (i / o.nx()) % o.ny(), i / (o.nx() * o.ny())));
            if (ci[0] < 0 || ci[1] < 0 || ci[2] < 0 || ci[0] > g.nx() - 1 || ci[1] > g.ny() - 1 || ci[2] > g.nz() - 1) continue;
            pts.append(pts.isEmpty() ? "" : ",").append(ci[0]).append(',').append(ci[1]).append(',').append(ci[2]);
            where.add(i);
        }
        Path data = Files.createTempFile("spinerad-img", ".f8");
        try {
            ByteBuffer buf = ByteBuffer.allocate(8 * in.size()).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < in.size(); i++) buf.putDouble(in.get(i));
            Files.write(data, buf.array());
            String[] ref = Python.run(SCIPY_SAMPLE, g.nx() + "," + g.ny() + "," + g.nz(), data.toString(), pts.toString(),
                    String.valueOf(order)).strip().split(",");
            assertEquals(where.size(), ref.length);
            int fractional = 0;
            for (int k = 0; k < ref.length; k++) {
                double r = Double.parseDouble(ref[k]);
                if (truncate) {
                    fractional += r != Math.rint(r) ? 1 : 0;
                    r = r < 0 ? Math.ceil(r - 1e-9) : Math.floor(r + 1e-9);
                }
                assertEquals(r, out.get(where.get(k)), truncate ? 0 : 2e-3, "order " + order + " at voxel " + where.get(k));
            }
            if (truncate) assertTrue(fractional > ref.length / 2, "the test must sample between voxels");
        } finally {
            Files.deleteIfExists(data);
        }
    }

    private static void checkNearest(Volume in, Volume out) {
        Geometry g = in.geometry(), o = out.geometry();
        for (int i = 0; i < o.voxelCount(); i++) {
            double[] ci = g.worldToIndex(o.indexToWorld(i % o.nx(), (i / o.nx()) % o.ny(), i / (o.nx() * o.ny())));
            boolean tie = false; // exact .5 ties round differently with different floating-point paths
            for (double c : ci) tie |= Math.abs(c - Math.floor(c) - 0.5) < 1e-9;
            if (tie) continue;
            int ix = (int) Math.floor(ci[0] + 0.5), iy = (int) Math.floor(ci[1] + 0.5), iz = (int) Math.floor(ci[2] + 0.5);
            double expected = g.contains(ix, iy, iz) && ci[0] >= -0.5 && ci[1] >= -0.5 && ci[2] >= -0.5 ? in.get(ix, iy, iz) : 0;
            assertEquals(expected, out.get(i), 1e-4);
        }
    }

    @Test
    void firstOrderAndShapeOf150kVoxelRoiAreFast() {
        RoiImage sphere = ShapeFeaturesTest.ellipsoid(33, 33, 33, 1);
        float[] img = new float[sphere.mask.length];
        Random rnd = new Random(1);
        for (int i = 0; i < img.length; i++) img[i] = (float) (rnd.nextGaussian() * 100);
        RoiImage roi = sphere.withImage(img);
        assertTrue(roi.voxelCount() > 145_000, "voxels " + roi.voxelCount());
        RadiomicsSettings s = new RadiomicsSettings();
        long best = Long.MAX_VALUE;
        for (int rep = 0; rep < 4; rep++) {
            long t0 = System.nanoTime();
            DiscretizedRoi d = Discretization.discretize(roi, s);
            new FirstOrderFeatures().compute(roi, d, s, null);
            new ShapeFeatures().compute(roi, null, s, null);
            best = Math.min(best, System.nanoTime() - t0);
        }
        assertTrue(best < 500_000_000L, "firstorder + shape took " + best / 1e6 + " ms");
        System.out.println("firstorder+shape 150k voxels: " + best / 1e6 + " ms");
    }
}
