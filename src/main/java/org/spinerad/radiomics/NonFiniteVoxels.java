package org.spinerad.radiomics;

import org.spinerad.image.Volume;
import org.spinerad.util.SpineRadException;

/**
 * The NaN/Inf policy for ROI intensities (docs/hostile-input.md): NaN voxels inside an ROI are excluded from the
 * intensity ROI (as PyRadiomics does) and reported as a warning; infinite voxels inside an ROI are an error, since they
 * would make every intensity feature infinite or NaN.
 */
public final class NonFiniteVoxels {
    private NonFiniteVoxels() {}

    /**
     * Number of NaN image voxels where the mask holds one of {@code labels} (null: any non-zero label); an error naming
     * {@code what} when an infinite voxel is there. Grids of different sizes are not compared (0).
     */
    public static int nanInRoi(Volume image, Volume mask, int[] labels, String what) {
        if (image.size() != mask.size() || image.type().integer) return 0;
        int nan = 0;
        for (int i = 0, n = image.size(); i < n; i++) {
            double v = image.get(i);
            if (Double.isFinite(v) || !inRoi(mask.getInt(i), labels)) continue;
            if (Double.isNaN(v)) nan++;
            else throw new SpineRadException(what + ": infinite voxel value " + v + " inside the ROI (voxel index " + i
                    + "); infinite intensities are not accepted");
        }
        return nan;
    }

    private static boolean inRoi(int label, int[] labels) {
        if (labels == null) return label != 0;
        for (int l : labels) if (l == label) return true;
        return false;
    }

    /** The warnings (none or one) for NaN voxels of the given labels (empty list: every non-zero label). */
    public static java.util.List<String> warnings(Volume image, Volume mask, java.util.List<Integer> labels, String what) {
        int nan = nanInRoi(image, mask, labels.isEmpty() ? null : labels.stream().mapToInt(Integer::intValue).toArray(), what);
        return nan > 0 ? java.util.List.of(warning(nan, what)) : java.util.List.of();
    }

    /** The warning line for dropped NaN voxels. */
    public static String warning(int nan, String what) {
        return what + ": " + nan + " NaN voxel(s) inside the ROI were excluded from the intensity features";
    }
}
