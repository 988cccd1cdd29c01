package org.spinerad.radiomics;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Direction-averaged 3D features do not depend on ROI orientation; value-free features not on level labels. */
class TextureInvarianceTest {
    private static final DiscretizedRoi ROI = TextureTestData.randomEllipsoid(11, 9, 7, 8, 42);

    private static void assertSame(Map<String, Double> expected, Map<String, Double> actual, List<String> only) {
        assertEquals(expected.keySet(), actual.keySet());
        for (String k : expected.keySet()) {
            if (only != null && only.stream().noneMatch(k::endsWith)) continue;
            double e = expected.get(k), a = actual.get(k);
            assertEquals(e, a, 1e-9 * Math.max(1, Math.abs(e)), k);
        }
    }

    @Test
    void rotationsAndFlipsLeaveFeaturesUnchanged() {
        for (String aggregation : List.of("pyradiomics", "merged")) {
            RadiomicsSettings s = new RadiomicsSettings();
            s.textureAggregation = aggregation;
            Map<String, Double> base = TextureTestData.all(ROI, s);
            assertTrue(base.values().stream().noneMatch(v -> v.isNaN()), base.toString());
            // 90 degree rotation about z: (x, y) -> (y, -x); about x; a flip; an axis permutation.
            assertSame(base, TextureTestData.all(TextureTestData.transform(ROI, new int[]{1, 0, 2}, new boolean[]{true, false, false}), s), null);
            assertSame(base, TextureTestData.all(TextureTestData.transform(ROI, new int[]{0, 2, 1}, new boolean[]{false, false, true}), s), null);
            assertSame(base, TextureTestData.all(TextureTestData.transform(ROI, new int[]{0, 1, 2}, new boolean[]{false, true, false}), s), null);
            assertSame(base, TextureTestData.all(TextureTestData.transform(ROI, new int[]{2, 0, 1}, new boolean[]{true, true, false}), s), null);
        }
    }

    @Test
    void emptyLevelsDoNotChangeLabelFreeFeatures() {
        // Relabel 1..8 to 3, 7, 11, ... (gaps of empty levels): features that depend only on which voxels share a
        // level are unchanged, because absent levels are removed from the matrices.
        RadiomicsSettings s = new RadiomicsSettings();
        Map<String, Double> base = TextureTestData.all(ROI, s);
        Map<String, Double> gapped = TextureTestData.all(TextureTestData.relabel(ROI, g -> 4 * g - 1), s);
        List<String> labelFree = List.of("glcm_JointEnergy", "glcm_JointEntropy", "glcm_MaximumProbability", "glcm_MCC",
                "glcm_Imc1", "glcm_Imc2", "glrlm_ShortRunEmphasis", "glrlm_LongRunEmphasis", "glrlm_RunEntropy",
                "glrlm_RunPercentage", "glrlm_RunVariance", "glrlm_GrayLevelNonUniformity", "glrlm_RunLengthNonUniformity",
                "glszm_SmallAreaEmphasis", "glszm_LargeAreaEmphasis", "glszm_ZoneEntropy", "glszm_ZonePercentage",
                "glszm_ZoneVariance", "glszm_SizeZoneNonUniformity", "gldm_DependenceEntropy",
                "gldm_DependenceNonUniformity", "gldm_DependenceVariance", "gldm_LargeDependenceEmphasis",
                "gldm_SmallDependenceEmphasis", "gldm_GrayLevelNonUniformity");
        assertSame(base, gapped, labelFree);
        // Level-scaled features follow the relabelling: Contrast with i -> 4i - 1 scales by 16.
        assertEquals(16 * base.get("glcm_Contrast"), gapped.get("glcm_Contrast"), 1e-9 * gapped.get("glcm_Contrast"));
        assertEquals(4 * base.get("glcm_JointAverage") - 1, gapped.get("glcm_JointAverage"), 1e-9 * gapped.get("glcm_JointAverage"));
    }
}
