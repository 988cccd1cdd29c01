package org.spinerad.radiomics;

import org.spinerad.image.DataType;
import org.spinerad.image.Geometry;
import org.spinerad.image.LabelMap;
import org.spinerad.image.Volume;
import org.spinerad.util.SpineRadException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds the feature-class input from an image and a mask like PyRadiomics' extractor: geometry check, label
 * selection, {@code normalize} (whole image), resampling ({@code resampledPixelSpacing}, grid as
 * {@code imageoperations.resampleImage}), crop to the ROI bounding box plus {@code padDistance} (context for filters),
 * ROI checks ({@code minimumROIDimensions}, {@code minimumROISize}) and intensity re-segmentation.
 *
 * <p>NaN voxels inside the ROI are removed from the intensity ROI (not from the morphological mask) with a warning;
 * an ROI that only holds NaN is an error. Resampled integer images are truncated toward zero and clamped to the input
 * type's range like SimpleITK's ResampleImageFilter (they are stored as float); see docs/radiomics-deviations.md.
 */
public final class Preprocessing {
    private Preprocessing() {}

    /** The preprocessed image on a grid cropped to the ROI bounding box plus padDistance, with both masks. */
    public static final class Prepared {
        /** Image after normalisation/resampling, cropped to the padded bounding box (filters run on this). */
        public final Volume image;
        /** Intensity ROI (after re-segmentation and NaN removal) on {@link #image}'s grid. */
        public final boolean[] mask;
        /** Morphological ROI (label mask; re-segmented only when resegmentShape) on {@link #image}'s grid. */
        public final boolean[] morphologicalMask;
        /** Bounding box of the morphological ROI in {@link #image} index space: {x0, y0, z0, x1, y1, z1} inclusive. */
        public final int[] boundingBox;
        public final List<String> warnings;

        Prepared(Volume image, boolean[] mask, boolean[] morph, List<String> warnings) {
            this.image = image;
            this.mask = mask;
            this.morphologicalMask = morph;
            this.boundingBox = boundingBox(morph, image.geometry());
            this.warnings = List.copyOf(warnings);
        }

        /** Feature-class input: {@link #image} cropped to the ROI bounding box. */
        public RoiImage roi() { return roi(image.floats()); }

        /** Feature-class input for a filtered version of {@link #image} (same grid), cropped to the bounding box. */
        public RoiImage roi(float[] filtered) {
            Geometry g = image.geometry();
            if (filtered.length != g.voxelCount())
                throw new IllegalArgumentException("filtered image has " + filtered.length + " voxels, grid has " + g.voxelCount());
            int[] b = boundingBox;
            int sx = b[3] - b[0] + 1, sy = b[4] - b[1] + 1, sz = b[5] - b[2] + 1;
            float[] img = new float[sx * sy * sz];
            boolean[] m = new boolean[img.length], mm = new boolean[img.length];
            for (int z = 0; z < sz; z++)
                for (int y = 0; y < sy; y++) {
                    int src = g.index(b[0], b[1] + y, b[2] + z), dst = sx * (y + sy * z);
                    System.arraycopy(filtered, src, img, dst, sx);
                    System.arraycopy(mask, src, m, dst, sx);
                    System.arraycopy(morphologicalMask, src, mm, dst, sx);
                }
            return new RoiImage(sx, sy, sz, g.spacing(), img, m, mm);
        }
    }

    /** Convenience: {@link #prepare(Volume, Volume, RadiomicsSettings, String, String)} then {@link Prepared#roi()}. */
    public static RoiImage roiImage(Volume image, Volume mask, RadiomicsSettings s, String imageName, String maskName) {
        return prepare(image, mask, s, imageName, maskName).roi();
    }

    public static Prepared prepare(Volume image, LabelMap mask, RadiomicsSettings s, String imageName, String maskName) {
        return prepare(image, mask.volume(), s, imageName, maskName);
    }

