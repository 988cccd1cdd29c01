package org.spinerad.stats;

import org.spinerad.util.SpineRadException;

/** Input checks shared by the statistics classes; every failure is a {@link SpineRadException} naming the problem. */
final class StatsInput {
    private StatsInput() {}

    static void sameLength(String what, int a, int b) {
        if (a != b) throw new SpineRadException(what + ": lengths differ (" + a + " vs " + b + ")");
    }

    /** Rejects NaN/infinite values, naming the first offending row (1-based). */
    static void finite(String what, double[] x) {
        for (int i = 0; i < x.length; i++)
            if (!Double.isFinite(x[i])) throw new SpineRadException(what + ": value at row " + (i + 1) + " is " + x[i]);
    }

    /** Checks 0/1 labels with both classes present; returns the number of positives. */
    static int binaryOutcome(String what, int[] y) {
        int pos = 0;
        for (int i = 0; i < y.length; i++) {
            if (y[i] != 0 && y[i] != 1)
                throw new SpineRadException(what + ": outcome at row " + (i + 1) + " is " + y[i] + " (expected 0 or 1)");
            pos += y[i];
        }
        if (pos == 0 || pos == y.length)
            throw new SpineRadException("outcome has only one class: " + what + " has " + y.length + " rows, all " + (pos == 0 ? 0 : 1));
        return pos;
    }

    /** Scores plus binary outcome: same length, finite scores, both classes. Returns the number of positives. */
    static int scoresAndOutcome(String what, double[] scores, int[] y) {
        sameLength(what + " (scores vs outcome)", scores.length, y.length);
        finite(what + " scores", scores);
        return binaryOutcome(what, y);
    }

    static void minSize(String what, int n, int min) {
        if (n < min) throw new SpineRadException(what + ": needs at least " + min + " values, got " + n);
    }
}
