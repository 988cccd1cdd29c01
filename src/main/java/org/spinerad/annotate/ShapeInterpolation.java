package org.spinerad.annotate;

/**
 * Shape-based interpolation between two slice masks (Raya &amp; Udupa 1990; Herman et al. 1992): each mask becomes a
 * signed distance map ({@link DistanceTransform#signed}, exact Euclidean distances in mm), the maps are blended
 * linearly, and the blend is thresholded at 0 (a pixel is inside when the blend is &ge; 0). Two identical masks give
 * back the same mask on every slice between them; two concentric discs give discs whose radius is the linear blend.
 */
public final class ShapeInterpolation {
    private final double[] from, to;

    /** Masks of nx x ny pixels of size (pixelWidth, pixelHeight) on the two end slices. */
    public ShapeInterpolation(boolean[] maskFrom, boolean[] maskTo, int nx, int ny, double pixelWidth, double pixelHeight) {
        from = DistanceTransform.signed(maskFrom, nx, ny, pixelWidth, pixelHeight);
        to = DistanceTransform.signed(maskTo, nx, ny, pixelWidth, pixelHeight);
    }

    /** The mask at fraction t of the way from the first slice (t = 0) to the second (t = 1). */
    public boolean[] at(double t) {
        boolean[] out = new boolean[from.length];
        for (int i = 0; i < out.length; i++) out[i] = (1 - t) * from[i] + t * to[i] >= 0;
        return out;
    }
}
