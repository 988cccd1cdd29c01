package org.spinerad.deep;

/**
 * Trilinear resampling of a float volume (x fastest) onto a grid of another size, corner-aligned: output voxel i of
 * an axis samples input position {@code i * (nIn - 1) / (nOut - 1)}, so the first and last voxels keep their values
 * and any function linear in x, y and z is reproduced exactly. Done as three separable 1D passes, which equals
 * trilinear interpolation.
 */
public final class Trilinear {
    private Trilinear() {}

    public static float[] resize(float[] src, int nx, int ny, int nz, int ox, int oy, int oz) {
        if (src.length != (long) nx * ny * nz)
            throw new IllegalArgumentException("volume has " + src.length + " voxels, not " + nx + "x" + ny + "x" + nz);
        float[] a = resizeAxis(src, nx, ny * nz, 1, nx, ox);                 // x: stride 1
        float[] b = resizeAxis(a, ny, nz, ox, ox * ny, oy);                  // y: stride ox
        return resizeAxis(b, nz, 1, ox * oy, ox * oy * nz, oz);              // z: stride ox*oy
    }

    /**
     * Resamples one axis of length n to m. The data are {@code outer} blocks of {@code n * inner} values
     * (block stride {@code blockIn}), each block holding the axis with stride {@code inner}.
     */
    private static float[] resizeAxis(float[] in, int n, int outer, int inner, int blockIn, int m) {
        float[] out = new float[outer * m * inner];
        int[] lo = new int[m];
        float[] w = new float[m];
        double scale = m > 1 ? (double) (n - 1) / (m - 1) : 0;
        for (int i = 0; i < m; i++) {
            double pos = i * scale;
            int l = Math.min((int) Math.floor(pos), Math.max(n - 2, 0));
            lo[i] = l;
            w[i] = n > 1 ? (float) (pos - l) : 0f;
        }
        int blockOut = m * inner;
        for (int o = 0; o < outer; o++) {
            int inBase = o * blockIn, outBase = o * blockOut;
            for (int i = 0; i < m; i++) {
                int s0 = inBase + lo[i] * inner, s1 = n > 1 ? s0 + inner : s0, d = outBase + i * inner;
                float wi = w[i], wl = 1 - wi;
                for (int k = 0; k < inner; k++) out[d + k] = wl * in[s0 + k] + wi * in[s1 + k];
            }
        }
        return out;
    }
}
