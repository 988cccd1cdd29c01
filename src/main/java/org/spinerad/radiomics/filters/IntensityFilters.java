package org.spinerad.radiomics.filters;

/**
 * PyRadiomics' voxel-wise image types (getSquareImage, getSquareRootImage, getLogarithmImage, getExponentialImage),
 * computed in double precision with PyRadiomics' range-preserving scaling by M = max|x|. As in PyRadiomics, an image
 * that is all zero gives NaN (division by M = 0).
 */
public final class IntensityFilters {
    private IntensityFilters() {}

    static double maxAbs(float[] image) {
        double m = 0;
        for (float v : image) m = Math.max(m, Math.abs(v));
        return m;
    }

    /** (x / sqrt(M))^2. */
    public static float[] square(float[] image) {
        double c = 1 / Math.sqrt(maxAbs(image));
        float[] out = new float[image.length];
        for (int i = 0; i < image.length; i++) {
            double v = c * image[i];
            out[i] = (float) (v * v);
        }
        return out;
    }

    /** sign(x) sqrt(|x| M). */
    public static float[] squareRoot(float[] image) {
        double c = maxAbs(image);
        float[] out = new float[image.length];
        for (int i = 0; i < image.length; i++) {
            double v = image[i];
            out[i] = (float) (v > 0 ? Math.sqrt(v * c) : v < 0 ? -Math.sqrt(-v * c) : v);
        }
        return out;
    }

    /** sign(x) log(|x| + 1), rescaled so that its maximum magnitude is M. */
    public static float[] logarithm(float[] image) {
        double imMax = maxAbs(image);
        double[] t = new double[image.length];
        double tMax = 0;
        for (int i = 0; i < image.length; i++) {
            double v = image[i];
            t[i] = v > 0 ? Math.log(v + 1) : v < 0 ? -Math.log(-(v - 1)) : v;
            tMax = Math.max(tMax, Math.abs(t[i]));
        }
        double scale = imMax / tMax;
        float[] out = new float[image.length];
        for (int i = 0; i < image.length; i++) out[i] = (float) (t[i] * scale);
        return out;
    }

    /** exp(c x) with c = log(M) / M. */
    public static float[] exponential(float[] image) {
        double m = maxAbs(image);
        double c = Math.log(m) / m;
        float[] out = new float[image.length];
        for (int i = 0; i < image.length; i++) out[i] = (float) Math.exp(c * image[i]);
        return out;
    }
}
