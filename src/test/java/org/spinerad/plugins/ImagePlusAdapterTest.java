package org.spinerad.plugins;

import ij.ImagePlus;
import ij.gui.Roi;
import ij.measure.Calibration;
import ij.plugin.Duplicator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.spinerad.image.DataType;
import org.spinerad.image.Geometry;
import org.spinerad.image.LabelMap;
import org.spinerad.image.Volume;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class ImagePlusAdapterTest {

    /** An oblique grid: rotated about z by 30 degrees and tilted, with a non-trivial origin. */
    static Geometry obliqueGeometry() {
        double c = Math.cos(Math.toRadians(30)), s = Math.sin(Math.toRadians(30));
        double[] dir = {c, -s, 0, s, c, 0, 0, 0, 1};
        return new Geometry(new int[]{7, 5, 4}, new double[]{0.7, 0.9, 2.5}, new double[]{-120.3, 45.25, -804.5}, dir);
    }

    /** Extreme and ordinary values each type must keep exactly. */
    static double value(DataType t, int i) {
        return switch (t) {
            case UINT8 -> new int[]{0, 1, 255, 17}[i % 4];
            case INT16 -> new int[]{-1024, -32768, 32767, 0, 1500, -1}[i % 6]; // HU incl. the extremes
            case UINT16 -> new int[]{0, 65535, 32768, 2362}[i % 4];
            case INT32 -> new int[]{-(1 << 24), 1 << 24, -7, 100000}[i % 4];
            case FLOAT32 -> new double[]{-1024.5, 3.4e38, 1e-30, 0}[i % 4];
            case FLOAT64 -> new double[]{0.25, -1024.125, 65504, 1e10}[i % 4];
        };
    }

    @ParameterizedTest
    @EnumSource(DataType.class)
    void roundTripKeepsValuesTypeAndGeometryExactly(DataType type) {
        Volume v = Volume.create(obliqueGeometry(), type);
        for (int i = 0; i < v.size(); i++) v.set(i, value(type, i));
        v.metadata().put("modality", "CT");
        ImagePlus imp = ImagePlusAdapter.toImagePlus(v, "t");
        assertEquals(v.nz(), imp.getStackSize());
        assertEquals(switch (type) { case UINT8 -> 8; case INT16, UINT16 -> 16; default -> 32; }, imp.getBitDepth());
        Calibration cal = imp.getCalibration();
        assertEquals("mm", cal.getUnit());
        assertEquals(0.7, cal.pixelWidth);
        assertEquals(0.9, cal.pixelHeight);
        assertEquals(2.5, cal.pixelDepth);
        // ImageJ measures physical values: e.g. pixel (x=2, y=1) of slice 3 through the calibration function
        int x = 2, y = 1, z = 3;
        imp.setSlice(z + 1);
        double stored = imp.getBitDepth() == 32 ? imp.getProcessor().getf(x, y) : imp.getProcessor().get(x, y);
        assertEquals(v.get(x, y, z), cal.getCValue(stored), 1e-6 * Math.abs(v.get(x, y, z)));

        Volume back = ImagePlusAdapter.toVolume(imp);
        assertEquals(type, back.type());
        assertNull(v.geometry().mismatch(back.geometry(), 0), () -> v.geometry() + " vs " + back.geometry());
        assertArrayEquals(v.geometry().direction(), back.geometry().direction(), 0);
        assertArrayEquals(v.geometry().origin(), back.geometry().origin(), 0);
        for (int i = 0; i < v.size(); i++) assertEquals(v.get(i), back.get(i), 0, "voxel " + i);
        assertEquals("CT", back.metadata().get("modality"));
    }

    @Test
    void signedSixteenBitIsStoredLikeImageJ() {
        Volume v = Volume.create(obliqueGeometry(), DataType.INT16);
        v.set(0, -1024);
        ImagePlus imp = ImagePlusAdapter.toImagePlus(v, "ct");
        assertTrue(imp.getCalibration().isSigned16Bit());
        assertEquals(-1024 + 32768, imp.getStack().getProcessor(1).get(0, 0));
        assertEquals(-1024, imp.getCalibration().getCValue(imp.getStack().getProcessor(1).get(0, 0)));
    }

    /** An image made in ImageJ with a DICOM-style rescale (intercept -1024) and no SpineRad properties. */
    @Test
    void plainImageJImagesConvertWithCalibration() {
        ImagePlus imp = ij.IJ.createImage("plain", "16-bit black", 4, 3, 2);
        imp.getStack().getProcessor(2).set(1, 1, 3000);
        Calibration cal = imp.getCalibration();
        cal.setFunction(Calibration.STRAIGHT_LINE, new double[]{-1024, 1}, "HU");
        cal.pixelWidth = 0.5;
        cal.pixelHeight = 0.5;
        cal.pixelDepth = 3;
        cal.setUnit("mm");
        cal.xOrigin = 10; // pixels: world x = (i - 10) * 0.5
        Volume v = ImagePlusAdapter.toVolume(imp);
        assertEquals(DataType.INT16, v.type());
        assertEquals(-1024, v.get(0, 0, 0));
        assertEquals(3000 - 1024, v.get(1, 1, 1));
        assertArrayEquals(new double[]{-5, 0, 0}, v.geometry().origin(), 1e-12);
        assertArrayEquals(new double[]{0.5, 0.5, 3}, v.geometry().spacing(), 0);
        // a non-integer slope gives float voxels
        cal.setFunction(Calibration.STRAIGHT_LINE, new double[]{0.5, 0.25}, "a.u.");
        Volume f = ImagePlusAdapter.toVolume(imp);
        assertEquals(DataType.FLOAT32, f.type());
        assertEquals(0.5 + 0.25 * 3000, f.get(1, 1, 1), 1e-6);
    }

    /** A sub-volume whose calibration origin was shifted (as Image>Crop does) keeps the world position of its voxels. */
    @Test
    void croppedImageKeepsWorldPositions() {
        Volume v = Volume.create(obliqueGeometry(), DataType.UINT8);
        ImagePlus imp = ImagePlusAdapter.toImagePlus(v, "v");
        imp.setRoi(new Roi(2, 1, 3, 3));
        ImagePlus crop = new Duplicator().run(imp, 2, 4);
        Calibration full = imp.getCalibration(), cal = crop.getCalibration();
        cal.xOrigin = full.xOrigin - 2;
        cal.yOrigin = full.yOrigin - 1;
        cal.zOrigin = full.zOrigin - 1;
        Geometry g = ImagePlusAdapter.toVolume(crop).geometry();
        assertArrayEquals(new int[]{3, 3, 3}, g.dims());
        assertArrayEquals(v.geometry().indexToWorld(2, 1, 1), g.indexToWorld(0, 0, 0), 1e-9);
        assertArrayEquals(v.geometry().indexToWorld(4, 3, 3), g.indexToWorld(2, 2, 2), 1e-9);
    }

    @Test
    void labelMapKeepsNames() {
        Volume v = Volume.create(obliqueGeometry(), DataType.UINT8);
        v.set(3, 20);
        v.set(4, 24);
        LabelMap lm = new LabelMap(v, Map.of(20, "L1", 24, "L5", 100, "disc; L1-L2"));
        LabelMap back = ImagePlusAdapter.toLabelMap(ImagePlusAdapter.toImagePlus(lm, "labels"));
        assertEquals(Map.of(20, "L1", 24, "L5", 100, "disc, L1-L2"), back.names());
        assertEquals(1, back.count(20));
        assertEquals(1, back.count(24));
        assertNull(lm.geometry().mismatch(back.geometry(), 0));
    }
}
