package org.spinerad.segment;

import org.spinerad.util.SpineRadException;

import java.util.Arrays;

/**
 * nnU-Net's CT normalisation: clip intensities to the 0.5th and 99.5th percentiles of the training foreground, then
 * z-score with the foreground's mean and standard deviation (computed after clipping). The four numbers travel in the
 * model manifest so that inference normalises exactly as training did.
 */
public record CtNormalization(double clipLow, double clipHigh, double mean, double std) {

    public CtNormalization {
        if (!(clipLow <= clipHigh) || !Double.isFinite(clipLow) || !Double.isFinite(clipHigh) || !Double.isFinite(mean)
                || !(std > 0) || !Double.isFinite(std))
            throw new SpineRadException("invalid CT normalisation: clip [" + clipLow + ", " + clipHigh + "], mean " + mean
                    + ", std " + std + " (need low <= high, std > 0, all finite)");
    }

    /** Percentiles (linear interpolation, as numpy's default) and clipped mean/std of foreground intensities. */
    public static CtNormalization fromForeground(float[] foreground, int count) {
        if (count < 2) throw new SpineRadException("cannot compute the CT normalisation: the training labels hold fewer than 2 foreground voxels");
        float[] v = Arrays.copyOf(foreground, count);
        Arrays.sort(v);
        double lo = percentile(v, 0.5), hi = percentile(v, 99.5);
        double sum = 0, sumSq = 0;
        for (float f : v) {
            double c = Math.max(lo, Math.min(hi, f));
            sum += c;
            sumSq += c * c;
        }
        double mean = sum / count, var = Math.max(0, sumSq / count - mean * mean);
        return new CtNormalization(lo, hi, mean, Math.max(Math.sqrt(var), 1e-8));
    }

    static double percentile(float[] sorted, double pct) {
        double pos = pct / 100 * (sorted.length - 1);
        int i = (int) Math.floor(pos);
        if (i >= sorted.length - 1) return sorted[sorted.length - 1];
        return sorted[i] + (pos - i) * (sorted[i + 1] - sorted[i]);
    }

    /** Normalised value of an intensity. */
    public float apply(double v) { return (float) ((Math.max(clipLow, Math.min(clipHigh, v)) - mean) / std); }

    /** Normalises a whole array into a new one. */
    public float[] apply(float[] in) {
        float[] out = new float[in.length];
        for (int i = 0; i < in.length; i++) out[i] = apply(in[i]);
        return out;
    }

    /** Value used for voxels outside the image (padding, rotated-in corners): the normalised lower clip limit. */
    public float padValue() { return apply(clipLow); }
}
