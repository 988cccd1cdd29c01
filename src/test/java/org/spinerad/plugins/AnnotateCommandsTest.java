package org.spinerad.plugins;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spinerad.image.Geometry;
import org.spinerad.image.LabelMap;
import org.spinerad.image.SpineLabels;
import org.spinerad.io.VolumeIO;
import org.spinerad.phantom.PhantomParams;
import org.spinerad.phantom.SpinePhantom;
import org.spinerad.testutil.HeadlessMacro;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** The Annotate commands run by name from headless macros on a phantom MRI, as an annotator's macro would. */
class AnnotateCommandsTest {
    @TempDir
    static Path dir;
    static Path image;
    static Geometry grid;

    @BeforeAll
    static void phantom() {
        var mri = new SpinePhantom(PhantomParams.builder().grid(64, 56, 48).spacing(3, 3, 4).build())
                .mri(SpinePhantom.MriSequence.T1, SpinePhantom.MriView.SAGITTAL);
        image = dir.resolve("t1.nii.gz");
        VolumeIO.write(mri.image(), image);
        grid = VolumeIO.read(image).geometry();
    }

    @Test
    void drawInterpolateUndoSave() {
        Path out = dir.resolve("t1-labels.nii.gz");
        HeadlessMacro.Result r = HeadlessMacro.run("""
                run("Open NIfTI...", "open=[%s]");
                run("New Label Map");
                setSlice(10); makePolygon(40,50, 90,50, 90,80, 40,80);
                run("Add ROI to Label", "label=L3 paint=all brush=0");
                setSlice(16); makePolygon(40,50, 90,50, 90,80, 40,80);
                run("Add ROI to Label", "label=3 paint=all brush=0");
                setSlice(13); makeOval(100,60, 40,30);
                run("Add ROI to Label", "label=psoas_L paint=all brush=0");
                run("Interpolate Label", "label=L3 paint=all");
                setSlice(13); makeRectangle(0,0, 200,200);
                run("Add ROI to Label", "label=canal paint=background brush=0");
                run("Undo Label Edit");
                setSlice(20); makeLine(10,10, 60,10);
                run("Add ROI to Label", "label=30 paint=all brush=4");
                run("Label Statistics");
                run("Save Label Map...", "save=[%s]");
                return getTitle();
                """.formatted(image, out));
        assertEquals("t1.nii.gz", r.returnValue()); // the image stays the current one
        LabelMap saved = VolumeIO.readLabelMap(out);
        assertNull(grid.mismatch(saved.geometry(), 1e-4), "label file on the image grid");
        // nibabel: same affine and shape as the (sagittal, rotated) image file; L3 voxel count
        String nib = org.spinerad.testutil.Python.run("""
                import sys, numpy as np, nibabel as nib
                img, lab = nib.load(sys.argv[1]), nib.load(sys.argv[2])
                print(float(np.abs(img.affine - lab.affine).max()), lab.shape == img.shape, int((np.asarray(lab.dataobj) == 3).sum()))
                """, image.toString(), out.toString()).strip();
        String[] f = nib.split(" ");
        assertEquals(0.0, Double.parseDouble(f[0]), 1e-6, nib);
        assertEquals("True " + 7 * 1500, f[1] + " " + f[2]);
        // 50 x 30 rectangle drawn on slices 10 and 16 (1-based) and reproduced on the 5 slices between
        assertEquals(7 * 1500, saved.count(SpineLabels.L3));
        for (int z = 9; z <= 15; z++) assertEquals(SpineLabels.L3, saved.get(60, 60, z));
        assertEquals(0, saved.get(60, 60, 8));
        assertEquals(0, saved.get(60, 60, 16));
        // oval 40 x 30 px: ImageJ's mask, area close to pi a b
        int oval = saved.count(SpineLabels.PSOAS_L);
        assertEquals(Math.PI * 20 * 15, oval, 0.03 * Math.PI * 20 * 15);
        // the background-only rectangle was undone; the 50-pixel line became a capsule of radius 4 mm on slice 20
        int canal = saved.count(SpineLabels.CANAL);
        double rPx = 4 / grid.spacing(0), capsule = 2 * rPx * 50 + Math.PI * rPx * rPx;
        assertEquals(capsule, canal, 0.05 * capsule);
        for (int z = 0; z < grid.nz(); z++) if (z != 19) assertEquals(0, countOnSlice(saved, SpineLabels.CANAL, z));
        assertEquals("L3", saved.name(SpineLabels.L3));
        assertEquals("psoas_L", saved.name(SpineLabels.PSOAS_L));
        // Results table of Label Statistics
        assertEquals(3, r.results().size());
        assertEquals("L3", r.results().getStringValue("name", 0));
        assertEquals(7 * 1500, r.results().getValue("voxels", 0), 0);
        assertEquals(7 * 1500 * grid.voxelVolume(), r.results().getValue("volume_mm3", 0), 1e-6);
        assertEquals(SpineLabels.PSOAS_L, r.results().getValue("label", 1), 0);
        assertEquals(oval, r.results().getValue("voxels", 1), 0);
    }

