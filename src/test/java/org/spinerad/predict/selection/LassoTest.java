package org.spinerad.predict.selection;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.spinerad.predict.Folds;
import org.spinerad.util.Progress;

import static org.junit.jupiter.api.Assertions.*;
import static org.spinerad.predict.SklearnReference.*;

/** LASSO against scikit-learn reference numbers (scripts/ref/lasso_reference.py, committed output). */
class LassoTest {
    @Test
    void lassoCvMatchesScikitLearn() {
        JsonObject ref = REF.getAsJsonObject("lassocv");
        LassoCV.Result r = new LassoCV(100, 1e-3, 1e-12).run(X, Y_LIN, Lasso.Kind.LINEAR, Folds.contiguous(X.length, 10), Progress.NONE);
        assertArrayEquals(arr(ref.getAsJsonArray("alphas")), r.lambdas(), 1e-10, "lambda grid");
        assertArrayEquals(arr(ref.getAsJsonArray("mse_mean")), r.cvMean(), 1e-7, "CV curve");
        assertEquals(ref.get("alpha").getAsDouble(), r.lambda(), 1e-12, "chosen lambda");
        double[] coef = arr(ref.getAsJsonArray("coef"));
        assertArrayEquals(coef, r.fit().beta(), 1e-7);
        assertEquals(ref.get("intercept").getAsDouble(), r.fit().intercept(), 1e-7);
        for (int j = 0; j < coef.length; j++)
            assertEquals(coef[j] != 0, r.fit().beta()[j] != 0, "selected set differs at feature " + j);
        assertTrue(r.fit().beta()[0] > 1 && r.fit().beta()[3] < -1.5, "planted coefficients recovered");
    }

    @Test
    void l1LogisticMatchesScikitLearnSaga() {
        JsonObject ref = REF.getAsJsonObject("logistic_l1");
        Lasso.Fit f = new Lasso(1e-12).fit(X, Y_BIN, Lasso.Kind.LOGISTIC, ref.get("lambda").getAsDouble());
        double[] coef = arr(ref.getAsJsonArray("coef"));
        assertArrayEquals(coef, f.beta(), 1e-5);
        assertEquals(ref.get("intercept").getAsDouble(), f.intercept(), 1e-5);
        for (int j = 0; j < coef.length; j++)
            assertEquals(Math.abs(coef[j]) > 1e-8, f.beta()[j] != 0, "selected set differs at feature " + j);
    }

    @Test
    void aboveLambdaMaxEverythingIsZero() {
        double lmax = Lasso.lambdaMax(X, Y_BIN, Lasso.Kind.LOGISTIC);
        assertEquals(0, new Lasso().fit(X, Y_BIN, Lasso.Kind.LOGISTIC, lmax * 1.0001).nonZero());
        assertTrue(new Lasso().fit(X, Y_BIN, Lasso.Kind.LOGISTIC, lmax * 0.9).nonZero() > 0);
    }

    @Test
    void stratifiedFoldsKeepClassRatio() {
        int[] y = new int[100];
        for (int i = 0; i < 30; i++) y[i] = 1;
        int[] fold = Folds.stratified(y, 10, 7);
        for (int f = 0; f < 10; f++) {
            int pos = 0, all = 0;
            for (int i = 0; i < 100; i++) if (fold[i] == f) { all++; pos += y[i]; }
            assertEquals(10, all);
            assertEquals(3, pos);
        }
        assertThrows(org.spinerad.util.SpineRadException.class, () -> Folds.stratified(new int[]{1, 1, 0, 0, 0}, 10, 1));
    }
}
