package org.spinerad.radiomics;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Grey level run length matrix features ("glrlm") as PyRadiomics computes them: one GLRLM per direction (13 in 3D,
 * distance 1), a run being consecutive ROI voxels of one level along the direction; directions in which every line
 * holds at most one ROI voxel are dropped, empty directions too; features per direction, then averaged (IBSI
 * "3D averaged"), or on the summed matrix with {@code textureAggregation = "merged"} / a {@code weightingNorm}.
 */
public final class GlrlmFeatures extends TextureFeatureClass {
    static final List<String> ALL = List.of("GrayLevelNonUniformity", "GrayLevelNonUniformityNormalized",
            "GrayLevelVariance", "HighGrayLevelRunEmphasis", "LongRunEmphasis", "LongRunHighGrayLevelEmphasis",
            "LongRunLowGrayLevelEmphasis", "LowGrayLevelRunEmphasis", "RunEntropy", "RunLengthNonUniformity",
            "RunLengthNonUniformityNormalized", "RunPercentage", "RunVariance", "ShortRunEmphasis",
            "ShortRunHighGrayLevelEmphasis", "ShortRunLowGrayLevelEmphasis");

    public GlrlmFeatures() {
        super("glrlm", ALL, Set.of());
    }

    @Override
    double[] computeAll(DiscretizedRoi roi, RadiomicsSettings s) {
        TextureGeometry.GreyLevels levels = TextureGeometry.GreyLevels.of(roi);
        int n = levels.count();
        int maxRun = Math.max(roi.nx, Math.max(roi.ny, roi.nz));
        int[][] angles = TextureGeometry.angles(roi, List.of(1), s.force2D, s.force2Ddimension);
        double[] weights = TextureGeometry.weights(angles, roi.spacing, s.weightingNorm, false);
        boolean merge = TextureGeometry.mergesDirections(s);
        double[] matrix = new double[n * maxRun];
        double[] merged = merge ? new double[n * maxRun] : null;
        double[][] perAngle = new double[angles.length][];
        int used = 0;
        for (int a = 0; a < angles.length; a++) {
            Arrays.fill(matrix, 0);
            if (!countRuns(roi, angles[a], levels.indexOf(), maxRun, matrix)) continue; // single-element lines only
            if (merge) {
                double w = weights == null ? 1 : weights[a];
                for (int k = 0; k < matrix.length; k++) merged[k] += w * matrix[k];
            } else {
                perAngle[used++] = RunMatrixFeatures.runLength(matrix, n, maxRun, levels.values());
            }
        }
        if (merge) return RunMatrixFeatures.runLength(merged, n, maxRun, levels.values());
        if (used == 0) return RunMatrixFeatures.runLength(new double[n * maxRun], n, maxRun, levels.values());
        return TextureGeometry.nanMean(Arrays.copyOf(perAngle, used), ALL.size());
    }

    /**
     * Adds the runs along {@code angle} to {@code matrix} (level index x run length - 1). Each line of the box along the
     * direction is walked once from its first voxel. Returns false when no line holds more than one ROI voxel
     * (PyRadiomics then discards the direction).
     */
    static boolean countRuns(DiscretizedRoi roi, int[] angle, int[] indexOf, int maxRun, double[] matrix) {
        int dx = angle[0], dy = angle[1], dz = angle[2];
        int nx = roi.nx, ny = roi.ny, nz = roi.nz;
        int[] lv = roi.levels;
        boolean multiElement = false;
        for (int z = 0; z < nz; z++)
            for (int y = 0; y < ny; y++) {
                boolean rowStarts = !inRange(y - dy, ny) || !inRange(z - dz, nz); // every voxel of the row starts a line
                int xFrom = rowStarts || dx >= 0 ? 0 : Math.max(0, nx + dx); // else lines start where x - dx leaves the box
                int xTo = rowStarts || dx < 0 ? nx : Math.min(nx, dx);
                for (int x = xFrom; x < xTo; x++)
                    if (countLine(lv, x + nx * (y + ny * z), dx + nx * (dy + ny * dz),
                            Math.min(steps(x, dx, nx), Math.min(steps(y, dy, ny), steps(z, dz, nz))),
                            indexOf, maxRun, matrix) > 1) multiElement = true;
            }
        return multiElement;
    }

    private static boolean inRange(int c, int n) { return c >= 0 && c < n; }

    /** Number of voxels from coordinate c along step d before leaving [0, n). */
    private static int steps(int c, int d, int n) {
        if (d > 0) return (n - 1 - c) / d + 1;
        if (d < 0) return c / -d + 1;
        return Integer.MAX_VALUE;
    }

    /** Adds the runs of one line ({@code length} voxels from {@code start}); returns its number of ROI voxels. */
    private static int countLine(int[] lv, int start, int step, int length, int[] indexOf, int maxRun, double[] matrix) {
        int run = 0, level = 0, elements = 0;
        for (int t = 0, j = start; t < length; t++, j += step) {
            int g = lv[j];
            elements += -g >>> 31; // 1 for g > 0
            if (g != level) {
                if (level != 0) matrix[indexOf[level] * maxRun + run - 1]++;
                level = g;
                run = 0;
            }
            run++; // a run of zeros is never recorded
        }
        if (level != 0) matrix[indexOf[level] * maxRun + run - 1]++;
        return elements;
    }
}