    @Test
    void documentedMacroRuns() throws java.io.IOException {
        String doc = java.nio.file.Files.readString(Path.of("docs", "annotation.md"));
        int start = doc.indexOf("```javascript\n") + "```javascript\n".length();
        String macro = doc.substring(start, doc.indexOf("```", start))
                .replace("/data/sub-01_T1w.nii.gz", image.toString())
                .replace("/data/sub-01_T1w-labels.nii.gz", dir.resolve("doc-labels.nii.gz").toString());
        HeadlessMacro.Result r = HeadlessMacro.run(macro);
        LabelMap saved = VolumeIO.readLabelMap(dir.resolve("doc-labels.nii.gz"));
        assertEquals(java.util.Set.of(SpineLabels.L3, SpineLabels.DISC_L3_L4), saved.presentLabels()); // canal stroke undone
        assertEquals(9, new org.spinerad.annotate.LabelEditor(saved).annotatedSlices(SpineLabels.L3).length);
        assertEquals(saved.count(SpineLabels.L3), r.results().getValue("voxels", 0), 0);
    }

    private static int countOnSlice(LabelMap m, int label, int z) {
        int c = 0;
        for (int y = 0; y < m.geometry().ny(); y++)
            for (int x = 0; x < m.geometry().nx(); x++) if (m.get(x, y, z) == label) c++;
        return c;
    }

    @Test
    void openSavedLabelMapAndReport() {
        LabelMap labels = LabelMap.empty(grid);
        for (int z = 2; z < 5; z++) for (int x = 0; x < 7; x++) labels.volume().set(x, 3, z, SpineLabels.PSOAS_R);
        Path file = dir.resolve("given-labels.nii.gz");
        VolumeIO.writeLabelMap(labels, file);
        HeadlessMacro.Result r = HeadlessMacro.run("""
                run("Open NIfTI...", "open=[%s]");
                run("Open Label Map...", "open=[%s]");
                selectImage("t1.nii.gz-labels");
                run("Label Statistics");
                """.formatted(image, file));
        assertEquals(1, r.results().size());
        assertEquals("psoas_R", r.results().getStringValue("name", 0));
        assertEquals(21, r.results().getValue("voxels", 0), 0);
    }

    @Test
    void clearErrors() {
        AssertionError noMap = assertThrows(AssertionError.class, () -> HeadlessMacro.run("""
                run("Open NIfTI...", "open=[%s]");
                makeOval(10,10,20,20);
                run("Add ROI to Label", "label=L1 paint=all brush=0");
                """.formatted(image)));
        assertTrue(noMap.getMessage().contains("New Label Map"), noMap.getMessage());

        Path other = dir.resolve("other-labels.nii.gz");
        VolumeIO.writeLabelMap(LabelMap.empty(grid.withDims(new int[]{grid.nx(), grid.ny(), grid.nz() - 1})), other);
        AssertionError mismatch = assertThrows(AssertionError.class, () -> HeadlessMacro.run("""
                run("Open NIfTI...", "open=[%s]");
                run("Open Label Map...", "open=[%s]");
                """.formatted(image, other)));
        assertTrue(mismatch.getMessage().contains(other.toString()) && mismatch.getMessage().contains(image.toAbsolutePath().toString()),
                mismatch.getMessage());

        AssertionError unknown = assertThrows(AssertionError.class, () -> HeadlessMacro.run("""
                run("Open NIfTI...", "open=[%s]");
                run("New Label Map");
                makeOval(10,10,20,20);
                run("Add ROI to Label", "label=liver paint=all brush=0");
                """.formatted(image)));
        assertTrue(unknown.getMessage().contains("Unknown label name 'liver'"), unknown.getMessage());
    }
}
