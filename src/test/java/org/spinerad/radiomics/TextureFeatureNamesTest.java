package org.spinerad.radiomics;

import org.junit.jupiter.api.Test;
import org.spinerad.util.SpineRadException;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PyRadiomics names, order (alphabetical getter order), default sets and settings checks. */
class TextureFeatureNamesTest {
    @Test
    void defaultFeatureSetsMatchPyRadiomics() {
        assertEquals(List.of("Autocorrelation", "ClusterProminence", "ClusterShade", "ClusterTendency", "Contrast",
                "Correlation", "DifferenceAverage", "DifferenceEntropy", "DifferenceVariance", "Id", "Idm", "Idmn", "Idn",
                "Imc1", "Imc2", "InverseVariance", "JointAverage", "JointEnergy", "JointEntropy", "MCC",
                "MaximumProbability", "SumAverage", "SumEntropy", "SumSquares"), new GlcmFeatures().featureNames());
        assertEquals(16, new GlrlmFeatures().featureNames().size());
        assertEquals(16, new GlszmFeatures().featureNames().size());
        assertEquals(14, new GldmFeatures().featureNames().size());
        assertEquals(List.of("Busyness", "Coarseness", "Complexity", "Contrast", "Strength"), new NgtdmFeatures().featureNames());
        for (TextureFeatureClass c : TextureTestData.CLASSES) {
            List<String> sorted = c.allNames().stream().sorted().toList(); // Java String order = Python's (UTF-16 / code point)
            assertEquals(sorted, c.allNames(), c.name());
            assertTrue(c.needsDiscretization());
        }
    }

    @Test
    void deprecatedFeaturesOnlyWhenEnabled() {
        DiscretizedRoi roi = TextureTestData.ibsiPhantom();
        RadiomicsSettings s = new RadiomicsSettings();
        Map<String, Double> glcm = new GlcmFeatures().compute(null, roi, s, List.of("SumVariance", "ClusterTendency", "Dissimilarity"));
        assertEquals(List.of("ClusterTendency", "Dissimilarity", "SumVariance"), List.copyOf(glcm.keySet()));
        assertEquals(glcm.get("ClusterTendency"), glcm.get("SumVariance"));
        assertTrue(!new GlcmFeatures().compute(null, roi, s, null).containsKey("SumVariance"));
        assertEquals(1.0, new GldmFeatures().compute(null, roi, s, List.of("DependencePercentage")).get("DependencePercentage"));
    }

    @Test
    void badInputIsReported() {
        DiscretizedRoi roi = TextureTestData.ibsiPhantom();
        RadiomicsSettings s = new RadiomicsSettings();
        assertThrows(SpineRadException.class, () -> new GlcmFeatures().compute(null, roi, s, List.of("Energy")));
        s.textureAggregation = "slice";
        assertThrows(SpineRadException.class, () -> new GlcmFeatures().compute(null, roi, s, null));
        RadiomicsSettings d = new RadiomicsSettings();
        d.distances = List.of(0);
        assertThrows(SpineRadException.class, () -> new NgtdmFeatures().compute(null, roi, d, null));
    }

    @Test
    void emptyRoiGivesNaN() {
        DiscretizedRoi empty = TextureTestData.roi(2, 2, 2, new int[8]);
        for (TextureFeatureClass c : TextureTestData.CLASSES)
            c.compute(null, empty, new RadiomicsSettings(), null).values().forEach(v -> assertTrue(v.isNaN(), c.name()));
    }

    @Test
    void force2DUsesInPlaneDirectionsOnly() {
        DiscretizedRoi roi = TextureTestData.ibsiPhantom();
        assertEquals(13, TextureGeometry.angles(roi, List.of(1), false, 0).length);
        assertEquals(4, TextureGeometry.angles(roi, List.of(1), true, 0).length);
        assertEquals(13 + 49, TextureGeometry.angles(TextureTestData.cube(5, 1), List.of(1, 2), false, 0).length);
        for (int[] a : TextureGeometry.angles(roi, List.of(1), true, 0)) assertEquals(0, a[2]);
    }
}
