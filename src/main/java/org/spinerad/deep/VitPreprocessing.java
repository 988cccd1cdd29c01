package org.spinerad.deep;

import org.spinerad.image.Geometry;
import org.spinerad.image.Volume;
import org.spinerad.util.SpineRadException;

import java.util.Arrays;

/**
 * Turns an image and an ROI into the network's input: crop to the ROI's bounding box enlarged by {@code marginMm} on
 * every side (clamped to the image), resize to {@code size}³ with corner-aligned {@link Trilinear} interpolation, then
 * z-score over the resized cube (a constant cube becomes all zeros).
 */
public record VitPreprocessing(int size, double marginMm) {

    public VitPreprocessing {
        if (size < 1) throw new SpineRadException("preprocessing: input size must be >= 1, got " + size);
        if (!(marginMm >= 0) || !Double.isFinite(marginMm))
            throw new SpineRadException("preprocessing: margin must be a finite number >= 0 mm, got " + marginMm);
    }

    public static final double DEFAULT_MARGIN_MM = 5;

    public static VitPreprocessing of(VitConfig config) { return new VitPreprocessing(config.inputSize(), DEFAULT_MARGIN_MM); }

    /**
     * The network input ({@code size}³ floats, x fastest) for the voxels of {@code mask} whose value is one of
     * {@code labels}. {@code source} names the image/mask in errors (empty ROI, grid mismatch, non-finite values).
     */
    public float[] prepare(Volume image, Volume mask, int[] labels, String source) {
        Geometry g = image.geometry();
        if (g.nx() != mask.nx() || g.ny() != mask.ny() || g.nz() != mask.nz())
            throw new SpineRadException(source + ": mask is " + mask.nx() + "x" + mask.ny() + "x" + mask.nz()
                    + " voxels but the image is " + g.nx() + "x" + g.ny() + "x" + g.nz());
        int[] box = boundingBox(mask, labels);
        if (box == null)
            throw new SpineRadException(source + ": the ROI (labels " + Arrays.toString(labels) + ") is empty in the mask");
        int[] dims = {g.nx(), g.ny(), g.nz()};
        int[] lo = new int[3], n = new int[3];
        for (int d = 0; d < 3; d++) {
            int m = (int) Math.ceil(marginMm / g.spacing(d) - 1e-9);
            lo[d] = Math.max(0, box[d] - m);
            n[d] = Math.min(dims[d] - 1, box[d + 3] + m) - lo[d] + 1;
        }
        float[] crop = image.crop(lo[0], lo[1], lo[2], n[0], n[1], n[2]).floats();
        for (float v : crop)
            if (!Float.isFinite(v)) throw new SpineRadException(source + ": the image has non-finite voxel values inside the ROI box");
        float[] out = Trilinear.resize(crop, n[0], n[1], n[2], size, size, size);
        zScore(out);
        return out;
    }

    /** {xmin, ymin, zmin, xmax, ymax, zmax} of the voxels carrying one of the labels, or null when there are none. */
    static int[] boundingBox(Volume mask, int[] labels) {
        int nx = mask.nx(), ny = mask.ny(), nz = mask.nz();
        int[] box = {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, -1, -1, -1};
        int minLabel = Integer.MAX_VALUE, maxLabel = Integer.MIN_VALUE;
        for (int l : labels) {
            minLabel = Math.min(minLabel, l);
            maxLabel = Math.max(maxLabel, l);
        }
        boolean[] wanted = new boolean[labels.length == 0 ? 0 : maxLabel - minLabel + 1];
        for (int l : labels) wanted[l - minLabel] = true;
        for (int z = 0, i = 0; z < nz; z++)
            for (int y = 0; y < ny; y++)
                for (int x = 0; x < nx; x++, i++) {
                    int v = mask.getInt(i);
                    if (v < minLabel || v > maxLabel || !wanted[v - minLabel]) continue;
                    if (x < box[0]) box[0] = x;
                    if (y < box[1]) box[1] = y;
                    if (z < box[2]) box[2] = z;
                    if (x > box[3]) box[3] = x;
                    if (y > box[4]) box[4] = y;
                    if (z > box[5]) box[5] = z;
                }
        return box[3] < 0 ? null : box;
    }

    /** In place: subtract the mean, divide by the (population) standard deviation when it is positive. */
    static void zScore(float[] v) {
        double sum = 0;
        for (float f : v) sum += f;
        double mean = sum / v.length, ss = 0;
        for (float f : v) ss += (f - mean) * (f - mean);
        double sd = Math.sqrt(ss / v.length);
        double inv = sd > 0 ? 1 / sd : 0;
        for (int i = 0; i < v.length; i++) v[i] = (float) ((v[i] - mean) * inv);
    }
}
