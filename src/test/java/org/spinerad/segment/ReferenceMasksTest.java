package org.spinerad.segment;

import org.junit.jupiter.api.Test;
import org.spinerad.image.LabelMap;
import org.spinerad.image.SpineLabels;
import org.spinerad.io.VolumeIO;
import org.spinerad.testutil.SharedData;
import org.spinerad.util.SpineRadException;

import static org.junit.jupiter.api.Assertions.*;

/** The reference masks of shared data as SpineLabels maps. */
class ReferenceMasksTest {
    static LabelMap read(String f) { return VolumeIO.readLabelMap(SharedData.file(f)); }

    @Test
    void totalSegmentatorDiscsAreNamedByTheBodiesAround() {
        var ref = ReferenceMasks.fromTotalSegmentator(read("totalsegmentator/spine_report/totalseg.nii.gz"),
                read("totalsegmentator/spine_report/totalseg_vertebrae_body.nii.gz"), "totalseg");
        var present = ref.labels().presentLabels();
        for (int l : new int[]{SpineLabels.T11_POSTERIOR, SpineLabels.T12, SpineLabels.L1, SpineLabels.L5, SpineLabels.S1, SpineLabels.L3_POSTERIOR,
                SpineLabels.DISC_T12_L1, SpineLabels.DISC_L1_L2, SpineLabels.DISC_L4_L5, SpineLabels.DISC_L5_S1})
            assertTrue(present.contains(l), l + " in " + present);
        assertNull(ref.articular());
        double[][] c = ReferenceMasks.centroids(ref.labels().volume());
        // each named disc lies between its two bodies along the world S axis
        for (int k = 0; k < SpineLabels.LUMBAR_DISCS.length; k++) {
            double disc = c[SpineLabels.LUMBAR_DISCS[k]][2], above = c[SpineLabels.LUMBAR[k]][2];
            double below = c[k == 4 ? SpineLabels.S1 : SpineLabels.LUMBAR[k + 1]][2];
            assertTrue(disc < above && disc > below, "disc " + k + ": " + disc + " between " + above + " and " + below);
        }
    }

    @Test
    void tptBoxArticularProcessesLieOnTheirSide() {
        var ref = ReferenceMasks.fromTptBox(read("tptbox/sample_ct/sub-ct_seg-vert_label-22_msk.nii.gz"),
                read("tptbox/sample_ct/sub-ct_seg-subreg_label-22_msk.nii.gz"), null, "tptbox");
        assertEquals(java.util.Set.of(SpineLabels.L2, SpineLabels.L3, SpineLabels.L4, SpineLabels.L2_POSTERIOR, SpineLabels.L3_POSTERIOR,
                SpineLabels.L4_POSTERIOR), ref.labels().presentLabels());
        double[][] c = ReferenceMasks.centroids(ref.articular().volume());
        // world LPS: +x is the patient's left; superior processes lie above the inferior ones of the same vertebra column
        assertTrue(c[ReferenceMasks.SAP_LEFT][0] > c[ReferenceMasks.SAP_RIGHT][0] + 15);
        assertTrue(c[ReferenceMasks.IAP_LEFT][0] > c[ReferenceMasks.IAP_RIGHT][0] + 15);
        for (int i = 0; i < ref.articular().volume().size(); i++)
            if (ref.articular().volume().getInt(i) > 0) {
                int l = ref.labels().volume().getInt(i);
                assertTrue(l > SpineLabels.POSTERIOR_OFFSET, "articular voxel " + i + " is labelled " + l);
            }
    }

    @Test
    void masksOnDifferentGridsAreAnError() {
        var e = assertThrows(SpineRadException.class, () -> ReferenceMasks.fromTptBox(read("tptbox/sample_ct/sub-ct_seg-vert_label-22_msk.nii.gz"),
                read("totalsegmentator/spine_report/totalseg_vertebrae_body.nii.gz"), null, "vert.nii.gz"));
        assertTrue(e.getMessage().startsWith("vert.nii.gz: the two reference masks are on different grids"), e.getMessage());
    }
}
