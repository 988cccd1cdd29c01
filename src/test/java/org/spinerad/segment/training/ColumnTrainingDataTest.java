package org.spinerad.segment.training;

import org.junit.jupiter.api.Test;
import org.spinerad.testutil.SharedData;

import java.security.MessageDigest;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The real training cases' class arrays are those the shipped column model was trained on: SHA-256 of the canonical
 * class bytes as computed by ColumnTrainingData's own mask conversion before it moved to {@code segment.ReferenceMasks}.
 */
class ColumnTrainingDataTest {
    static String sha256(TrainingCase.Pair pair) throws Exception {
        var v = pair.labels().volume();
        byte[] b = new byte[v.size()];
        for (int i = 0; i < b.length; i++) b[i] = (byte) v.getInt(i);
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void realCasesKeepTheirClassArrays() throws Exception {
        var data = SharedData.root();
        SharedData.file("totalsegmentator/example_ct.nii.gz");
        assertEquals("442bc240f59bb1fc836f785fb7b6aef2a157638003a059b7b4f6d4968b8ba682", sha256(ColumnTrainingData.exampleCt(data)));
        assertEquals("2ec8eb058a0f6b7281427cf5dad78d8203b748e0725b28a1323179a691e1ec4d", sha256(ColumnTrainingData.tptbox(data)));
    }
}
