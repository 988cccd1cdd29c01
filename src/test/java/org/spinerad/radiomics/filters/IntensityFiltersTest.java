package org.spinerad.radiomics.filters;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.spinerad.radiomics.RadiomicsSettings;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Square, SquareRoot, Logarithm, Exponential against numpy transcriptions of PyRadiomics' formulas; Gradient. */
class IntensityFiltersTest {
    private static final String FORMULAS = """
            x = im.astype('float64')
            # getSquareImage
            coeff = 1 / np.sqrt(np.max(np.abs(x)))
            emit('square', (coeff * x) ** 2)
            # getSquareRootImage
            a = x.copy()
            coeff = np.max(np.abs(a))
            a[a > 0] = np.sqrt(a[a > 0] * coeff)
            a[a < 0] = - np.sqrt(-a[a < 0] * coeff)
            emit('squareroot', a)
            # getLogarithmImage
            a = x.copy()
            im_max = np.max(np.abs(a))
            a[a > 0] = np.log(a[a > 0] + 1)
            a[a < 0] = - np.log(- (a[a < 0] - 1))
            emit('logarithm', a * (im_max / np.max(np.abs(a))))
            # getExponentialImage
            im_max = np.max(np.abs(x))
            coeff = np.log(im_max) / im_max
            emit('exponential', np.exp(coeff * x))
            """;

    @Test void voxelwiseFiltersMatchPyRadiomicsFormulas() {
        int nx = 7, ny = 6, nz = 5;
        for (double[] range : new double[][]{{-1000, 400}, {0, 3000}, {-2.5, 0.7}}) {
            float[] vol = PyArrays.random(nx * ny * nz, 11, range[0], range[1]);
            vol[3] = 0; // exact zero stays zero in SquareRoot / Logarithm
            Map<String, double[]> ref = PyArrays.run(FORMULAS, vol, nx, ny, nz, new double[]{1, 1, 1});
            for (String type : List.of("Square", "SquareRoot", "Logarithm", "Exponential")) {
                List<FilteredImage> got = ImageFilters.apply(type, Map.of(), vol, nx, ny, nz, new double[]{1, 1, 1},
                        new RadiomicsSettings());
                assertEquals(1, got.size());
                double[] expected = ref.get(got.get(0).prefix());
                double scale = 0;
                for (double v : expected) scale = Math.max(scale, Math.abs(v));
                PyArrays.assertClose(type + " " + range[0], expected, got.get(0).data(), 1e-6 * scale, null);
            }
        }
    }

    @Test void gradientOfLinearRampIsTheSlopeInTheInterior() {
        int nx = 8, ny = 7, nz = 6;
        double[] sp = {0.5, 2, 1.5};
        double ax = 3, ay = -2, az = 0.5; // intensity per mm
        float[] vol = new float[nx * ny * nz];
        for (int z = 0; z < nz; z++)
            for (int y = 0; y < ny; y++)
                for (int x = 0; x < nx; x++) vol[x + nx * (y + ny * z)] = (float) (ax * x * sp[0] + ay * y * sp[1] + az * z * sp[2]);
        float[] g = ImageFilters.apply("Gradient", Map.of(), vol, nx, ny, nz, sp, new RadiomicsSettings()).get(0).data();
        float[] gVox = ImageFilters.apply("Gradient", Map.of("gradientUseSpacing", false), vol, nx, ny, nz, sp,
                new RadiomicsSettings()).get(0).data();
        double slope = Math.sqrt(ax * ax + ay * ay + az * az);
        double slopeVox = Math.hypot(Math.hypot(ax * sp[0], ay * sp[1]), az * sp[2]);
        for (int z = 1; z < nz - 1; z++)
            for (int y = 1; y < ny - 1; y++)
                for (int x = 1; x < nx - 1; x++) {
                    assertEquals(slope, g[x + nx * (y + ny * z)], 1e-4);
                    assertEquals(slopeVox, gVox[x + nx * (y + ny * z)], 1e-4);
                }
    }

    @Test void gradientMatchesNumpyCentralDifferencesWithZeroFluxBorder() {
        int nx = 9, ny = 5, nz = 6;
        double[] sp = {0.7, 1.1, 2.5};
        float[] vol = PyArrays.random(nx * ny * nz, 5, -100, 100);
        Map<String, double[]> ref = PyArrays.run("""
                p = np.pad(im.astype(np.float64), 1, mode='edge')  # ITK zero-flux Neumann boundary
                sp = spacing[::-1]
                gz = (p[2:, 1:-1, 1:-1] - p[:-2, 1:-1, 1:-1]) / (2 * sp[0])
                gy = (p[1:-1, 2:, 1:-1] - p[1:-1, :-2, 1:-1]) / (2 * sp[1])
                gx = (p[1:-1, 1:-1, 2:] - p[1:-1, 1:-1, :-2]) / (2 * sp[2])
                emit('gradient', np.sqrt(gx ** 2 + gy ** 2 + gz ** 2))
                """, vol, nx, ny, nz, sp);
        FilteredImage got = ImageFilters.apply("Gradient", Map.of(), vol, nx, ny, nz, sp, new RadiomicsSettings()).get(0);
        assertEquals("gradient", got.prefix());
        PyArrays.assertClose("gradient", ref.get("gradient"), got.data(), 1e-4, null);
    }
}
