package org.spinerad.radiomics;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Texture features of ROIs whose matrices and feature values are known in closed form. */
class TextureClosedFormTest {
    private static final double TOL = 1e-12;
    private final RadiomicsSettings defaults = new RadiomicsSettings();

    private static Map<String, Double> compute(TextureFeatureClass c, DiscretizedRoi roi, RadiomicsSettings s) {
        return c.compute(null, roi, s, null);
    }

    @Test
    void constantRoiGivesDegenerateValues() {
        DiscretizedRoi cube = TextureTestData.cube(4, 3);
        Map<String, Double> glcm = compute(new GlcmFeatures(), cube, defaults);
        assertEquals(1, glcm.get("JointEnergy"), TOL);
        assertEquals(0, glcm.get("Contrast"), TOL);
        assertEquals(0, glcm.get("JointEntropy"), 1e-15);
        assertEquals(1, glcm.get("Correlation"), TOL); // PyRadiomics: flat region
        assertEquals(1, glcm.get("MCC"), TOL);
        assertEquals(0, glcm.get("Imc1"), TOL);
        assertEquals(3, glcm.get("JointAverage"), TOL);
        assertEquals(1, glcm.get("MaximumProbability"), TOL);
        assertEquals(1, glcm.get("Idmn"), TOL);

        Map<String, Double> ngtdm = compute(new NgtdmFeatures(), cube, defaults);
        assertEquals(1e6, ngtdm.get("Coarseness"), 0);
        assertEquals(0, ngtdm.get("Contrast"), 0);
        assertEquals(0, ngtdm.get("Busyness"), 0);
        assertEquals(0, ngtdm.get("Complexity"), 0);
        assertEquals(0, ngtdm.get("Strength"), 0);
    }

    @Test
    void singleLevelCubeRunCounts() {
        int n = 4;
        Map<String, Double> glrlm = compute(new GlrlmFeatures(), TextureTestData.cube(n, 1), defaults);
        // Runs per direction = voxels whose predecessor leaves the cube: 3 axes, 6 face and 4 body diagonals.
        double axis = n * n * n - (n - 1) * n * n, face = n * n * n - (n - 1) * (n - 1) * n,
                body = n * n * n - (n - 1) * (n - 1) * (n - 1);
        double voxels = n * n * n;
        assertEquals((3 * axis + 6 * face + 4 * body) / 13 / voxels, glrlm.get("RunPercentage"), TOL);
        assertEquals((3 * axis + 6 * face + 4 * body) / 13, glrlm.get("GrayLevelNonUniformity"), TOL);
        assertEquals(1, glrlm.get("GrayLevelNonUniformityNormalized"), TOL);
        // Axis directions alone: n^2 runs of length n; check with a 1-voxel-thick 2D slab, where only in-plane
        // directions exist and x/y runs have length n.
        int[] slab = new int[n * n];
        Arrays.fill(slab, 1);
        Map<String, Double> slabRl = compute(new GlrlmFeatures(), TextureTestData.roi(n, n, 1, slab), defaults);
        // 4 directions: x, y (n runs of length n), two diagonals (runs 1..n-1 twice, n once).
        double diagSre = 0, diagLre = 0;
        for (int k = 1; k <= n; k++) {
            int c = k == n ? 1 : 2;
            diagSre += c / (double) (k * k);
            diagLre += c * (double) (k * k);
        }
        double sre = (2 * (1.0 / (n * n)) + 2 * diagSre / (2 * n - 1)) / 4;
        double lre = (2 * (double) (n * n) + 2 * diagLre / (2 * n - 1)) / 4;
        assertEquals(sre, slabRl.get("ShortRunEmphasis"), TOL);
        assertEquals(lre, slabRl.get("LongRunEmphasis"), TOL);
    }

    @Test
    void singleZoneAndCornerConnectivity() {
        int n = 3;
        Map<String, Double> glszm = compute(new GlszmFeatures(), TextureTestData.cube(n, 2), defaults);
        double size = n * n * n;
        assertEquals(size * size, glszm.get("LargeAreaEmphasis"), TOL);
        assertEquals(1 / (size * size), glszm.get("SmallAreaEmphasis"), TOL);
        assertEquals(1 / size, glszm.get("ZonePercentage"), TOL);
        assertEquals(0, glszm.get("ZoneVariance"), TOL);
        assertEquals(0, glszm.get("ZoneEntropy"), 1e-15);
        // Two voxels touching only at a corner form one zone (26-connectivity) in 3D ...
        int[] lv = new int[8];
        lv[0] = 1;
        lv[7] = 1;
        assertEquals(4, compute(new GlszmFeatures(), TextureTestData.roi(2, 2, 2, lv), defaults).get("LargeAreaEmphasis"), TOL);
        // ... and two zones when in-plane connectivity is forced (the voxels lie in different slices).
        RadiomicsSettings twoD = new RadiomicsSettings();
        twoD.force2D = true;
        assertEquals(1, compute(new GlszmFeatures(), TextureTestData.roi(2, 2, 2, lv), twoD).get("LargeAreaEmphasis"), TOL);
    }

