package org.spinerad.radiomics.filters;

import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.spinerad.radiomics.RadiomicsSettings;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * LBP3D against a transcription of PyRadiomics' getLBP3DImage (scipy map_coordinates, sph_harm, kurtosis), with
 * trimesh's icosphere rebuilt in numpy (icosahedron hull, edge-midpoint subdivision, projection to the radius).
 */
class Lbp3dFilterTest {
    private static final String LBP3D = """
            from scipy.ndimage import map_coordinates
            try:
                from scipy.special import sph_harm
            except ImportError:  # scipy >= 1.17: sph_harm_y(n, m, polar, azimuth)
                from scipy.special import sph_harm_y
                def sph_harm(m, n, azimuth, polar):
                    return sph_harm_y(n, m, polar, azimuth)
            from scipy.stats import kurtosis
            from scipy.spatial import ConvexHull
            lbp_levels, radius, subdivisions = int(extra[0]), float(extra[1]), int(extra[2])
            ma_arr = np.fromfile(extra[3], dtype=np.uint8).reshape(im.shape)
            t = (1.0 + 5.0 ** 0.5) / 2.0
            v = np.array([[-1, t, 0], [1, t, 0], [-1, -t, 0], [1, -t, 0], [0, -1, t], [0, 1, t], [0, -1, -t],
                          [0, 1, -t], [t, 0, -1], [t, 0, 1], [-t, 0, -1], [-t, 0, 1]]) / np.sqrt(2.0 + t)
            faces = ConvexHull(v).simplices
            for _ in range(subdivisions):
                edges = {}
                verts = list(v)
                def mid(a, b):
                    key = (min(a, b), max(a, b))
                    if key not in edges:
                        edges[key] = len(verts)
                        verts.append((v[a] + v[b]) / 2)
                    return edges[key]
                nf = []
                for a, b, c in faces:
                    ab, bc, ca = mid(a, b), mid(b, c), mid(c, a)
                    nf += [[a, ab, ca], [b, bc, ab], [c, ca, bc], [ab, bc, ca]]
                faces = np.array(nf)
                v = np.array(verts)
                scalar = np.sqrt(np.dot(v ** 2, [1, 1, 1]))
                unit = v / scalar.reshape((-1, 1))
                v = v + unit * (radius - scalar).reshape((-1, 1))
            coords_icosahedron = v
            # --- PyRadiomics getLBP3DImage
            theta = np.arccos(np.true_divide(coords_icosahedron[:, 2], radius))
            phi = np.arctan2(coords_icosahedron[:, 1], coords_icosahedron[:, 0])
            Y = sph_harm(0, 0, theta, phi)
            n_ix = np.array(0)
            for n in range(1, lbp_levels):
                for m in range(-n, n + 1):
                    n_ix = np.append(n_ix, n)
                    Y = np.column_stack((Y, sph_harm(m, n, theta, phi)))
            ROI_coords = np.where(ma_arr == 1)
            coords = np.array(ROI_coords).T[None, :, :] + coords_icosahedron[:, None, :]
            f = map_coordinates(im, coords.T, order=3)
            k = kurtosis(f, axis=1)
            f_centroids = im[ROI_coords]
            f = np.greater_equal(f, f_centroids[:, None]).astype(int)
            c = np.multiply(f[:, :, None], Y[None, :, :])
            c = c.sum(axis=1)
            f = np.multiply(c[:, None, n_ix == 0], Y[None, :, n_ix == 0])
            for n in range(1, lbp_levels):
                f = np.concatenate((f, np.sum(np.multiply(c[:, None, n_ix == n], Y[None, :, n_ix == n]), axis=2,
                                              keepdims=True)), axis=2)
            f = np.sqrt(np.sum(f ** 2, axis=1))
            f = np.real(f)
            k = np.real(k)
            result = np.zeros(im.shape)
            for l_idx in range(lbp_levels):
                result[ROI_coords] = f[:, l_idx]
                emit('lbp-3D-m%d' % (l_idx + 1), result)
            result[ROI_coords] = k
            emit('lbp-3D-k', result)
            """;

    private static void check(int levels, double radius, int subdivisions) throws Exception {
        int nx = 10, ny = 9, nz = 8;
        float[] vol = PyArrays.random(nx * ny * nz, 21, -50, 200);
        boolean[] mask = new boolean[vol.length];
        byte[] maskBytes = new byte[vol.length];
        Random r = new Random(4);
        for (int i = 0; i < mask.length; i++) if (r.nextDouble() < 0.4) { mask[i] = true; maskBytes[i] = 1; }
        java.nio.file.Path maskFile = java.nio.file.Files.createTempFile("lbp-mask", ".u8");
        java.nio.file.Files.write(maskFile, maskBytes);
        RadiomicsSettings s = new RadiomicsSettings();
        List<FilteredImage> got = ImageFilters.apply("LBP3D", Map.of("lbp3DLevels", levels, "lbp3DIcosphereRadius",
                radius, "lbp3DIcosphereSubdivision", subdivisions), vol, mask, nx, ny, nz, new double[]{1, 1, 1}, s);
        Map<String, double[]> ref = PyArrays.run(LBP3D, vol, nx, ny, nz, new double[]{1, 1, 1}, "" + levels,
                "" + radius, "" + subdivisions, maskFile.toString());
        java.nio.file.Files.deleteIfExists(maskFile);
        assertEquals(List.copyOf(ref.keySet()), got.stream().map(FilteredImage::prefix).toList());
        for (FilteredImage f : got) PyArrays.assertClose(f.prefix(), ref.get(f.prefix()), f.data(), 1e-4, mask);
    }

    @Test void defaultsMatchPyRadiomics() throws Exception { check(2, 1, 1); }

    @Test void threeLevelsLargerRadiusTwoSubdivisions() throws Exception { check(3, 1.5, 2); }
}
