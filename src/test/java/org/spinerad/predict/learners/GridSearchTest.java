package org.spinerad.predict.learners;

import org.junit.jupiter.api.Test;
import org.spinerad.predict.Folds;
import org.spinerad.stats.Calibration;
import org.spinerad.util.Progress;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class GridSearchTest {
    @Test
    void equalCvAucsAreDecidedByTheOutOfFoldBrierScore() {
        // one predictor: every C of logistic regression ranks patients alike, so all CV AUCs tie
        SplittableRandom rnd = new SplittableRandom(4);
        int n = 200;
        double[][] x = new double[n][1];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            x[i][0] = rnd.nextGaussian();
            y[i] = rnd.nextDouble() < 1 / (1 + Math.exp(-2 * x[i][0])) ? 1 : 0;
        }
        GridSearch.Result r = GridSearch.run(LogisticModel.LEARNER, x, y, Folds.stratified(y, 5, 1), 1, Progress.NONE);
        assertEquals(5, r.all().size());
        double minBrier = Double.POSITIVE_INFINITY;
        for (GridSearch.Scored s : r.all()) {
            assertEquals(r.all().get(0).meanAuc(), s.meanAuc(), 0, "AUCs tie");
            minBrier = Math.min(minBrier, s.oofBrier());
        }
        assertEquals(minBrier, r.best().oofBrier(), 0);
        assertEquals(Calibration.brier(r.outOfFold(), y), r.best().oofBrier(), 1e-15);
        assertNotEquals(0.01, r.best().params().get("C"), "not the strongest penalty (the first grid point)");
    }
}