    @Test
    void constantCubeDependenceCounts() {
        // 3x3x3 constant: corners have 7 neighbours, edges 11, faces 17, the center 26; dependence = neighbours + 1.
        Map<String, Double> gldm = compute(new GldmFeatures(), TextureTestData.cube(3, 5), defaults);
        double lde = (8 * 64 + 12 * 144 + 6 * 324 + 729) / 27.0;
        double sde = (8 / 64.0 + 12 / 144.0 + 6 / 324.0 + 1 / 729.0) / 27;
        assertEquals(lde, gldm.get("LargeDependenceEmphasis"), TOL);
        assertEquals(sde, gldm.get("SmallDependenceEmphasis"), TOL);
        assertEquals((64 + 144 + 36 + 1) / 27.0, gldm.get("DependenceNonUniformity"), TOL);
        assertEquals(27, gldm.get("GrayLevelNonUniformity"), TOL);
    }

    @Test
    void checkerboardContrast() {
        // 2D checkerboard: horizontal/vertical neighbours always differ by 1, diagonal ones never.
        int n = 6;
        int[] board = new int[n * n];
        for (int y = 0; y < n; y++) for (int x = 0; x < n; x++) board[x + n * y] = 1 + (x + y) % 2;
        assertEquals(0.5, compute(new GlcmFeatures(), TextureTestData.roi(n, n, 1, board), defaults).get("Contrast"), TOL);
        // 3D: 3 face and 4 body-diagonal directions join opposite colours, the 6 edge diagonals equal ones.
        int[] cube = new int[n * n * n];
        for (int z = 0, i = 0; z < n; z++) for (int y = 0; y < n; y++) for (int x = 0; x < n; x++, i++) cube[i] = 1 + (x + y + z) % 2;
        Map<String, Double> glcm = compute(new GlcmFeatures(), TextureTestData.roi(n, n, n, cube), defaults);
        assertEquals(7 / 13.0, glcm.get("Contrast"), TOL);
        assertEquals(7 / 13.0, glcm.get("DifferenceAverage"), TOL);
    }

    /** Haralick et al. 1973, Fig. 2: 4x4 image with grey tones 0..3 and its symmetric co-occurrence matrices. */
    @Test
    void haralickExample() {
        int[] image = {0, 0, 1, 1, 0, 0, 1, 1, 0, 2, 2, 2, 2, 2, 3, 3};
        int[] lv = new int[16];
        for (int i = 0; i < 16; i++) lv[i] = image[i] + 1;
        DiscretizedRoi roi = TextureTestData.roi(4, 4, 1, lv);
        double[][] horizontal = {{4, 2, 1, 0}, {2, 4, 0, 0}, {1, 0, 6, 1}, {0, 0, 1, 2}};
        double[][] vertical = {{6, 0, 2, 0}, {0, 4, 2, 0}, {2, 2, 2, 2}, {0, 0, 2, 0}};
        double[][] diag45 = {{4, 1, 0, 0}, {1, 2, 2, 0}, {0, 2, 4, 1}, {0, 0, 1, 0}};
        double[][] diag135 = {{2, 1, 3, 0}, {1, 2, 1, 0}, {3, 1, 0, 2}, {0, 0, 2, 0}};
        TextureGeometry.GreyLevels levels = TextureGeometry.GreyLevels.of(roi);
        int[][] angles = TextureGeometry.angles(roi, List.of(1), false, 0);
        assertEquals(4, angles.length);
        List<double[]> ours = new ArrayList<>();
        for (int[] a : angles) {
            double[] m = new double[16];
            TextureGeometry.countCooccurrences(roi, a, levels.indexOf(), 4, m);
            double[] sym = new double[16];
            for (int i = 0; i < 4; i++) for (int j = 0; j < 4; j++) sym[i * 4 + j] = m[i * 4 + j] + m[j * 4 + i];
            ours.add(sym);
        }
        double expectedContrast = 0;
        for (double[][] ref : List.of(horizontal, vertical, diag45, diag135)) {
            double[] flat = Arrays.stream(ref).flatMapToDouble(Arrays::stream).toArray();
            assertTrue(ours.stream().anyMatch(m -> Arrays.equals(m, flat)), "Haralick matrix " + Arrays.deepToString(ref));
            double total = 0, c = 0;
            for (int i = 0; i < 4; i++) for (int j = 0; j < 4; j++) {
                total += ref[i][j];
                c += ref[i][j] * (i - j) * (i - j);
            }
            expectedContrast += c / total / 4;
        }
        Map<String, Double> glcm = compute(new GlcmFeatures(), roi, defaults);
        assertEquals(expectedContrast, glcm.get("Contrast"), TOL);
    }

