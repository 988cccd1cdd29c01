package org.spinerad.radiomics.filters;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.spinerad.radiomics.RadiomicsSettings;
import org.spinerad.util.SpineRadException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * LBP2D against a Python transcription of scikit-image's {@code _local_binary_pattern} (skimage/feature/_texture.pyx,
 * bilinear_interpolation of skimage/_shared/interpolation.pxd) driven as PyRadiomics' getLBP2DImage (swapaxes).
 */
class Lbp2dFilterTest {
    private static final String LBP2D = """
            import math
            P, R, method, axis = int(extra[0]), float(extra[1]), extra[2], int(extra[3])
            def pixel(img, r, c):
                rows, cols = img.shape
                return 0.0 if r < 0 or r >= rows or c < 0 or c >= cols else float(img[r, c])
            def bilinear(img, r, c):
                minr, minc, maxr, maxc = math.floor(r), math.floor(c), math.ceil(r), math.ceil(c)
                dr, dc = r - minr, c - minc
                top = (1 - dc) * pixel(img, minr, minc) + dc * pixel(img, minr, maxc)
                bottom = (1 - dc) * pixel(img, maxr, minc) + dc * pixel(img, maxr, maxc)
                return (1 - dr) * top + dr * bottom
            def lbp_slice(img):
                img = np.ascontiguousarray(img, dtype=np.float64)
                rp = np.round(-R * np.sin(2 * np.pi * np.arange(P, dtype=np.double) / P), 5)
                cp = np.round(R * np.cos(2 * np.pi * np.arange(P, dtype=np.double) / P), 5)
                out = np.zeros(img.shape)
                for r in range(img.shape[0]):
                    for c in range(img.shape[1]):
                        texture = [bilinear(img, r + rp[i], c + cp[i]) for i in range(P)]
                        signed = [1 if t - img[r, c] >= 0 else 0 for t in texture]
                        lbp = 0
                        if method == 'var':
                            s = sum(texture); v = sum(t * t for t in texture)
                            v = (v - s * s / P) / P
                            lbp = v if v != 0 else np.nan
                        elif method in ('uniform', 'nri_uniform'):
                            changes = sum(1 for i in range(P - 1) if signed[i] != signed[i + 1])
                            if method == 'nri_uniform':
                                if changes <= 2:
                                    n_ones = sum(signed)
                                    first_one = signed.index(1) if 1 in signed else -1
                                    first_zero = signed.index(0) if 0 in signed else -1
                                    if n_ones == 0: lbp = 0
                                    elif n_ones == P: lbp = P * (P - 1) + 1
                                    else:
                                        rot = n_ones - first_zero if first_one == 0 else P - first_one
                                        lbp = 1 + (n_ones - 1) * P + rot
                                else:
                                    lbp = P * (P - 1) + 2
                            else:
                                lbp = sum(signed) if changes <= 2 else P + 1
                        else:
                            lbp = sum(signed[i] * 2 ** i for i in range(P))
                            if method == 'ror':
                                chain = [lbp]
                                for i in range(1, P):
                                    v = chain[-1]
                                    chain.append((v >> 1) | ((v & 1) << (P - 1)))
                                lbp = min(chain)
                        out[r, c] = lbp
                return out
            # PyRadiomics getLBP2DImage
            im_arr = im.copy().swapaxes(0, axis)
            for idx in range(im_arr.shape[0]):
                im_arr[idx, ...] = lbp_slice(im_arr[idx, ...])
            emit('lbp-2D', im_arr.swapaxes(0, axis))
            """;

    @Test void allMethodsAndAxesMatchScikitImageAlgorithm() {
        int nx = 7, ny = 6, nz = 5;
        float[] vol = PyArrays.random(nx * ny * nz, 8, 0, 20);
        for (int i = 0; i < vol.length; i += 9) vol[i] = Math.round(vol[i]); // some ties
        for (String method : List.of("default", "ror", "uniform", "nri_uniform", "var"))
            for (int axis = 0; axis < 3; axis++) {
                int samples = axis == 1 ? 12 : 8;
                double radius = axis == 1 ? 1.5 : 1;
                RadiomicsSettings s = new RadiomicsSettings();
                s.force2D = true;
                s.force2Ddimension = axis;
                List<FilteredImage> got = ImageFilters.apply("LBP2D", Map.of("lbp2DMethod", method, "lbp2DSamples",
                        samples, "lbp2DRadius", radius), vol, nx, ny, nz, new double[]{1, 1, 1}, s);
                Map<String, double[]> ref = PyArrays.run(LBP2D, vol, nx, ny, nz, new double[]{1, 1, 1}, "" + samples,
                        "" + radius, method, "" + axis);
                assertEquals("lbp-2D", got.get(0).prefix());
                double tol = method.equals("var") ? 1e-3 : 0;
                PyArrays.assertClose(method + " axis " + axis, ref.get("lbp-2D"), got.get(0).data(), tol, null);
            }
    }

    @Test void badMethodIsAClearError() {
        assertThrows(SpineRadException.class, () -> ImageFilters.apply("LBP2D", Map.of("lbp2DMethod", "fancy"),
                new float[64], 4, 4, 4, new double[]{1, 1, 1}, new RadiomicsSettings()));
    }
}