    /**
     * Runs the preprocessing chain; {@code mask} voxels equal to {@code s.label} form the ROI.
     *
     * @throws SpineRadException naming the inputs when the grids differ, the label is absent, or the ROI fails a check
     */
    public static Prepared prepare(Volume image, Volume mask, RadiomicsSettings s, String imageName, String maskName) {
        String what = "image '" + imageName + "' / mask '" + maskName + "'";
        String mismatch = image.geometry().mismatch(mask.geometry(), s.geometryTolerance);
        boolean[] label;
        if (mismatch == null) label = labelMask(mask, s.label);
        else if (s.correctMask) label = labelMaskOnGrid(mask, s.label, image.geometry(), what);
        else
            throw new SpineRadException("Mask '" + maskName + "' does not lie on the grid of image '" + imageName
                    + "' (" + mismatch + "); resample the mask to the image first or set correctMask");
        if (count(label) == 0)
            throw new SpineRadException("Label " + s.label + " is not present in mask '" + maskName + "' (empty ROI)");
        List<String> warnings = new ArrayList<>();
        Volume img = s.normalize ? normalize(image, s.normalizeScale, s.removeOutliers) : image;

        Resampled r = s.resampledPixelSpacing == null ? null
                : resample(img, label, s.resampledPixelSpacing, s.interpolator, s.padDistance, what);
        if (r == null) r = cropWithPadding(img, label, s.padDistance);
        Volume croppedImage = r.image;
        boolean[] roi = r.mask;
        checkRoi(roi, croppedImage.geometry(), s, what, "ROI");
        float[] values = croppedImage.floats();
        boolean[] intensity = roi.clone();
        int nan = 0;
        for (int i = 0; i < values.length; i++)
            if (intensity[i] && Float.isNaN(values[i])) {
                intensity[i] = false;
                nan++;
            }
        if (nan == count(roi)) throw new SpineRadException("All ROI voxels of " + what + " are NaN");
        if (nan > 0) warnings.add(nan + " NaN voxel(s) in the ROI of " + what + " were excluded from the intensity ROI");
        if (s.resegmentRange != null) intensity = resegment(values, intensity, s.resegmentRange, s.resegmentMode, what);
        if (nan > 0 || s.resegmentRange != null) checkRoi(intensity, croppedImage.geometry(), s, what, "intensity ROI");
        boolean[] morph = s.resegmentShape ? intensity : roi;
        return new Prepared(croppedImage, intensity, morph, warnings);
    }

    private static int count(boolean[] m) {
        int c = 0;
        for (boolean b : m) if (b) c++;
        return c;
    }

    private static boolean[] labelMask(Volume mask, int label) {
        boolean[] m = new boolean[mask.size()];
        for (int i = 0; i < m.length; i++) m[i] = mask.get(i) == label;
        return m;
    }

    /**
     * PyRadiomics correctMask: the label resampled (nearest neighbour) onto the image grid; an error when labelled
     * voxels of the mask lie outside the image.
     */
    static boolean[] labelMaskOnGrid(Volume mask, int label, Geometry target, String what) {
        Geometry mg = mask.geometry();
        for (int i = 0; i < mask.size(); i++) {
            if (mask.get(i) != label) continue;
            double[] c = target.worldToIndex(mg.indexToWorld(i % mg.nx(), (i / mg.nx()) % mg.ny(), i / (mg.nx() * mg.ny())));
            for (int a = 0; a < 3; a++)
                if (c[a] < -0.5 || c[a] >= target.dims()[a] - 0.5)
                    throw new SpineRadException("The ROI of " + what + " extends outside the image, cannot correct the mask");
        }
        boolean[] out = new boolean[target.voxelCount()];
        for (int z = 0, o = 0; z < target.nz(); z++)
            for (int y = 0; y < target.ny(); y++)
                for (int x = 0; x < target.nx(); x++, o++) {
                    double[] c = mg.worldToIndex(target.indexToWorld(x, y, z));
                    int ix = (int) Math.floor(c[0] + 0.5), iy = (int) Math.floor(c[1] + 0.5), iz = (int) Math.floor(c[2] + 0.5);
                    out[o] = mg.contains(ix, iy, iz) && mask.get(mg.index(ix, iy, iz)) == label;
                }
        return out;
    }

    /** PyRadiomics checkMask: minimum number of dimensions with extent > 1 and minimum voxel count. */
    static void checkRoi(boolean[] roi, Geometry g, RadiomicsSettings s, String what, String kind) {
        int count = count(roi);
        if (count == 0) throw new SpineRadException("The " + kind + " of " + what + " is empty");
        int[] bb = boundingBox(roi, g);
        int dims = 0;
        for (int a = 0; a < 3; a++) if (bb[a + 3] > bb[a]) dims++;
        if (dims == 0)
            throw new SpineRadException("The " + kind + " of " + what + " is a single voxel; features cannot be computed (as PyRadiomics)");
        if (dims < s.minimumROIDimensions)
            throw new SpineRadException("The " + kind + " of " + what + " spans " + dims + " dimension(s) (" + count
                    + " voxel(s)); minimumROIDimensions is " + s.minimumROIDimensions);
        if (s.minimumROISize != null && count < s.minimumROISize)
            throw new SpineRadException("The " + kind + " of " + what + " has " + count + " voxels; minimumROISize is " + s.minimumROISize);
    }

