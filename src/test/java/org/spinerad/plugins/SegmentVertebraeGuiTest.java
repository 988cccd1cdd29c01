package org.spinerad.plugins;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spinerad.testutil.SharedData;
import org.spinerad.testutil.Xvfb;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Segment Vertebrae with the shipped model in a real ImageJ window under Xvfb ({@link SegmentVertebraeGuiScenario}):
 * on the real example_ct the result is the CT's coloured, editable label overlay (not a separate grey window) with the
 * lumbar levels named; the Log window gets the domain warnings of an MR, of a lumbar cut-out without sacrum or ribs
 * and of the thoracic DICOM slab. The screenshot is target/.../segment-ct-overlay.png (copied to docs/images).
 */
class SegmentVertebraeGuiTest {
    @TempDir
    static Path dir;
    static Properties r;

    @BeforeAll
    static void runScenario() throws Exception {
        List<String> args = List.of(dir.toString(), SharedData.file("totalsegmentator/example_ct.nii.gz").toString(),
                SharedData.file("totalsegmentator/example_mr_sm.nii.gz").toString(),
                SharedData.file("tptbox/sample_ct/sub-ct_label-22_ct.nii.gz").toString(),
                SharedData.file("totalsegmentator/example_ct_dicom_uncompressed_DERIVED").toString());
        try (Xvfb x = Xvfb.start()) {
            int rc = x.runJava(SegmentVertebraeGuiScenario.class.getName(), args, dir.resolve("log.txt"), 600);
            r = Xvfb.read(dir.resolve("result.properties"));
            Path shots = Files.createDirectories(Path.of("target/screenshots"));
            if (Files.exists(dir.resolve("segment-ct-overlay.png")))
                Files.copy(dir.resolve("segment-ct-overlay.png"), shots.resolve("segment-ct-overlay.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            assertEquals(0, rc, r.getProperty("error") + "\n" + Files.readString(dir.resolve("log.txt")));
        }
    }

    @Test
    void resultIsTheColouredEditableOverlayOfTheCt() {
        assertEquals("example_ct.nii.gz", r.getProperty("ct.current"), "the CT stays the current image");
        assertEquals("example_ct.nii.gz-labels", r.getProperty("ct.companion"));
        assertTrue(Integer.parseInt(r.getProperty("ct.overlay")) > 0, "label overlay drawn on the CT");
        assertEquals("true", r.getProperty("ct.overlayVisible"));
        for (String level : r.getProperty("ct.labelCounts").split(" ")) // every level from T12 to S1 has voxels in the editor
            assertTrue(Integer.parseInt(level.substring(level.indexOf('=') + 1)) > 500, r.getProperty("ct.labelCounts"));
    }

    @Test
    void domainWarningsGoToTheLogWindow() {
        String log = r.getProperty("log");
        assertTrue(log.contains("Segment Vertebrae (3D U-Net): the image has no voxel below -500 HU"), log); // the MR
        assertTrue(log.contains("no sacrum and no ribs in the field of view: the 3 vertebrae found"), log); // TPTBox
        assertTrue(log.contains("levels found: T11, T12 (anchored by ribs beside the column)"), log); // thoracic DICOM
        assertFalse(log.contains("Exception"), log);
        assertFalse(r.getProperty("dicom.companion").isEmpty(), "the thoracic slab's T11 and T12 are shown as its overlay");
    }
}
