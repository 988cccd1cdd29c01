package org.spinerad.plugins;

import ij.measure.ResultsTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spinerad.io.VolumeIO;
import org.spinerad.stenosis.ReferenceLabels;
import org.spinerad.testutil.HeadlessMacro;
import org.spinerad.testutil.SharedData;
import org.spinerad.util.Csv;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** Plugins › SpineRad › Stenosis commands run from a headless macro on the real example CT. */
class StenosisCommandsTest {
    @Test
    void measureStenosisFromAMacro(@TempDir Path dir) {
        Path ct = SharedData.file("totalsegmentator/example_ct.nii.gz"), seg = dir.resolve("seg.nii.gz"), out = dir.resolve("stenosis.csv");
        VolumeIO.writeLabelMap(ReferenceLabels.fromTotalSegmentator(
                VolumeIO.readLabelMap(SharedData.file("totalsegmentator/spine_report/totalseg.nii.gz")),
                VolumeIO.readLabelMap(SharedData.file("totalsegmentator/spine_report/totalseg_vertebrae_body.nii.gz")),
                VolumeIO.read(ct), "totalseg").labels(), seg);
        var log = HeadlessMacro.run("run(\"Measure Stenosis\", \"ct=[" + ct + "] labels=[" + seg + "] thresholds=[] levels=L4-L5,L4 output=[" + out + "]\");"
                + " selectImage(\"Stenosis planes\"); setSlice(1); print(\"PLANES \" + nSlices + \" \" + getInfo(\"slice.label\"));");
        ResultsTable rt = StenosisPlugin.lastTable();
        assertNotNull(rt, log.log());
        assertEquals(4, rt.size()); // L4-L5 central/left/right + L4 pedicle
        assertEquals("L4-L5", rt.getStringValue("level", 0));
        Csv csv = Csv.read(out);
        assertEquals(rt.getValue("ct_canal_area_mm2", 0), Double.parseDouble(csv.rowMap(0).get("ct_canal_area_mm2")), 1e-9);
        assertTrue(log.log().contains("PLANES 2 L4-L5"), log.log()); // the resliced planes with contours, one slice per level
    }
}
