package org.spinerad.segment;

import com.google.gson.JsonElement;
import org.junit.jupiter.api.Test;
import org.spinerad.image.SpineLabels;
import org.spinerad.io.VolumeIO;
import org.spinerad.util.Progress;

import java.nio.file.Path;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The real held-out figure: the column model trained by the same recipe without example_ct
 * ({@code models/unet-spine-column-loo-example_ct}), segmenting example_ct with the full cascade.
 */
class LeaveOneOutModelTest {
    static final Path MODEL = Path.of("models/unet-spine-column-loo-example_ct");
    /** What this model reaches (measured, docs/segmentation.md); the issue asks for 0.80. */
    static final double MIN_LUMBAR_BODY_DICE = 0.85, MAX_OUTSIDE = 0.10;

    @Test
    void exampleCtWasNotTrainedOnAndItsBodiesAreFound() {
        ModelManifest m = ModelManifest.read(MODEL);
        for (JsonElement id : m.training().getAsJsonArray("trainCases"))
            assertFalse(id.getAsString().startsWith("example_ct"), "the leave-one-out model was trained on " + id);
        Path ts = RealCtSegmentationTest.DATA.resolve("totalsegmentator");
        int[] vert = RealCtSegmentationTest.ints(VolumeIO.read(ts.resolve("spine_report/totalseg.nii.gz")));
        int[] bodyMask = RealCtSegmentationTest.ints(VolumeIO.read(ts.resolve("spine_report/totalseg_vertebrae_body.nii.gz")));
        int[] pred;
        try (Segmenter seg = Segmenter.load(MODEL)) {
            pred = RealCtSegmentationTest.ints(seg.segmentWithReport(VolumeIO.read(ts.resolve("example_ct.nii.gz")), Progress.NONE).labels().volume());
        }
        int[] refBody = new int[vert.length];
        long predicted = 0, outside = 0;
        for (int i = 0; i < vert.length; i++) {
            refBody[i] = bodyMask[i] == 1 ? vert[i] : 0;
            if (RealCtSegmentationTest.isVertebra(pred[i]) || pred[i] == SpineLabels.S1) {
                predicted++;
                if (vert[i] < 26 || vert[i] > 33) outside++;
            }
        }
        StringBuilder report = new StringBuilder();
        double min = 1;
        for (int k = 0; k < 5; k++) {
            double d = RealCtSegmentationTest.dice(pred, SpineLabels.LUMBAR[k], refBody, RealCtSegmentationTest.TOTALSEG_LUMBAR[k]);
            min = Math.min(min, d);
            report.append(String.format(Locale.ROOT, "L%d %.3f; ", k + 1, d));
        }
        double outsideFraction = (double) outside / predicted;
        report.append(String.format(Locale.ROOT, "%.1f %% outside", 100 * outsideFraction));
        System.out.println("leave-one-out model on example_ct: " + report);
        assertTrue(min >= MIN_LUMBAR_BODY_DICE, report.toString());
        assertTrue(outsideFraction <= MAX_OUTSIDE, report.toString());
    }
}
