package org.spinerad.radiomics;

import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.spinerad.image.DataType;
import org.spinerad.image.Volume;
import org.spinerad.io.VolumeIO;
import org.spinerad.testutil.Python;
import org.spinerad.testutil.SharedData;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The standard pipeline on the L1 body (label 20) of the TotalSegmentator example CT (3 mm). */
class RadiomicsRealDataTest {
    static final Path CT = SharedData.file("totalsegmentator/example_ct.nii.gz");
    static final Path SEG = SharedData.file("totalsegmentator/spine_report/totalseg_vertebrae_pp_refined.nii.gz");

    @Test
    void l1VolumeMeanAndPyRadiomicsColumns() throws Exception {
        Volume ct = VolumeIO.read(CT), seg = VolumeIO.readLabelMap(SEG).volume();
        var row = RadiomicsComponents.extractor(ParameterFile.defaults(), 2).execute(ct, VolumeIO.readLabelMap(SEG), 20);

        // 1319 voxels x 27 mm^3, the spine report's 35.61 ml
        assertEquals(1319, row.get("diagnostics_Mask-original_VoxelNum"));
        assertEquals(1319 * 27.0, (Double) row.get("original_shape_VoxelVolume"), 1e-6);
        double reportMl = JsonParser.parseString(Files.readString(SharedData.file("totalsegmentator/spine_report/spine_report.json")))
                .getAsJsonObject().getAsJsonObject("results").get("vertebrae_L1_volume_ml").getAsDouble();
        assertEquals(reportMl, (Double) row.get("original_shape_VoxelVolume") / 1000, 0.005);

        // PyRadiomics' default extraction: 107 features on the original image, named <prefix>_<class>_<Feature>
        List<String> features = row.keySet().stream().filter(k -> !k.startsWith("diagnostics_")).toList();
        assertEquals(107, features.size(), features.toString());
        for (String c : List.of("original_shape_VoxelVolume", "original_shape_Sphericity", "original_firstorder_Mean",
                "original_firstorder_10Percentile", "original_glcm_Autocorrelation", "original_glrlm_RunLengthNonUniformity",
                "original_glszm_ZoneEntropy", "original_gldm_DependenceEntropy", "original_ngtdm_Coarseness"))
            assertTrue(row.containsKey(c), c);
        assertTrue(features.get(0).startsWith("original_shape_"));

        // means of the full and of the 4 mm (one voxel, in-plane) eroded body, against numpy/scipy
        Volume eroded = erodeInPlane(seg, 20);
        var erodedRow = RadiomicsComponents.extractor(ParameterFile.parse("featureClass: {firstorder: [Mean]}", "t", false), 1)
                .execute(ct, eroded, 1);
        String[] ref = Python.run("""
                import sys, nibabel as nib, numpy as np, scipy.ndimage as nd
                a = np.asarray(nib.load(sys.argv[1]).dataobj).astype(float)
                l = np.asarray(nib.load(sys.argv[2]).dataobj) == 20
                st = np.zeros((3, 3, 3), bool); st[1, 1, 1] = st[0, 1, 1] = st[2, 1, 1] = st[1, 0, 1] = st[1, 2, 1] = True
                e = nd.binary_erosion(l, structure=st)
                print(repr(a[l].mean()), repr(a[e].mean()), int(e.sum()))
                """, CT.toString(), SEG.toString()).strip().split(" ");
        assertEquals(Double.parseDouble(ref[0]), (Double) row.get("original_firstorder_Mean"), 1e-9);
        assertEquals(Double.parseDouble(ref[1]), (Double) erodedRow.get("original_firstorder_Mean"), 1e-9);
        assertEquals(Integer.parseInt(ref[2]), erodedRow.get("diagnostics_Mask-original_VoxelNum"));
        // the report's mean over its 4 mm eroded mask (132.62 HU; its exact erosion is not documented): within 2 %
        double reportHu = JsonParser.parseString(Files.readString(SharedData.file("totalsegmentator/spine_report/spine_report.json")))
                .getAsJsonObject().getAsJsonObject("results").get("vertebrae_L1_intensity").getAsDouble();
        assertEquals(reportHu, (Double) erodedRow.get("original_firstorder_Mean"), 0.02 * reportHu);
    }

    /** Binary erosion of a label with the in-plane cross (x and y neighbours): 4 mm at 3 mm voxels. */
    static Volume erodeInPlane(Volume labels, int label) {
        Volume out = Volume.create(labels.geometry(), DataType.UINT8);
        int nx = labels.nx(), ny = labels.ny(), nz = labels.nz();
        for (int z = 0; z < nz; z++)
            for (int y = 0; y < ny; y++)
                for (int x = 0; x < nx; x++) {
                    boolean keep = labels.get(x, y, z) == label;
                    int[][] nb = {{x - 1, y}, {x + 1, y}, {x, y - 1}, {x, y + 1}};
                    for (int[] n : nb)
                        keep &= n[0] >= 0 && n[1] >= 0 && n[0] < nx && n[1] < ny && labels.get(n[0], n[1], z) == label;
                    if (keep) out.set(x, y, z, 1);
                }
        return out;
    }
}
