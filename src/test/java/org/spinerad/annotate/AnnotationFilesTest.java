package org.spinerad.annotate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spinerad.annotate.SliceRaster.FillRule;
import org.spinerad.image.DataType;
import org.spinerad.image.Geometry;
import org.spinerad.image.LabelMap;
import org.spinerad.image.SpineLabels;
import org.spinerad.image.Volume;
import org.spinerad.io.VolumeIO;
import org.spinerad.testutil.Python;
import org.spinerad.util.SpineRadException;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Label maps saved for an image: round trip, alignment checked by nibabel, grid mismatch, statistics. */
class AnnotationFilesTest {
    @TempDir
    Path dir;

    /** An oblique, anisotropic grid (rotation about z by 20 degrees, LPS origin off zero). */
    private static Geometry obliqueGrid() {
        double c = Math.cos(Math.toRadians(20)), s = Math.sin(Math.toRadians(20));
        return new Geometry(new int[]{48, 40, 9}, new double[]{0.75, 0.8, 4.0}, new double[]{-31.5, 12.25, -80.0},
                new double[]{c, -s, 0, s, c, 0, 0, 0, 1});
    }

    private static LabelEditor annotated(Geometry g) {
        LabelEditor e = new LabelEditor(LabelMap.empty(g));
        e.fillPolygon(2, new double[]{5, 25, 25, 5}, new double[]{4, 4, 20, 20}, FillRule.EVEN_ODD, SpineLabels.L3);
        e.fillPolygon(6, new double[]{5, 25, 25, 5}, new double[]{4, 4, 20, 20}, FillRule.EVEN_ODD, SpineLabels.L3);
        e.interpolate(SpineLabels.L3);
        e.brushStrokeMm(4, new double[]{30, 40}, new double[]{30, 32}, 3, SpineLabels.PSOAS_L);
        return e;
    }

    @Test
    void roundTripIsAlignedWithTheImage() {
        Geometry g = obliqueGrid();
        Volume image = Volume.create(g, DataType.INT16);
        for (int i = 0; i < image.size(); i++) image.set(i, (i * 37) % 900 - 300);
        Path imageFile = dir.resolve("t1.nii.gz"), labelFile = dir.resolve("t1-labels.nii.gz");
        VolumeIO.write(image, imageFile);
        LabelMap labels = annotated(g).labels();
        AnnotationFiles.save(labels, labelFile, g, imageFile.toString());

        LabelMap back = AnnotationFiles.load(labelFile, VolumeIO.read(imageFile).geometry(), imageFile.toString());
        assertEquals(DataType.UINT8, back.volume().type());
        assertArrayEquals((byte[]) labels.volume().array(), (byte[]) back.volume().array());
        assertEquals("L3", back.name(SpineLabels.L3));
        assertEquals("psoas_L", back.name(SpineLabels.PSOAS_L));

        // nibabel: the label file's affine is the image file's affine (and SpineRad's RAS affine); voxel counts agree
        String out = Python.run("""
                import sys, numpy as np, nibabel as nib
                img, lab = nib.load(sys.argv[1]), nib.load(sys.argv[2])
                print(np.abs(img.affine - lab.affine).max())
                print(' '.join(repr(float(v)) for v in lab.affine[:3].ravel()))
                d = np.asarray(lab.dataobj)
                print(d.shape == img.shape, int((d == 3).sum()), int((d == 21).sum()))
                """, imageFile.toString(), labelFile.toString());
        String[] lines = out.strip().split("\\R");
        assertEquals(0.0, Double.parseDouble(lines[0]), 1e-6);
        double[] ras = g.toRasAffine();
        String[] affine = lines[1].trim().split(" ");
        for (int k = 0; k < 12; k++) assertEquals(ras[k], Double.parseDouble(affine[k]), 1e-4, "affine element " + k);
        assertEquals("True " + labels.count(SpineLabels.L3) + " " + labels.count(SpineLabels.PSOAS_L), lines[2].trim());
    }

    @Test
    void gridMismatchNamesBothFiles() {
        Geometry g = obliqueGrid();
        Path labelFile = dir.resolve("other-labels.nii.gz");
        VolumeIO.writeLabelMap(LabelMap.empty(g.withSpacing(new double[]{0.75, 0.8, 3.0})), labelFile);
        SpineRadException e = assertThrows(SpineRadException.class, () -> AnnotationFiles.load(labelFile, g, "/data/t2.nii.gz"));
        assertTrue(e.getMessage().contains(labelFile.toString()) && e.getMessage().contains("/data/t2.nii.gz")
                && e.getMessage().contains("spacing"), e.getMessage());
        SpineRadException save = assertThrows(SpineRadException.class,
                () -> AnnotationFiles.save(LabelMap.empty(g.withDims(new int[]{48, 40, 8})), dir.resolve("x.nii.gz"), g, "t2"));
        assertTrue(save.getMessage().contains("x.nii.gz") && save.getMessage().contains("t2") && save.getMessage().contains("dimensions"),
                save.getMessage());
    }

    @Test
    void wideLabelsLoadAsUint16() {
        Geometry g = Geometry.of(6, 5, 2, 1, 1, 1);
        Volume v = Volume.create(g, DataType.INT32);
        v.set(3, 1000);
        v.set(7, 2);
        Path f = dir.resolve("wide.nii");
        VolumeIO.writeLabelMap(new LabelMap(v, java.util.Map.of()), f);
        LabelMap m = AnnotationFiles.load(f, g, "img");
        assertEquals(DataType.UINT16, m.volume().type());
        assertEquals(1000, m.get(3, 0, 0));
        v.set(4, -1);
        VolumeIO.writeLabelMap(new LabelMap(v, java.util.Map.of()), f);
        assertThrows(SpineRadException.class, () -> AnnotationFiles.load(f, g, "img"));
    }

    @Test
    void statisticsCountVoxelsAndVolume() {
        Geometry g = Geometry.of(40, 30, 5, 0.5, 0.8, 3.0);
        LabelEditor e = new LabelEditor(LabelMap.empty(g));
        e.fillPolygon(1, new double[]{0, 10, 10, 0}, new double[]{0, 0, 10, 10}, FillRule.EVEN_ODD, SpineLabels.PSOAS_R);
        e.fillPolygon(3, new double[]{0, 10, 10, 0}, new double[]{0, 0, 5, 5}, FillRule.EVEN_ODD, SpineLabels.PSOAS_R);
        e.fillPolygon(3, new double[]{20, 30, 30, 20}, new double[]{20, 20, 27, 27}, FillRule.EVEN_ODD, 99);
        List<LabelStatistics.Row> rows = LabelStatistics.of(e.labels());
        assertEquals(2, rows.size());
        assertEquals(22, rows.get(0).label());
        assertEquals("psoas_R", rows.get(0).name());
        assertEquals(100 + 50, rows.get(0).voxels());
        assertEquals(150 * 0.5 * 0.8 * 3.0, rows.get(0).volumeMm3(), 1e-9);
        assertEquals(99, rows.get(1).label());
        assertEquals("label_99", rows.get(1).name());
        assertEquals(70 * 1.2, rows.get(1).volumeMm3(), 1e-9);
    }
}
