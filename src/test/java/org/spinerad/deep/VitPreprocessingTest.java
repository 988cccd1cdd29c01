package org.spinerad.deep;

import org.junit.jupiter.api.Test;
import org.spinerad.image.DataType;
import org.spinerad.image.Geometry;
import org.spinerad.image.Volume;
import org.spinerad.util.SpineRadException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Trilinear resize and ROI preprocessing against closed forms. */
class VitPreprocessingTest {

    interface F { double at(double x, double y, double z); }

    static float[] sample(F f, int nx, int ny, int nz) {
        float[] v = new float[nx * ny * nz];
        for (int z = 0, i = 0; z < nz; z++)
            for (int y = 0; y < ny; y++)
                for (int x = 0; x < nx; x++, i++) v[i] = (float) f.at(x, y, z);
        return v;
    }

    /** Corner-aligned position of output voxel i on an axis of n input voxels resized to m. */
    static double src(int i, int n, int m) { return m == 1 ? 0 : i * (n - 1.0) / (m - 1); }

    static void assertResizeExact(F f, int nx, int ny, int nz, int ox, int oy, int oz) {
        float[] out = Trilinear.resize(sample(f, nx, ny, nz), nx, ny, nz, ox, oy, oz);
        for (int z = 0, i = 0; z < oz; z++)
            for (int y = 0; y < oy; y++)
                for (int x = 0; x < ox; x++, i++) {
                    double expected = f.at(src(x, nx, ox), src(y, ny, oy), src(z, nz, oz));
                    assertEquals(expected, out[i], 1e-4 * (1 + Math.abs(expected)), "voxel " + x + "," + y + "," + z);
                }
    }

    @Test
    void linearRampIsReproducedExactly() {
        F ramp = (x, y, z) -> 1 + 2 * x + 3 * y - 0.5 * z;
        assertResizeExact(ramp, 7, 5, 4, 13, 9, 6);   // up
        assertResizeExact(ramp, 13, 9, 6, 4, 3, 5);   // down / mixed
    }

    @Test
    void multilinearFunctionIsReproducedExactly() {
        // trilinear interpolation is exact for products of linear functions of each axis
        assertResizeExact((x, y, z) -> (1 + x) * (2 - 0.3 * y) * (0.5 + z), 6, 8, 5, 11, 4, 9);
    }

    @Test
    void singleVoxelAxisIsReplicated() {
        float[] out = Trilinear.resize(new float[]{4, 6}, 2, 1, 1, 3, 2, 2);
        float[] expected = {4, 5, 6, 4, 5, 6, 4, 5, 6, 4, 5, 6};
        for (int i = 0; i < expected.length; i++) assertEquals(expected[i], out[i], 1e-6);
    }

    @Test
    void cropsBoxWithMarginResizesAndZScores() {
        Geometry g = Geometry.of(16, 12, 8, 1, 1, 2);
        F f = (x, y, z) -> 10 + x - 2 * y + 5 * z;
        Volume image = Volume.ofFloats(g, sample(f, 16, 12, 8));
        Volume mask = Volume.create(g, DataType.UINT8);
        for (int z = 2; z <= 3; z++)
            for (int y = 3; y <= 6; y++)
                for (int x = 5; x <= 9; x++) mask.set(x, y, z, x == 7 ? 2 : 1);
        mask.set(0, 0, 0, 3); // another label, not part of the ROI
        int s = 8;
        float[] out = new VitPreprocessing(s, 2).prepare(image, mask, new int[]{1, 2}, "test");
        // margin 2 mm = 2 voxels in x and y, 1 voxel in z: box x 3..11, y 1..8, z 1..4
        double[] expected = new double[s * s * s];
        double mean = 0;
        for (int z = 0, i = 0; z < s; z++)
            for (int y = 0; y < s; y++)
                for (int x = 0; x < s; x++, i++) {
                    expected[i] = f.at(3 + src(x, 9, s), 1 + src(y, 8, s), 1 + src(z, 4, s));
                    mean += expected[i];
                }
        mean /= expected.length;
        double ss = 0;
        for (double e : expected) ss += (e - mean) * (e - mean);
        double sd = Math.sqrt(ss / expected.length);
        for (int i = 0; i < expected.length; i++) assertEquals((expected[i] - mean) / sd, out[i], 1e-4);
    }

    @Test
    void emptyRoiAndMismatchedMaskAreClearErrors() {
        Geometry g = Geometry.of(6, 6, 6, 1, 1, 1);
        Volume image = Volume.create(g, DataType.FLOAT32);
        Volume mask = Volume.create(g, DataType.UINT8);
        mask.set(2, 2, 2, 1);
        SpineRadException e = assertThrows(SpineRadException.class,
                () -> new VitPreprocessing(8, 0).prepare(image, mask, new int[]{5}, "img.nii.gz"));
        assertTrue(e.getMessage().contains("img.nii.gz") && e.getMessage().contains("empty"), e.getMessage());
        Volume small = Volume.create(Geometry.of(5, 6, 6, 1, 1, 1), DataType.UINT8);
        e = assertThrows(SpineRadException.class, () -> new VitPreprocessing(8, 0).prepare(image, small, new int[]{1}, "img2"));
        assertTrue(e.getMessage().contains("img2") && e.getMessage().contains("5x6x6"), e.getMessage());
        // a single-voxel ROI of a constant image: a valid all-zero cube
        float[] out = new VitPreprocessing(4, 0).prepare(image, mask, new int[]{1}, "img3");
        for (float v : out) assertEquals(0f, v);
    }
}
