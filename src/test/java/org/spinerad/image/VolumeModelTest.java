package org.spinerad.image;

import net.imglib2.RandomAccess;
import net.imglib2.type.numeric.integer.ShortType;
import net.imglib2.type.numeric.real.FloatType;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Geometry conventions, typed storage and the zero-copy ImgLib2 view. */
class VolumeModelTest {

    static Geometry oblique() {
        double c = Math.cos(0.3), s = Math.sin(0.3);
        // rotation about z, then the k axis flipped: a left-handed (det -1) but orthonormal direction
        return new Geometry(new int[]{7, 5, 3}, new double[]{0.8, 1.2, 2.5}, new double[]{-10, 20, 5.5},
                new double[]{c, -s, 0, s, c, 0, 0, 0, -1});
    }

    @Test
    void rasAffineIsLpsWithTheFirstTwoRowsNegated() {
        Geometry g = oblique();
        double[] a = g.toRasAffine();
        double[] w = g.indexToWorld(2, 3, 1); // LPS
        for (int r = 0; r < 3; r++) {
            double ras = a[r * 4] * 2 + a[r * 4 + 1] * 3 + a[r * 4 + 2] + a[r * 4 + 3];
            assertEquals(r < 2 ? -w[r] : w[r], ras, 1e-12);
        }
        assertEquals(1, a[15]);
        Geometry back = Geometry.fromRasAffine(g.dims(), a);
        assertNull(back.mismatch(g, 1e-12));
    }

    @Test
    void worldToIndexInvertsIndexToWorld() {
        Geometry g = oblique();
        double[] idx = g.worldToIndex(g.indexToWorld(1.5, 4, 2.25));
        assertArrayEquals(new double[]{1.5, 4, 2.25}, idx, 1e-12);
        Geometry crop = g.crop(2, 1, 1, 3, 2, 2);
        assertArrayEquals(g.indexToWorld(3, 2, 2), crop.indexToWorld(1, 1, 1), 1e-12);
        assertEquals("LPS", Geometry.of(2, 2, 2, 1, 1, 1).orientationCode());
        assertEquals(g.nx() * g.ny() * g.nz(), g.voxelCount());
    }

    @Test
    void typedStorageRoundsClampsAndReadsUnsigned() {
        Geometry g = Geometry.of(4, 1, 1, 1, 1, 1);
        Volume u8 = Volume.create(g, DataType.UINT8);
        u8.set(0, 254.6);
        u8.set(1, 300);
        u8.set(2, -5);
        assertEquals(255, u8.get(0));
        assertEquals(255, u8.get(1));
        assertEquals(0, u8.get(2));
        Volume u16 = Volume.create(g, DataType.UINT16);
        u16.set(0, 65535);
        assertEquals(65535, u16.get(0));
        Volume ct = Volume.create(g, DataType.INT16);
        ct.set(3, -1024);
        assertEquals(-1024f, ct.floats()[3]);
        assertThrows(IllegalArgumentException.class, () -> Volume.wrap(g, DataType.FLOAT32, new short[4]));
        assertThrows(IllegalArgumentException.class, () -> Volume.wrap(g, DataType.FLOAT32, new float[5]));
    }

    @Test
    void imglib2ViewSharesTheVoxelArray() {
        Volume v = Volume.create(Geometry.of(3, 2, 2, 1, 1, 1), DataType.FLOAT32);
        var img = Imglib2Views.wrapFloat(v);
        RandomAccess<FloatType> ra = img.randomAccess();
        ra.setPosition(new long[]{2, 1, 1});
        ra.get().set(7.5f);
        assertEquals(7.5, v.get(2, 1, 1));
        v.set(0, 0, 1, -3);
        ra.setPosition(new long[]{0, 0, 1});
        assertEquals(-3f, ra.get().get());
        Volume s = Volume.create(Geometry.of(2, 2, 1, 1, 1, 1), DataType.INT16);
        s.set(1, 1, 0, -200);
        @SuppressWarnings("unchecked")
        RandomAccess<ShortType> rs = (RandomAccess<ShortType>) Imglib2Views.wrap(s).randomAccess();
        rs.setPosition(new long[]{1, 1, 0});
        assertEquals(-200, rs.get().get());
    }

    @Test
    void labelMapListsMasksAndNamesLabels() {
        LabelMap m = LabelMap.empty(Geometry.of(3, 3, 1, 1, 1, 1));
        m.volume().set(0, SpineLabels.L1);
        m.volume().set(4, SpineLabels.L5);
        m.volume().set(5, SpineLabels.L5);
        assertEquals(java.util.List.of(1, 5), new java.util.ArrayList<>(m.presentLabels()));
        assertEquals(2, m.count(SpineLabels.L5));
        assertEquals("L5", m.name(5));
        assertEquals("label_99", m.name(99));
        assertEquals(SpineLabels.PSOAS_L, m.labelOf("psoas_l"));
        assertEquals(1, m.mask(SpineLabels.L1).get(0));
    }
}
