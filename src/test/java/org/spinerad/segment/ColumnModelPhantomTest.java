package org.spinerad.segment;

import org.spinerad.segment.training.TrainingCase;
import org.junit.jupiter.api.Test;
import org.spinerad.image.LabelMap;
import org.spinerad.image.SpineLabels;
import org.spinerad.util.Progress;

import java.nio.file.Path;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.*;

/** The shipped column model on phantoms of a cohort seed it was not trained on: L1-L5 body Dice under anatomical names. */
class ColumnModelPhantomTest {
    /** What the shipped model reaches (measured, see docs/segmentation.md). */
    static final double MIN_MEAN_BODY_DICE = 0.95;

    @Test
    void freshPhantomsGetTheirLevelsNamedFromTheSacrum() {
        double sum = 0;
        int count = 0;
        StringBuilder report = new StringBuilder();
        try (Segmenter seg = Segmenter.load(Path.of(Segmenter.DEFAULT_MODEL))) {
            for (TrainingCase c : TrainingCase.phantoms(2, 20261125L, 3.0)) {
                TrainingCase.Pair pair = c.loader().get();
                ColumnSegmenter.Result r = seg.segmentWithReport(pair.image(), Progress.NONE);
                LabelMap predicted = r.labels();
                double[] d = ShippedModelTest.dicePerLevel(predicted, pair.labels());
                report.append(c.id()).append(' ').append(r.levels().stream().map(ColumnLabeller.Level::name).toList()).append(' ');
                for (int k = 0; k < 5; k++) {
                    report.append(String.format(Locale.ROOT, "L%d=%.3f ", k + 1, d[k]));
                    sum += d[k];
                    count++;
                }
                report.append('\n');
                assertEquals(0, predicted.count(SpineLabels.T11), "a phantom has no T11");
            }
        }
        double mean = sum / count;
        System.out.println("column model, fresh phantoms: mean body Dice L1-L5 " + mean + "\n" + report);
        assertTrue(mean >= MIN_MEAN_BODY_DICE, report.toString());
    }
}
