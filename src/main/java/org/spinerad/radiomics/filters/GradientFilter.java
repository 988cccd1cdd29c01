package org.spinerad.radiomics.filters;

import java.util.stream.IntStream;

/**
 * Gradient magnitude as SimpleITK's GradientMagnitudeImageFilter (PyRadiomics getGradientImage): central differences
 * (x[i+1] - x[i-1]) / 2, divided by the spacing when {@code useSpacing}, with ITK's zero-flux Neumann boundary
 * (x[-1] = x[0], x[n] = x[n-1]).
 */
public final class GradientFilter {
    private GradientFilter() {}

    public static float[] apply(float[] image, int nx, int ny, int nz, double[] spacing, boolean useSpacing) {
        double hx = 0.5 / (useSpacing ? spacing[0] : 1), hy = 0.5 / (useSpacing ? spacing[1] : 1),
                hz = 0.5 / (useSpacing ? spacing[2] : 1);
        float[] out = new float[image.length];
        int sliceSize = nx * ny;
        IntStream.range(0, nz).parallel().forEach(z -> {
            int zm = Math.max(z - 1, 0), zp = Math.min(z + 1, nz - 1);
            for (int y = 0; y < ny; y++) {
                int ym = Math.max(y - 1, 0), yp = Math.min(y + 1, ny - 1);
                int row = nx * (y + ny * z);
                for (int x = 0; x < nx; x++) {
                    int xm = Math.max(x - 1, 0), xp = Math.min(x + 1, nx - 1);
                    double gx = (image[row + xp] - image[row + xm]) * hx;
                    double gy = (image[x + nx * (yp + ny * z)] - image[x + nx * (ym + ny * z)]) * hy;
                    double gz = (image[x + nx * y + sliceSize * zp] - image[x + nx * y + sliceSize * zm]) * hz;
                    out[row + x] = (float) Math.sqrt(gx * gx + gy * gy + gz * gz);
                }
            }
        });
        return out;
    }
}
