package org.spinerad.stats;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The smoothed calibration curve against R 4.2 {@code lowess(p, y, f = 2/3, iter = 0, delta = 0)}. */
class CalibrationLowessTest {
    private static double[] p(boolean ties) {
        double[] p = new double[40];
        for (int i = 1; i <= 40; i++) {
            double v = ((i * 37) % 41) / 41.0 * 0.9 + 0.05;
            p[i - 1] = ties ? Math.round(v * 10) / 10.0 : v + i / 1000.0;
        }
        return p;
    }

    @Test
    void distinctPredictionsMatchR() {
        double[] p = p(false);
        int[] y = new int[40];
        for (int i = 1; i <= 40; i++) y[i - 1] = (i * 11) % 5 < 2 || i % 7 == 0 ? 1 : 0;
        double[] r = {0.59039836676094981, 0.55555689547197351, 0.52654658282901512, 0.50912633894723758, 0.50292517199004272,
                0.48871927005547267, 0.47163938785650822, 0.46071060333375563, 0.45659721619038957, 0.44667319081654311,
                0.43525928930982588, 0.43353351571101645, 0.43690373927488801, 0.47671644392908957, 0.52872193391235589,
                0.57558201303093437, 0.59169047880220493, 0.60779619440916621, 0.62095727306545789, 0.63250763976356628,
                0.6270741895863865, 0.58917411015386945, 0.55078891434112087, 0.53128364056064303, 0.513740433249122,
                0.4631304372551921, 0.41223051392226545, 0.36939553840498834, 0.36686598582008917, 0.36962511625923561,
                0.38018924772363344, 0.38927177450037054, 0.39319597949223095, 0.40424468460897583, 0.42327373156011361,
                0.44030203423204595, 0.4479534829433518, 0.46986939001575834, 0.50698954467578705, 0.55180996340578337};
        double[][] fit = Calibration.lowessCurve(p, y);
        assertEquals(40, fit[0].length);
        for (int i = 1; i < 40; i++) assertTrue(fit[0][i] > fit[0][i - 1], "sorted");
        assertArrayEquals(r, fit[1], 1e-12);
    }

    @Test
    void tiedPredictionsMatchR() {
        double[] p = p(true);
        int[] y = new int[40];
        for (int i = 1; i <= 40; i++) y[i - 1] = (i * 11) % 5 < 2 ? 1 : 0;
        double[][] fit = Calibration.lowessCurve(p, y);
        assertArrayEquals(new double[]{0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9}, fit[0], 1e-12);
        assertArrayEquals(new double[]{0.55136332510264552, 0.40057685591590664, 0.290997013227137, 0.40111438723330961,
                0.48174965412911641, 0.40111438723330928, 0.29099701322713667, 0.40057685591590653, 0.55136332510264796}, fit[1], 1e-12);
        assertNull(Calibration.lowessCurve(new double[]{0.1, 0.1, 0.2, 0.2, 0.3, 0.3}, new int[]{0, 1, 0, 1, 0, 1}), "too few distinct values");
    }
}
