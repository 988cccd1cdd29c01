package org.spinerad.radiomics.filters;

import java.util.ArrayList;
import java.util.List;

import org.spinerad.radiomics.filters.Separable.Boundary;

/**
 * PyRadiomics' getWaveletImage / _swt3: odd dimensions are padded by one voxel with wrap-around, then each level is a
 * one-level undecimated transform {@code pywt.swtn(data, wavelet, level=1, start_level=0, axes)} of the previous
 * approximation (PyRadiomics does not dilate the filters for higher levels), with pywt's periodic convolution.
 * Axes are processed in PyRadiomics' order (x, y, z = numpy axes 2, 1, 0), so the first letter of a sub-band name
 * refers to x: "wavelet-LLH" is low-pass in x and y, high-pass in z. Details are named in pywt's key order (LLH, LHL,
 * LHH, HLL, HLH, HHL, HHH), the approximation "wavelet-LLL" last; levels after the first are named "wavelet2-...".
 */
public final class WaveletFilter {
    private WaveletFilter() {}

    /**
     * @param axes the axes to filter in order (0 = x, 1 = y, 2 = z); {0, 1, 2} for 3D, one removed for force2D
     */
    public static List<FilteredImage> apply(float[] image, int nx, int ny, int nz, String wavelet, int level,
                                            int startLevel, int[] axes) {
        double[][] bank = WaveletBanks.bank(wavelet);
        int px = nx + nx % 2, py = ny + ny % 2, pz = nz + nz % 2;
        float[] data = new float[px * py * pz];
        for (int z = 0; z < pz; z++)
            for (int y = 0; y < py; y++)
                for (int x = 0; x < px; x++)
                    data[x + px * (y + py * z)] = image[x % nx + nx * (y % ny + ny * (z % nz))];
        for (int i = 0; i < startLevel; i++) data = decompose(data, px, py, pz, bank, axes, null, 0, nx, ny, nz);
        List<FilteredImage> out = new ArrayList<>();
        for (int i = 1; i <= level; i++) data = decompose(data, px, py, pz, bank, axes, out, i, nx, ny, nz);
        out.add(new FilteredImage(approximationName(level, axes.length), crop(data, px, py, nx, ny, nz)));
        return out;
    }

    /** The prefixes {@link #apply} produces, in order. */
    public static List<String> prefixes(int level, int nAxes) {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= level; i++)
            for (int band = 1; band < 1 << nAxes; band++) names.add(levelPrefix(i) + bandName(band, nAxes));
        names.add(approximationName(level, nAxes));
        return names;
    }

    private static String levelPrefix(int level) {
        return level == 1 ? "wavelet-" : "wavelet" + level + "-";
    }

    private static String approximationName(int level, int nAxes) {
        return levelPrefix(level) + "L".repeat(nAxes);
    }

    /** Band index bits, most significant first, give the letters (0 = L, 1 = H), as pywt's key order. */
    private static String bandName(int band, int nAxes) {
        StringBuilder sb = new StringBuilder();
        for (int a = nAxes - 1; a >= 0; a--) sb.append((band >> a & 1) == 0 ? 'L' : 'H');
        return sb.toString();
    }

    /** One swtn level on the padded grid; adds cropped details to {@code details} (when not null), returns the approximation. */
    private static float[] decompose(float[] data, int px, int py, int pz, double[][] bank, int[] axes,
                                     List<FilteredImage> details, int level, int nx, int ny, int nz) {
        List<float[]> bands = List.of(data);
        double[][] filters = details == null ? new double[][]{bank[0]} : bank; // approximation only: low-pass chain
        for (int axis : axes) {
            List<float[]> next = new ArrayList<>(bands.size() * 2);
            for (float[] b : bands) {
                for (double[] filter : filters) {
                    float[] r = new float[b.length];
                    Separable.convolve(b, r, px, py, pz, axis, filter, filter.length / 2, Boundary.PERIODIC, false);
                    next.add(r);
                }
            }
            bands = next;
        }
        if (details != null)
            for (int band = 1; band < bands.size(); band++)
                details.add(new FilteredImage(levelPrefix(level) + bandName(band, axes.length),
                        crop(bands.get(band), px, py, nx, ny, nz)));
        return bands.get(0);
    }

    private static float[] crop(float[] padded, int px, int py, int nx, int ny, int nz) {
        if (px == nx && py == ny && padded.length == nx * ny * nz) return padded;
        float[] out = new float[nx * ny * nz];
        for (int z = 0; z < nz; z++)
            for (int y = 0; y < ny; y++)
                System.arraycopy(padded, px * (y + py * z), out, nx * (y + ny * z), nx);
        return out;
    }
}
