package org.spinerad.radiomics;

import org.junit.jupiter.api.Test;
import org.spinerad.testutil.Python;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** First-order features: numpy reference, closed forms, invariances, discretisation edges. */
class FirstOrderFeaturesTest {

    static RoiImage randomRoi(long seed, int nx, int ny, int nz, double spread, double offset) {
        Random rnd = new Random(seed);
        float[] img = new float[nx * ny * nz];
        boolean[] m = new boolean[img.length];
        for (int i = 0; i < img.length; i++) {
            img[i] = (float) Math.round(offset + spread * rnd.nextGaussian() + (rnd.nextDouble() < 0.1 ? 3 * spread : 0));
            m[i] = rnd.nextDouble() < 0.7;
        }
        return new RoiImage(nx, ny, nz, new double[]{0.8, 0.8, 2.5}, img, m);
    }

    static LinkedHashMap<String, Double> firstOrder(RoiImage roi, RadiomicsSettings s) {
        return new FirstOrderFeatures().compute(roi, Discretization.discretize(roi, s), s, FirstOrderFeatures.FEATURES);
    }

    /** numpy implementation of PyRadiomics firstorder formulas (getBinEdges/digitize, nanpercentile, ...). */
    private static final String NUMPY_FIRSTORDER = """
            import sys, numpy as np
            x = np.array([float(v) for v in sys.argv[1].split(',')])
            shift, bw, vv = float(sys.argv[2]), sys.argv[3], float(sys.argv[4])
            bc = sys.argv[5]
            if bc != 'none':
                edges = np.histogram(x, int(bc))[1]; edges[-1] += 1
            else:
                bw = float(bw); lo = x.min() - (x.min() % bw); edges = np.arange(lo, x.max() + 2 * bw, bw)
                if len(edges) == 1: edges = [edges[0] - .5, edges[0] + .5]
            lv = np.digitize(x, edges); _, c = np.unique(lv, return_counts=True); p = c / c.sum()
            p10, p90 = np.percentile(x, 10), np.percentile(x, 90)
            r = x[(x >= p10) & (x <= p90)]
            m2 = np.mean((x - x.mean())**2)
            f = {'10Percentile': p10, '90Percentile': p90, 'Energy': np.sum((x + shift)**2),
                 'Entropy': -np.sum(p * np.log2(p + np.spacing(1))), 'InterquartileRange': np.percentile(x, 75) - np.percentile(x, 25),
                 'Kurtosis': np.mean((x - x.mean())**4) / m2**2, 'Maximum': x.max(), 'Mean': x.mean(),
                 'MeanAbsoluteDeviation': np.mean(np.abs(x - x.mean())), 'Median': np.median(x), 'Minimum': x.min(),
                 'Range': x.max() - x.min(), 'RobustMeanAbsoluteDeviation': np.mean(np.abs(r - r.mean())),
                 'RootMeanSquared': np.sqrt(np.mean((x + shift)**2)), 'Skewness': np.mean((x - x.mean())**3) / m2**1.5,
                 'StandardDeviation': np.std(x), 'TotalEnergy': vv * np.sum((x + shift)**2), 'Uniformity': np.sum(p**2),
                 'Variance': np.var(x)}
            for k, v in f.items(): print(k, repr(float(v)))
            """;

    @Test
    void matchesNumpyReference() {
        RoiImage roi = randomRoi(42, 12, 10, 7, 40, 37);
        List<RadiomicsSettings> variants = new ArrayList<>();
        RadiomicsSettings a = new RadiomicsSettings();
        a.voxelArrayShift = 1000;
        variants.add(a);
        RadiomicsSettings b = new RadiomicsSettings();
        b.binWidth = 7.5;
        variants.add(b);
        RadiomicsSettings c = new RadiomicsSettings();
        c.binCount = 16;
        variants.add(c);
        StringBuilder sb = new StringBuilder();
        for (double v : roi.roiValues()) sb.append(sb.isEmpty() ? "" : ",").append(v);
        for (RadiomicsSettings s : variants) {
            Map<String, Double> ours = firstOrder(roi, s);
            String out = Python.run(NUMPY_FIRSTORDER, sb.toString(), String.valueOf(s.voxelArrayShift), String.valueOf(s.binWidth),
                    String.valueOf(roi.voxelVolume()), s.binCount == null ? "none" : s.binCount.toString());
            for (String line : out.strip().split("\n")) {
                String[] kv = line.trim().split(" ");
                double ref = Double.parseDouble(kv[1]);
                assertEquals(ref, ours.get(kv[0]), 1e-9 * Math.max(1, Math.abs(ref)), kv[0] + " binCount=" + s.binCount + " binWidth=" + s.binWidth);
            }
        }
    }

    @Test
    void constantRoi() {
        float[] img = new float[27];
        java.util.Arrays.fill(img, 130);
        boolean[] m = new boolean[27];
        java.util.Arrays.fill(m, true);
        Map<String, Double> f = firstOrder(new RoiImage(3, 3, 3, new double[]{1, 1, 1}, img, m), new RadiomicsSettings());
        assertEquals(0, f.get("Entropy"), 1e-15);
        assertEquals(1, f.get("Uniformity"), 0);
        assertEquals(0, f.get("Variance"), 0);
        assertEquals(0, f.get("Range"), 0);
        assertEquals(0, f.get("Skewness"), 0); // PyRadiomics returns 0 for a flat region
        assertEquals(0, f.get("Kurtosis"), 0);
        assertEquals(130, f.get("Median"), 0);
        assertEquals(27 * 130 * 130, f.get("Energy"), 0);
    }