    /** Inclusive bounding box {x0, y0, z0, x1, y1, z1} of a mask on a grid. */
    static int[] boundingBox(boolean[] m, Geometry g) {
        int nx = g.nx(), ny = g.ny();
        int[] bb = {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, -1, -1, -1};
        for (int i = 0; i < m.length; i++) {
            if (!m[i]) continue;
            int x = i % nx, y = (i / nx) % ny, z = i / (nx * ny);
            bb[0] = Math.min(bb[0], x);
            bb[1] = Math.min(bb[1], y);
            bb[2] = Math.min(bb[2], z);
            bb[3] = Math.max(bb[3], x);
            bb[4] = Math.max(bb[4], y);
            bb[5] = Math.max(bb[5], z);
        }
        return bb;
    }

    /** Crops image and ROI to the ROI bounding box plus {@code padDistance} voxels (clipped to the image). */
    static Resampled cropWithPadding(Volume img, boolean[] label, int padDistance) {
        Geometry g = img.geometry();
        int[] bb = boundingBox(label, g);
        int p = Math.max(0, padDistance);
        int x0 = Math.max(0, bb[0] - p), y0 = Math.max(0, bb[1] - p), z0 = Math.max(0, bb[2] - p);
        int x1 = Math.min(g.nx() - 1, bb[3] + p), y1 = Math.min(g.ny() - 1, bb[4] + p), z1 = Math.min(g.nz() - 1, bb[5] + p);
        Volume cropped = img.crop(x0, y0, z0, x1 - x0 + 1, y1 - y0 + 1, z1 - z0 + 1);
        return new Resampled(cropped, cropMask(label, g, x0, y0, z0, cropped.geometry()));
    }

    private static boolean[] cropMask(boolean[] m, Geometry g, int x0, int y0, int z0, Geometry out) {
        boolean[] r = new boolean[out.voxelCount()];
        for (int z = 0; z < out.nz(); z++)
            for (int y = 0; y < out.ny(); y++)
                System.arraycopy(m, g.index(x0, y0 + y, z0 + z), r, out.index(0, y, z), out.nx());
        return r;
    }

    /**
     * PyRadiomics {@code normalizeImage}: (x - mean) / sd over the whole image (sd with N-1, as ITK's
     * NormalizeImageFilter; NaN voxels are ignored and stay NaN), clipped to ±removeOutliers when set, then
     * multiplied by scale.
     */
    public static Volume normalize(Volume image, double scale, Double removeOutliers) {
        int size = image.size();
        long n = 0;
        double sum = 0, sum2 = 0;
        for (int i = 0; i < size; i++) {
            double v = image.get(i);
            if (Double.isNaN(v)) continue;
            sum += v;
            sum2 += v * v;
            n++;
        }
        double mean = sum / n;
        double var = n > 1 ? (sum2 - sum * sum / n) / (n - 1) : 0;
        double sd = Math.sqrt(Math.max(var, 0));
        float[] out = new float[size];
        for (int i = 0; i < size; i++) {
            double z = sd > 0 ? (image.get(i) - mean) / sd : 0;
            if (removeOutliers != null) z = Math.max(-removeOutliers, Math.min(removeOutliers, z));
            out[i] = (float) (z * scale);
        }
        Volume v = Volume.ofFloats(image.geometry(), out);
        v.metadata().putAll(image.metadata());
        return v;
    }

