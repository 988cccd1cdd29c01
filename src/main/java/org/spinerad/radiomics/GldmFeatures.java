package org.spinerad.radiomics;

import java.util.List;
import java.util.Set;

/**
 * Grey level dependence matrix features ("gldm", IBSI NGLDM) as PyRadiomics computes them: for every ROI voxel, the
 * number of neighbours (Chebyshev distances from {@code distances}, only neighbours inside the ROI) whose level differs
 * by at most {@code gldm_a}; dependence j = that number + 1. Deprecated DependencePercentage (always 1) and
 * GrayLevelNonUniformityNormalized (= firstorder Uniformity) are computed only when enabled by name.
 */
public final class GldmFeatures extends TextureFeatureClass {
    static final List<String> ALL = List.of("DependenceEntropy", "DependenceNonUniformity",
            "DependenceNonUniformityNormalized", "DependencePercentage", "DependenceVariance", "GrayLevelNonUniformity",
            "GrayLevelNonUniformityNormalized", "GrayLevelVariance", "HighGrayLevelEmphasis", "LargeDependenceEmphasis",
            "LargeDependenceHighGrayLevelEmphasis", "LargeDependenceLowGrayLevelEmphasis", "LowGrayLevelEmphasis",
            "SmallDependenceEmphasis", "SmallDependenceHighGrayLevelEmphasis", "SmallDependenceLowGrayLevelEmphasis");
    private static final int[] ORDER = {RunMatrixFeatures.ENTROPY, RunMatrixFeatures.LN, RunMatrixFeatures.LNN,
            RunMatrixFeatures.PERCENT, RunMatrixFeatures.LV, RunMatrixFeatures.GLN, RunMatrixFeatures.GLNN,
            RunMatrixFeatures.GLV, RunMatrixFeatures.HIGH, RunMatrixFeatures.LONG, RunMatrixFeatures.LONG_HIGH,
            RunMatrixFeatures.LONG_LOW, RunMatrixFeatures.LOW, RunMatrixFeatures.SHORT, RunMatrixFeatures.SHORT_HIGH,
            RunMatrixFeatures.SHORT_LOW};

    public GldmFeatures() {
        super("gldm", ALL, Set.of("DependencePercentage", "GrayLevelNonUniformityNormalized"));
    }

    @Override
    double[] computeAll(DiscretizedRoi roi, RadiomicsSettings s) {
        TextureGeometry.GreyLevels levels = TextureGeometry.GreyLevels.of(roi);
        int n = levels.count();
        int[][] offsets = TextureGeometry.bidirectional(TextureGeometry.angles(roi, s.distances, s.force2D, s.force2Ddimension));
        TextureGeometry.NeighbourStats stats = TextureGeometry.neighbourStats(roi, offsets, s.gldm_a);
        int[] level = stats.level(), dependent = stats.dependent(), indexOf = levels.indexOf();
        int cols = offsets.length + 1;
        double[] matrix = new double[n * cols];
        for (int k = 0; k < level.length; k++) matrix[indexOf[level[k]] * cols + dependent[k]]++;
        return RunMatrixFeatures.select(RunMatrixFeatures.statsDense(matrix, n, cols, levels.values(), false), ORDER);
    }
}
