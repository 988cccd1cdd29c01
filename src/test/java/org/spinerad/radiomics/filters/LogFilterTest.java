package org.spinerad.radiomics.filters;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.spinerad.radiomics.RadiomicsSettings;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** LoG against the closed form for a Gaussian blob and against scipy.ndimage Gaussian derivatives. */
class LogFilterTest {
    private static final Map<String, Object> EXACT = Map.of("logMethod", "exact");

    private static RadiomicsSettings sigmas(Double... sigma) {
        RadiomicsSettings s = new RadiomicsSettings();
        s.sigma = List.of(sigma);
        return s;
    }

    @Test void gaussianBlobMatchesClosedFormInInterior() {
        int nx = 48, ny = 48, nz = 36;
        double[] sp = {0.8, 0.8, 1.2};
        double s0 = 4; // blob exp(-r^2 / (2 s0^2)), r in mm
        float[] vol = new float[nx * ny * nz];
        double cx = (nx - 1) / 2.0 * sp[0], cy = (ny - 1) / 2.0 * sp[1], cz = (nz - 1) / 2.0 * sp[2];
        for (int z = 0; z < nz; z++)
            for (int y = 0; y < ny; y++)
                for (int x = 0; x < nx; x++)
                    vol[x + nx * (y + ny * z)] = (float) Math.exp(-r2(x, y, z, sp, cx, cy, cz) / (2 * s0 * s0));
        List<FilteredImage> got = ImageFilters.apply("LoG", EXACT, vol, nx, ny, nz, sp, sigmas(2.0, 3.0));
        List<FilteredImage> recursive = ImageFilters.apply("LoG", Map.of(), vol, nx, ny, nz, sp, sigmas(2.0, 3.0));
        assertEquals(List.of("log-sigma-2-0-mm-3D", "log-sigma-3-0-mm-3D"), got.stream().map(FilteredImage::prefix).toList());
        double[] sigma = {2, 3};
        for (int k = 0; k < 2; k++) {
            double sg = sigma[k], big = s0 * s0 + sg * sg, amp = Math.pow(s0 * s0 / big, 1.5);
            double[] expected = new double[vol.length];
            boolean[] interior = new boolean[vol.length];
            for (int z = 0; z < nz; z++)
                for (int y = 0; y < ny; y++)
                    for (int x = 0; x < nx; x++) {
                        int i = x + nx * (y + ny * z);
                        double r2 = r2(x, y, z, sp, cx, cy, cz);
                        // sigma^2 * Laplacian of amp * exp(-r^2 / (2 S^2))
                        expected[i] = sg * sg * amp * Math.exp(-r2 / (2 * big)) * (r2 / (big * big) - 3 / big);
                        interior[i] = inside(x, nx, sg / sp[0]) && inside(y, ny, sg / sp[1]) && inside(z, nz, sg / sp[2]);
                    }
            // peak magnitude ~0.43 (sigma 2) / 0.55 (sigma 3); observed error ~1.5e-7
            double err = PyArrays.assertClose(got.get(k).prefix(), expected, got.get(k).data(), 1e-5, interior);
            System.out.println("LoG blob sigma " + sg + " max abs error " + err);
            // SimpleITK's Deriche IIR approximation (default, as PyRadiomics): within 1.5% of the peak response
            double errIir = PyArrays.assertClose("recursive " + sg, expected, recursive.get(k).data(), 0.015 * 0.43, interior);
            System.out.println("recursive LoG blob sigma " + sg + " max abs error " + errIir);
        }
    }

    private static boolean inside(int i, int n, double sigmaVoxels) {
        int r = LogFilter.radius(sigmaVoxels);
        return i >= r && i < n - r;
    }

    private static double r2(int x, int y, int z, double[] sp, double cx, double cy, double cz) {
        double dx = x * sp[0] - cx, dy = y * sp[1] - cy, dz = z * sp[2] - cz;
        return dx * dx + dy * dy + dz * dz;
    }

    @Test void randomVolumeMatchesScipyGaussianDerivatives() {
        int nx = 20, ny = 22, nz = 18;
        double[] sp = {0.7, 0.9, 1.5};
        float[] vol = PyArrays.random(nx * ny * nz, 7, -500, 1500);
        List<FilteredImage> got = ImageFilters.apply("LoG", Map.of("sigma", List.of(1.5, 3), "logMethod", "exact"), vol, nx, ny, nz, sp,
                new RadiomicsSettings());
        // sigma in voxels per numpy axis (z, y, x); second derivative per mm^2 along each axis, times sigma^2;
        // mode 'nearest' = constant extension of the edge values (ITK recursive filter boundary)
        Map<String, double[]> ref = PyArrays.run("""
                from scipy import ndimage
                sp = spacing[::-1]
                for sg in [1.5, 3]:
                    sv = [sg / s for s in sp]
                    out = np.zeros(im.shape)
                    for ax in range(3):
                        order = [0, 0, 0]
                        order[ax] = 2
                        out += ndimage.gaussian_filter(im.astype(np.float64), sv, order=order, mode='nearest', truncate=6.0) / sp[ax] ** 2
                    emit('log-sigma-%s-mm-3D' % str(sg).replace('.', '-'), out * sg ** 2)
                """, vol, nx, ny, nz, sp);
        assertEquals(List.copyOf(ref.keySet()), got.stream().map(FilteredImage::prefix).toList());
        for (FilteredImage f : got) { // whole volume, borders included; values up to ~2000, float32 intermediates: observed ~1e-3
            double err = PyArrays.assertClose(f.prefix(), ref.get(f.prefix()), f.data(), 2e-3, null);
            System.out.println(f.prefix() + " vs scipy max abs error " + err);
        }
    }

    @Test void sizeChecksMirrorPyRadiomics() {
        float[] vol = PyArrays.random(10 * 10 * 5, 1, 0, 1);
        double[] sp = {1, 1, 2};
        // 5 slices of 2 mm: sigma 8 needs ceil(8/2)+1 = 5 slices (kept), sigma 9 needs 6 (skipped); sigma 0 skipped
        var got = ImageFilters.apply("LoG", Map.of(), vol, 10, 10, 5, sp, sigmas(0.0, 8.0, 9.0));
        assertEquals(List.of("log-sigma-8-0-mm-3D"), got.stream().map(FilteredImage::prefix).toList());
        assertEquals(List.of("log-sigma-8-0-mm-3D", "log-sigma-9-0-mm-3D"),
                ImageFilters.prefixes("LoG", Map.of(), sigmas(0.0, 8.0, 9.0)));
        // any dimension below 4 voxels: no LoG image at all
        assertEquals(0, ImageFilters.apply("LoG", Map.of(), PyArrays.random(10 * 10 * 3, 1, 0, 1), 10, 10, 3, sp,
                sigmas(1.0)).size());
    }
}