    /**
     * PyRadiomics {@code resegmentMask}: keeps ROI voxels within [lower, upper]; "absolute" uses the values as given,
     * "relative" multiplies them by the ROI maximum, "sigma" maps t to mean + t*sd (population sd) of the ROI.
     * NaN bounds are open. Fewer than 2 remaining voxels is an error.
     */
    public static boolean[] resegment(float[] image, boolean[] roi, double[] range, String mode, String what) {
        if (range.length == 0 || range.length > 2)
            throw new SpineRadException("resegmentRange needs 1 or 2 values, got " + range.length);
        double lo = range[0], hi = range.length > 1 ? range[1] : Double.NaN;
        if (!Double.isNaN(lo) && !Double.isNaN(hi) && lo > hi) {
            double t = lo;
            lo = hi;
            hi = t;
        }
        double max = Double.NEGATIVE_INFINITY, sum = 0, sum2 = 0;
        int n = 0;
        for (int i = 0; i < image.length; i++)
            if (roi[i]) {
                double v = image[i];
                max = Math.max(max, v);
                sum += v;
                sum2 += v * v;
                n++;
            }
        switch (mode == null ? "absolute" : mode) {
            case "absolute" -> { }
            case "relative" -> {
                lo *= max;
                hi *= max;
            }
            case "sigma" -> {
                double mean = sum / n, sd = Math.sqrt(Math.max(0, sum2 / n - mean * mean));
                lo = mean + sd * lo;
                hi = mean + sd * hi;
            }
            default -> throw new SpineRadException("resegmentMode must be absolute, relative or sigma, got '" + mode + "'");
        }
        boolean[] out = new boolean[roi.length];
        int kept = 0;
        for (int i = 0; i < image.length; i++)
            if (roi[i] && (Double.isNaN(lo) || image[i] >= lo) && (Double.isNaN(hi) || image[i] <= hi)) {
                out[i] = true;
                kept++;
            }
        if (kept <= 1)
            throw new SpineRadException("Re-segmentation of " + what + " to " + Arrays.toString(range) + " (" + mode
                    + ") leaves " + kept + " voxel(s)");
        return out;
    }

    /** A resampled image and ROI mask on PyRadiomics' cropped output grid. */
    record Resampled(Volume image, boolean[] mask) {}

    /**
     * PyRadiomics {@code resampleImage}: the output grid keeps the direction, has the new spacing (0 = keep, and axes
     * where the ROI is one voxel thick keep their spacing), is aligned so that the corner of the first voxel stays at
     * the input corner, and covers the ROI bounding box plus padDistance new voxels, clipped to the image extent.
     * Image: sitkBSpline (cubic B-spline with prefilter, mirror boundary), sitkLinear or sitkNearestNeighbor; mask:
     * nearest neighbour; points outside the input get 0. Returns null when the spacing does not change.
     */
    static Resampled resample(Volume image, boolean[] roi, double[] target, String interpolator, int padDistance, String what) {
        Geometry g = image.geometry();
        if (target.length != 3) throw new SpineRadException("resampledPixelSpacing needs 3 values, got " + target.length);
        double[] spacing = g.spacing();
        int[] size = g.dims();
        int[] bb = boundingBox(roi, g);
        double[] rs = new double[3];
        for (int a = 0; a < 3; a++) {
            if (target[a] < 0 || !Double.isFinite(target[a]))
                throw new SpineRadException("resampledPixelSpacing must be >= 0, got " + Arrays.toString(target));
            rs[a] = target[a] == 0 || bb[a + 3] == bb[a] ? spacing[a] : target[a];
        }
        boolean same = true;
        for (int a = 0; a < 3; a++) same &= Math.abs(spacing[a] - rs[a]) <= 1e-8 + 1e-5 * Math.abs(rs[a]);
        if (same) return null; // PyRadiomics then only crops
        int[] newSize = new int[3];
        double[] start = new double[3], step = new double[3];
        for (int a = 0; a < 3; a++) {
            double ratio = spacing[a] / rs[a];
            double lo = Math.floor((bb[a] - 0.5) * ratio - padDistance);
            double up = Math.ceil((bb[a + 3] + 1 - 0.5) * ratio + padDistance);
            double maxUp = Math.ceil(size[a] * ratio) - 1;
            if (lo < 0) lo = 0;
            if (up > maxUp) up = maxUp;
            newSize[a] = (int) (up - lo + 1);
            step[a] = rs[a] / spacing[a];
            start[a] = 0.5 * (rs[a] - spacing[a]) / spacing[a] + lo / ratio;
        }
        if ((long) newSize[0] * newSize[1] * newSize[2] > Integer.MAX_VALUE - 8)
            throw new SpineRadException("Resampling " + what + " to " + Arrays.toString(rs) + " mm gives too many voxels");
        Geometry out = new Geometry(newSize, rs, g.indexToWorld(start[0], start[1], start[2]), g.direction());
        float[] img = Interpolation.resample(image, start, step, newSize, interpolator);
        boolean[] m = Interpolation.resampleNearest(roi, size, start, step, newSize);
        Volume v = Volume.wrap(out, DataType.FLOAT32, img);
        v.metadata().putAll(image.metadata());
        boolean any = false;
        for (boolean b : m) any |= b;
        if (!any) throw new SpineRadException("The ROI of " + what + " vanished when resampled to " + Arrays.toString(rs) + " mm");
        return new Resampled(v, m);
    }
}
