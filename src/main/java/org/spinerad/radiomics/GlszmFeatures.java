package org.spinerad.radiomics;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Grey level size zone matrix features ("glszm") as PyRadiomics computes them: zones are connected voxels of one level
 * (26-connectivity in 3D, 8 in-plane with force2D), found by an iterative flood fill with an int stack.
 */
public final class GlszmFeatures extends TextureFeatureClass {
    static final List<String> ALL = List.of("GrayLevelNonUniformity", "GrayLevelNonUniformityNormalized",
            "GrayLevelVariance", "HighGrayLevelZoneEmphasis", "LargeAreaEmphasis", "LargeAreaHighGrayLevelEmphasis",
            "LargeAreaLowGrayLevelEmphasis", "LowGrayLevelZoneEmphasis", "SizeZoneNonUniformity",
            "SizeZoneNonUniformityNormalized", "SmallAreaEmphasis", "SmallAreaHighGrayLevelEmphasis",
            "SmallAreaLowGrayLevelEmphasis", "ZoneEntropy", "ZonePercentage", "ZoneVariance");
    private static final int[] ORDER = {RunMatrixFeatures.GLN, RunMatrixFeatures.GLNN, RunMatrixFeatures.GLV,
            RunMatrixFeatures.HIGH, RunMatrixFeatures.LONG, RunMatrixFeatures.LONG_HIGH, RunMatrixFeatures.LONG_LOW,
            RunMatrixFeatures.LOW, RunMatrixFeatures.LN, RunMatrixFeatures.LNN, RunMatrixFeatures.SHORT,
            RunMatrixFeatures.SHORT_HIGH, RunMatrixFeatures.SHORT_LOW, RunMatrixFeatures.ENTROPY,
            RunMatrixFeatures.PERCENT, RunMatrixFeatures.LV};

    public GlszmFeatures() {
        super("glszm", ALL, Set.of());
    }

    @Override
    double[] computeAll(DiscretizedRoi roi, RadiomicsSettings s) {
        TextureGeometry.GreyLevels levels = TextureGeometry.GreyLevels.of(roi);
        int[][] offsets = TextureGeometry.bidirectional(TextureGeometry.angles(roi, List.of(1), s.force2D, s.force2Ddimension));
        long[] zones = zones(roi, offsets, levels.indexOf()); // key = levelIndex << 32 | size
        Arrays.sort(zones);
        int entries = 0, maxSize = 0;
        int[] li = new int[zones.length], size = new int[zones.length];
        double[] count = new double[zones.length];
        for (int k = 0; k < zones.length; k++) {
            if (k > 0 && zones[k] == zones[k - 1]) {
                count[entries - 1]++;
                continue;
            }
            li[entries] = (int) (zones[k] >>> 32);
            size[entries] = (int) zones[k];
            maxSize = Math.max(maxSize, size[entries]);
            count[entries++] = 1;
        }
        double[] stats = RunMatrixFeatures.stats(li, size, count, entries, levels.values(), maxSize, true);
        return RunMatrixFeatures.select(stats, ORDER);
    }

    /** One key (level index << 32 | zone size) per zone, by flood fill over the given neighbour offsets. */
    static long[] zones(DiscretizedRoi roi, int[][] offsets, int[] indexOf) {
        DiscretizedRoi.Padded p = roi.padded(Math.max(1, TextureGeometry.reach(offsets)));
        int[] open = p.levels.clone(), shift = p.shifts(offsets); // level, or 0 once assigned to a zone (or outside)
        int[] stack = new int[p.roiIndex.length];
        long[] keys = new long[16];
        int nZones = 0;
        for (int start : p.roiIndex) {
            int g = open[start];
            if (g == 0) continue;
            int top = 0, size = 0;
            stack[top++] = start;
            open[start] = 0;
            while (top > 0) {
                int v = stack[--top];
                size++;
                for (int s : shift) {
                    int w = v + s;
                    if (open[w] == g) {
                        open[w] = 0;
                        stack[top++] = w;
                    }
                }
            }
            if (nZones == keys.length) keys = Arrays.copyOf(keys, nZones * 2);
            keys[nZones++] = ((long) indexOf[g] << 32) | size;
        }
        return Arrays.copyOf(keys, nZones);
    }
}
