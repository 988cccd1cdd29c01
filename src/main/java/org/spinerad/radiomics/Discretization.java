package org.spinerad.radiomics;

import org.spinerad.util.SpineRadException;

/**
 * Grey-level discretisation exactly as PyRadiomics {@code imageoperations.getBinEdges} / {@code binImage}.
 *
 * <p>Fixed bin width w: edges {@code lowBound + k*w} with {@code lowBound = min - (min mod w)} (Python's floored
 * modulo, i.e. {@code floor(min/w)*w}) up to {@code max + 2w} (numpy.arange semantics); a flat ROI whose minimum is a
 * multiple of w gets the edges {@code [min-0.5, min+0.5]}. Fixed bin count N: numpy.histogram edges
 * ({@code linspace(min, max, N+1)}, or {@code min±0.5} for a flat ROI) with the last edge raised by 1 so the maximum
 * falls in bin N. Levels are numpy.digitize: the number of edges {@code <= value}.
 *
 * <p>IBSI's fixed bin size (FBS) differs in the bin origin: IBSI uses {@code floor((x - Xmin)/w) + 1} with Xmin the
 * lower re-segmentation bound (or the ROI minimum), PyRadiomics aligns bins to multiples of w from 0; see
 * {@link #ibsiFixedBinSize}. Both agree when Xmin is a multiple of w.
 */
public final class Discretization {
    private Discretization() {}

    /** Discretises the ROI of {@code roi} per settings (binCount when set, else binWidth). */
    public static DiscretizedRoi discretize(RoiImage roi, RadiomicsSettings settings) {
        double[] edges = binEdges(roi.roiValues(), settings);
        int[] levels = new int[roi.image.length];
        for (int i = 0; i < levels.length; i++) if (roi.mask[i]) levels[i] = digitize(roi.image[i], edges);
        return new DiscretizedRoi(roi.nx, roi.ny, roi.nz, roi.spacing, levels);
    }

    /** PyRadiomics {@code getBinEdges} for the ROI values (fixed bin count when {@code settings.binCount} is set). */
    public static double[] binEdges(double[] values, RadiomicsSettings settings) {
        if (values.length == 0) throw new SpineRadException("Cannot discretise an empty ROI");
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            if (v < min) min = v;
            if (v > max) max = v;
        }
        if (settings.binCount != null) return fixedBinCountEdges(min, max, settings.binCount);
        return fixedBinWidthEdges(min, max, settings.binWidth);
    }

    static double[] fixedBinWidthEdges(double min, double max, double binWidth) {
        if (!(binWidth > 0) || !Double.isFinite(binWidth))
            throw new SpineRadException("binWidth must be a positive number, got " + binWidth);
        double lowBound = min - pythonMod(min, binWidth);
        double highBound = max + 2 * binWidth;
        long n = (long) Math.ceil((highBound - lowBound) / binWidth); // numpy.arange length
        if (n > 100_000_000L)
            throw new SpineRadException("binWidth " + binWidth + " gives " + n + " bins for the range [" + min + ", " + max + "]");
        if (n <= 1) return new double[]{lowBound - 0.5, lowBound + 0.5};
        double[] edges = new double[(int) n];
        for (int i = 0; i < n; i++) edges[i] = lowBound + i * binWidth;
        return edges;
    }

    static double[] fixedBinCountEdges(double min, double max, int binCount) {
        if (binCount < 1) throw new SpineRadException("binCount must be >= 1, got " + binCount);
        double first = min, last = max;
        if (first == last) {
            first -= 0.5;
            last += 0.5;
        }
        double[] edges = linspace(first, last, binCount + 1);
        edges[binCount] += 1;
        return edges;
    }

    /** numpy.linspace(start, stop, num) with endpoint. */
    static double[] linspace(double start, double stop, int num) {
        double[] y = new double[num];
        int div = num - 1;
        double delta = stop - start;
        double step = delta / div;
        for (int i = 0; i < num; i++) y[i] = step == 0 ? i / (double) div * delta + start : i * step + start;
        y[num - 1] = stop;
        return y;
    }

    /** numpy.digitize(value, edges) for increasing edges: the number of edges {@code <= value}. */
    public static int digitize(double value, double[] edges) {
        int lo = 0, hi = edges.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (edges[mid] <= value) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /** Python's float modulo (result has the sign of the divisor). */
    static double pythonMod(double x, double m) {
        double r = x % m;
        if (r != 0 && ((r < 0) != (m < 0))) r += m;
        return r;
    }

    /**
     * IBSI fixed bin size discretisation: {@code floor((x - minimum)/binWidth) + 1} inside the ROI, 0 outside, where
     * {@code minimum} is the lower re-segmentation bound (IBSI) or the ROI minimum.
     */
    public static DiscretizedRoi ibsiFixedBinSize(RoiImage roi, double binWidth, double minimum) {
        int[] levels = new int[roi.image.length];
        for (int i = 0; i < levels.length; i++)
            if (roi.mask[i]) levels[i] = (int) Math.floor((roi.image[i] - minimum) / binWidth) + 1;
        return new DiscretizedRoi(roi.nx, roi.ny, roi.nz, roi.spacing, levels);
    }
}