    @Test
    void pyradiomicsDocumentationGlcmExample() {
        // PyRadiomics GLCM docstring: 5x5 image, distance 1 along x, symmetric matrix given there.
        int[] image = {1, 2, 5, 2, 3, 3, 2, 1, 3, 1, 1, 3, 5, 5, 2, 1, 1, 1, 1, 2, 1, 2, 4, 3, 5};
        DiscretizedRoi roi = TextureTestData.roi(5, 5, 1, image);
        double[] expected = {6, 4, 3, 0, 0, 4, 0, 2, 1, 3, 3, 2, 0, 1, 2, 0, 1, 1, 0, 0, 0, 3, 2, 0, 2};
        double[] m = new double[25];
        TextureGeometry.countCooccurrences(roi, new int[]{1, 0, 0}, TextureGeometry.GreyLevels.of(roi).indexOf(), 5, m);
        double[] sym = new double[25];
        for (int i = 0; i < 5; i++) for (int j = 0; j < 5; j++) sym[i * 5 + j] = m[i * 5 + j] + m[j * 5 + i];
        assertArrayEquals(expected, sym, 0);
    }

    @Test
    void ngtdmHandExample() {
        // 3 voxels in a row, levels 1 2 4 (2D, 8-neighbourhood within the ROI):
        // s_1 = |1-2| = 1, s_2 = |2-(1+4)/2| = 0.5, s_4 = |4-2| = 2; p_i = 1/3.
        DiscretizedRoi roi = TextureTestData.roi(3, 1, 1, new int[]{1, 2, 4});
        Map<String, Double> ng = compute(new NgtdmFeatures(), roi, defaults);
        double sumPs = (1 + 0.5 + 2) / 3.0;
        assertEquals(1 / sumPs, ng.get("Coarseness"), TOL);
        double pairSq = 2 * (1 + 9 + 4) / 9.0; // sum_ij p_i p_j (i-j)^2
        assertEquals(pairSq / 6 * (3.5 / 3), ng.get("Contrast"), TOL);
        double absDiff = 2 * (Math.abs(1 - 2) + Math.abs(1 - 4) + Math.abs(2 - 4)) / 3.0;
        assertEquals(sumPs / absDiff, ng.get("Busyness"), TOL);
        double strength = 2 * (2 / 3.0) * (1 + 9 + 4) / 3.5;
        assertEquals(strength, ng.get("Strength"), TOL);
        double complexity = 2 * (1 * (1 + 0.5) / 3 / (2 / 3.0) + 3 * (1 + 2) / 3 / (2 / 3.0) + 2 * (0.5 + 2) / 3 / (2 / 3.0)) / 3;
        assertEquals(complexity, ng.get("Complexity"), TOL);
    }

    @Test
    void weightingAndMergingAgreeWhereIbsiSaysTheyMust() {
        // IBSI: Chebyshev weighting has no effect on the default neighbourhood (all weights equal), so it equals merging.
        DiscretizedRoi roi = TextureTestData.ibsiPhantom();
        RadiomicsSettings merged = new RadiomicsSettings();
        merged.textureAggregation = "merged";
        for (String norm : List.of("no_weighting", "infinity")) {
            RadiomicsSettings weighted = new RadiomicsSettings();
            weighted.weightingNorm = norm;
            for (TextureFeatureClass c : List.of(new GlcmFeatures(), new GlrlmFeatures())) {
                Map<String, Double> a = compute(c, roi, merged), b = compute(c, roi, weighted);
                if (c instanceof GlrlmFeatures && norm.equals("infinity")) {
                    // GLRLM weights are the distance itself (2 mm here): counts scale, normalised features do not.
                    assertEquals(a.get("RunPercentage"), b.get("RunPercentage"), TOL);
                    assertEquals(a.get("ShortRunEmphasis"), b.get("ShortRunEmphasis"), TOL);
                    continue;
                }
                for (String k : a.keySet()) assertEquals(a.get(k), b.get(k), 1e-12 * Math.max(1, Math.abs(a.get(k))), c.name() + " " + k + " " + norm);
            }
        }
        // Euclidean weighting gives face neighbours more weight than diagonals: merged values change.
        RadiomicsSettings euclid = new RadiomicsSettings();
        euclid.weightingNorm = "euclidean";
        assertTrue(Math.abs(compute(new GlcmFeatures(), roi, euclid).get("Contrast") - compute(new GlcmFeatures(), roi, merged).get("Contrast")) > 1e-3);
    }
}
