package org.spinerad.plugins;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spinerad.image.Geometry;
import org.spinerad.image.LabelMap;
import org.spinerad.image.Volume;
import org.spinerad.io.VolumeIO;
import org.spinerad.testutil.HeadlessMacro;
import org.spinerad.testutil.SharedData;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** The Fiji commands run by name from an ImageJ macro, headless, as registered in plugins.config. */
class FoundationCommandsTest {

    @Test
    void openInfoSaveByCommandName(@TempDir Path tmp) {
        Path in = SharedData.file("tptbox/sample_ct/sub-ct_label-22_ct.nii.gz");
        Path out = tmp.resolve("copy.nii.gz");
        HeadlessMacro.Result r = HeadlessMacro.run("""
                run("Open NIfTI...", "open=[%s]");
                run("Volume Info");
                run("Save as NIfTI...", "save=[%s]");
                return getTitle() + " " + nSlices;
                """.formatted(in, out));
        Volume original = VolumeIO.read(in);
        Geometry g = original.geometry();
        assertEquals("sub-ct_label-22_ct.nii.gz " + g.nz(), r.returnValue());
        assertEquals(g.nx() + " x " + g.ny() + " x " + g.nz(), r.property("dims"));
        assertEquals("PIR", g.orientationCode()); // README: 1.5 mm, int16, PIR
        assertEquals("PIR", r.property("orientation"));
        assertEquals("INT16", r.property("datatype"));
        assertEquals("1.50000 1.50000 1.50000", r.property("spacing (mm)"));
        assertTrue(r.log().contains("RAS affine row 0"), r.log());

        assertTrue(Files.exists(out));
        Volume copy = VolumeIO.read(out);
        assertEquals(original.type(), copy.type());
        assertNull(g.mismatch(copy.geometry(), 1e-5));
        for (int i = 0; i < original.size(); i++) assertEquals(original.get(i), copy.get(i), 0, "voxel " + i);
    }

    @Test
    void labelMapKeepsNamesThroughFiji(@TempDir Path tmp) {
        Path in = tmp.resolve("labels.nii.gz");
        Volume v = Volume.create(Geometry.of(4, 3, 2, 1, 1, 2), org.spinerad.image.DataType.UINT8);
        v.set(5, 20);
        VolumeIO.writeLabelMap(new LabelMap(v, java.util.Map.of(20, "L1")), in);
        Path out = tmp.resolve("out.nii.gz");
        HeadlessMacro.Result r = HeadlessMacro.run("""
                run("Open NIfTI...", "open=[%s]");
                run("Volume Info");
                run("Save as NIfTI...", "save=[%s]");
                """.formatted(in, out));
        assertEquals("20=L1", r.property("labels"));
        LabelMap back = VolumeIO.readLabelMap(out);
        assertEquals("L1", back.name(20));
        assertEquals(1, back.count(20));
    }

    @Test
    void importDicomSeriesByCommandName() {
        Path dir = SharedData.file("totalsegmentator/example_ct_dicom_uncompressed_DERIVED");
        HeadlessMacro.Result r = HeadlessMacro.run("""
                run("Import DICOM Series...", "directory=[%s] series=");
                run("Volume Info");
                getRawStatistics(n, mean, min, max);
                return "" + nSlices + " " + calibrate(getPixel(0, 0));
                """.formatted(dir));
        assertEquals("512 x 512 x 20", r.property("dims"));
        assertEquals("INT16", r.property("datatype"));
        assertEquals("0.976563 0.976563 2.00000", r.property("spacing (mm)"));
        // the corner pixel is air outside the reconstruction circle: stored 0, HU -1024; getPixel gives calibrated HU
        assertEquals("20 -1024", r.returnValue());
    }

    @Test
    void errorsAbortTheMacroWithTheFileNamed(@TempDir Path tmp) {
        Path missing = tmp.resolve("missing.nii.gz");
        AssertionError e = assertThrows(AssertionError.class,
                () -> HeadlessMacro.run("run(\"Open NIfTI...\", \"open=[" + missing + "]\");"));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    /** Built-in ImageJ commands resolve too, so SpineRad macros can mix them with ImageJ's filters. */
    @Test
    void builtInCommandsWorkBesideSpineRad() {
        Path in = SharedData.file("tptbox/sample_ct/sub-ct_label-22_ct.nii.gz");
        HeadlessMacro.Result r = HeadlessMacro.run("""
                run("Open NIfTI...", "open=[%s]");
                run("Add Slice");
                return "" + nSlices;
                """.formatted(in));
        assertEquals("74", r.returnValue()); // 73 slices + 1
    }

    @Test
    void pluginsConfigTyposFail() {
        assertThrows(AssertionError.class, () -> HeadlessMacro.registerCommands(java.util.List.of(
                "Plugins>SpineRad, \"Broken\", org.spinerad.plugins.NoSuchCommand")));
        assertThrows(AssertionError.class, () -> HeadlessMacro.registerCommands(java.util.List.of(
                "Plugins>SpineRad \"Missing comma\" org.spinerad.plugins.VolumeInfo")));
    }
}
