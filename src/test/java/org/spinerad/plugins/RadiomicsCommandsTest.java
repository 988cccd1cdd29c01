package org.spinerad.plugins;

import ij.measure.ResultsTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spinerad.testutil.HeadlessMacro;
import org.spinerad.testutil.SharedData;
import org.spinerad.util.Csv;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class RadiomicsCommandsTest {
    static final Path CT = SharedData.file("totalsegmentator/example_ct.nii.gz");
    static final Path SEG = SharedData.file("totalsegmentator/spine_report/totalseg_vertebrae_pp_refined.nii.gz");

    @Test
    void radiomicsFeaturesByNameFromAMacro(@TempDir Path dir) {
        Path out = dir.resolve("features.csv");
        HeadlessMacro.run("run(\"Radiomics Features\", \"image=[" + CT + "] mask=[" + SEG + "] labels=20,21 parameters=[]"
                + " bin_width=25 log_sigmas=3 image_types=Original,LoG families=shape,firstorder,glcm output=[" + out + "]\");");
        ResultsTable rt = RadiomicsFeatures.lastTable();
        assertNotNull(rt);
        assertEquals(2, rt.size());
        assertEquals(20, (int) rt.getValue("Label", 0));
        assertEquals(21, (int) rt.getValue("Label", 1));
        assertEquals(1319 * 27.0, rt.getValue("original_shape_VoxelVolume", 0), 1e-6);
        assertTrue(rt.columnExists("log-sigma-3-0-mm-3D_glcm_Autocorrelation"));
        assertFalse(rt.columnExists("original_glrlm_RunEntropy")); // family not chosen
        Csv csv = Csv.read(out);
        assertEquals(List.of("Image", "Mask", "Label", "LabelName"), csv.header().subList(0, 4));
        assertEquals(2, csv.rowCount());
        assertEquals(rt.getValue("original_firstorder_Mean", 1), Double.parseDouble(csv.rowMap(1).get("original_firstorder_Mean")), 1e-9);
        assertTrue(Files.exists(out.resolveSibling("features.csv.provenance.json")));
    }

    @Test
    void openImagesByTitle() {
        HeadlessMacro.run("run(\"Open NIfTI...\", \"open=[" + CT + "]\"); run(\"Open NIfTI...\", \"open=[" + SEG + "]\");"
                + " run(\"Radiomics Features\", \"image=example_ct.nii.gz mask=totalseg_vertebrae_pp_refined.nii.gz labels=20"
                + " parameters=[] bin_width=25 log_sigmas=[] image_types=Original families=firstorder output=[]\");");
        ResultsTable rt = RadiomicsFeatures.lastTable();
        assertEquals(1, rt.size());
        assertEquals("example_ct.nii.gz", rt.getStringValue("Image", 0));
        assertEquals(1319, (int) rt.getValue("diagnostics_Mask-original_VoxelNum", 0));
        // the open images give the same features as the files
        var fromFiles = org.spinerad.radiomics.RadiomicsComponents.extractor(
                org.spinerad.radiomics.ParameterFile.parse("featureClass: {firstorder: }", "t", false), 1)
                .execute(org.spinerad.io.VolumeIO.read(CT), org.spinerad.io.VolumeIO.read(SEG), 20);
        for (String f : List.of("original_firstorder_Mean", "original_firstorder_Entropy", "original_firstorder_90Percentile"))
            assertEquals((Double) fromFiles.get(f), rt.getValue(f, 0), 1e-9, f);
    }

    @Test
    void radiomicsBatchByNameFromAMacro(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("cohort.csv"), "patient_id,CT,CT_mask\np1," + CT + "," + SEG + "\n");
        Path params = dir.resolve("p.yaml");
        Files.writeString(params, "featureClass: {firstorder: [Mean, Median]}\n");
        Path out = dir.resolve("wide.csv");
        HeadlessMacro.run("run(\"Radiomics Batch\", \"manifest=[" + dir.resolve("cohort.csv") + "] output=[" + out
                + "] parameters=[" + params + "] structures=[lumbar=20,21,22,23,24] labels=[]\");");
        Csv csv = Csv.read(out);
        assertEquals(List.of("patient_id", "error", "CT_lumbar_original_firstorder_Mean", "CT_lumbar_original_firstorder_Median"), csv.header());
        assertEquals("p1", csv.cell(0, 0));
        assertEquals("", csv.cell(0, 1));
    }
}