    @Test
    void invariantToVoxelPermutationAndShift() {
        RoiImage roi = randomRoi(5, 9, 8, 6, 30, 100);
        RadiomicsSettings s = new RadiomicsSettings();
        s.binWidth = 5;
        Map<String, Double> ref = firstOrder(roi, s);
        // permute voxels within the ROI
        double[] values = roi.roiValues();
        Double[] boxed = box(values);
        java.util.Collections.shuffle(java.util.Arrays.asList(boxed), new Random(3));
        float[] perm = roi.image.clone();
        for (int i = 0, k = 0; i < perm.length; i++) if (roi.mask[i]) perm[i] = boxed[k++].floatValue();
        Map<String, Double> p = firstOrder(roi.withImage(perm), s);
        for (String f : FirstOrderFeatures.FEATURES) assertEquals(ref.get(f), p.get(f), 1e-9 * Math.max(1, Math.abs(ref.get(f))), f);
        // shift by a multiple of the bin width: location features move, dispersion/shape/histogram features do not
        double c = 35;
        float[] shifted = roi.image.clone();
        for (int i = 0; i < shifted.length; i++) shifted[i] += (float) c;
        Map<String, Double> sh = firstOrder(roi.withImage(shifted), s);
        for (String f : List.of("Mean", "Median", "Minimum", "Maximum", "10Percentile", "90Percentile"))
            assertEquals(ref.get(f) + c, sh.get(f), 1e-9 * Math.abs(ref.get(f) + c), f);
        for (String f : List.of("Variance", "StandardDeviation", "Range", "InterquartileRange", "MeanAbsoluteDeviation",
                "RobustMeanAbsoluteDeviation", "Skewness", "Kurtosis", "Entropy", "Uniformity"))
            assertEquals(ref.get(f), sh.get(f), 1e-9 * Math.max(1, Math.abs(ref.get(f))), f);
        assertNotEquals(ref.get("Energy"), sh.get("Energy"));
    }

    private static Double[] box(double[] v) {
        Double[] b = new Double[v.length];
        for (int i = 0; i < v.length; i++) b[i] = v[i];
        return b;
    }

    @Test
    void defaultSetIsPyRadiomicsDefault() {
        RoiImage roi = randomRoi(9, 5, 5, 5, 10, 0);
        Map<String, Double> f = new FirstOrderFeatures().compute(roi, null, new RadiomicsSettings(), null);
        assertEquals(18, f.size());
        assertFalse(f.containsKey("StandardDeviation"));
        assertEquals(List.copyOf(f.keySet()), f.keySet().stream().sorted().toList(), "PyRadiomics output order");
        Map<String, Double> sd = new FirstOrderFeatures().compute(roi, null, new RadiomicsSettings(), List.of("StandardDeviation", "Variance"));
        assertEquals(Math.sqrt(sd.get("Variance")), sd.get("StandardDeviation"), 1e-12);
    }

    @Test
    void binEdgesFollowPyRadiomics() {
        // bins start at floor(min / w) * w, the maximum lands in a bin of its own range, negative values floor down
        double[] e = Discretization.fixedBinWidthEdges(-37, 60, 25);
        assertEquals(-50, e[0], 0);
        assertEquals(1, Discretization.digitize(-37, e));
        assertEquals(5, Discretization.digitize(50, e)); // edges -50, -25, 0, 25, 50: bin 5 is [50, 75)
        assertEquals(5, Discretization.digitize(60, e));
        assertEquals(4, Discretization.digitize(49.999, e));
        // flat region that is a multiple of the bin width: one bin
        double[] flat = Discretization.fixedBinWidthEdges(50, 50, 25);
        assertEquals(1, Discretization.digitize(50, flat));
        // fixed bin count: the maximum is in the last bin
        double[] bc = Discretization.fixedBinCountEdges(0, 10, 5);
        assertEquals(5, Discretization.digitize(10, bc));
        assertEquals(1, Discretization.digitize(0, bc));
        assertEquals(3, Discretization.digitize(4, bc));
        // IBSI FBS with origin at the re-segmentation minimum differs when that minimum is not a multiple of w
        RoiImage roi = new RoiImage(3, 1, 1, new double[]{1, 1, 1}, new float[]{-1004, -990, -978}, new boolean[]{true, true, true});
        RadiomicsSettings s = new RadiomicsSettings();
        s.binWidth = 25;
        assertArrayEquals(new int[]{1, 2, 2}, Discretization.discretize(roi, s).levels); // edges -1025, -1000, -975
        assertArrayEquals(new int[]{1, 1, 2}, Discretization.ibsiFixedBinSize(roi, 25, -1004).levels);
        assertEquals(-1025, Discretization.fixedBinWidthEdges(-1004, -978, 25)[0], 0);
    }
}
