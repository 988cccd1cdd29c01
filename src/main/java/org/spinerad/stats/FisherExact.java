package org.spinerad.stats;

import org.spinerad.util.SpineRadException;

/** Fisher's exact test for r x c tables by complete enumeration of the tables with the observed margins. */
final class FisherExact {
    private static final long MAX_TABLES = 20_000_000L;
    private static final double REL_ERR = 1 + 1e-7;

    private final int rows, cols;
    private final long[] colSums;
    private final long[] rowLeft;
    private final double constant, observedLogP;
    /** log(i!) for i = 0..n, so the enumeration does no log-gamma calls. */
    private final double[] logFact;
    private double pSum, totalSum;
    private long visited;

    private FisherExact(long[][] t) {
        rows = t.length;
        cols = t[0].length;
        long[] rs = new long[rows];
        colSums = new long[cols];
        long n = 0;
        double logObserved = 0;
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) {
                rs[i] += t[i][j];
                colSums[j] += t[i][j];
                n += t[i][j];
            }
        if (n > 100_000) throw new SpineRadException("Fisher's exact test: " + n + " observations is too many to enumerate");
        logFact = new double[(int) n + 1];
        for (int i = 2; i <= n; i++) logFact[i] = logFact[i - 1] + Math.log(i);
        for (long[] row : t) for (long v : row) logObserved -= logFact[(int) v];
        double c = -logFact[(int) n];
        for (long r : rs) c += logFact[(int) r];
        for (long s : colSums) c += logFact[(int) s];
        constant = c;
        observedLogP = c + logObserved;
        rowLeft = rs;
    }

    static GroupTests.Result test(long[][] table) {
        FisherExact f = new FisherExact(table);
        f.fillColumn(0, 0, f.colSums[0], 0);
        // relative to the total so that rounding in the enumeration cancels (total is 1 in exact arithmetic)
        double p = Math.min(1, f.pSum / f.totalSum);
        return new GroupTests.Result("Fisher exact", Double.NaN, Double.NaN, Double.NaN, p);
    }

    /** Fills cell (i, j) given the part of column j still to distribute; logSum = -sum log(x!) of cells filled so far. */
    private void fillColumn(int i, int j, long colLeft, double logSum) {
        if (j == cols - 1) { // last column is determined by the rows
            double s = logSum;
            for (int r = 0; r < rows; r++) s -= logFact[(int) rowLeft[r]];
            double p = Math.exp(constant + s);
            totalSum += p;
            if (constant + s <= observedLogP + Math.log(REL_ERR)) pSum += p;
            if (++visited > MAX_TABLES)
                throw new SpineRadException("Fisher's exact test: table too large to enumerate (more than " + MAX_TABLES + " tables)");
            return;
        }
        if (i == rows - 1) { // last row of the column is determined
            if (colLeft > rowLeft[i]) return;
            rowLeft[i] -= colLeft;
            fillColumn(0, j + 1, colSums[j + 1], logSum - logFact[(int) colLeft]);
            rowLeft[i] += colLeft;
            return;
        }
        // cells below can take at most the sum of the remaining row capacities
        long below = 0;
        for (int r = i + 1; r < rows; r++) below += rowLeft[r];
        long lo = Math.max(0, colLeft - below), hi = Math.min(colLeft, rowLeft[i]);
        for (long x = lo; x <= hi; x++) {
            rowLeft[i] -= x;
            fillColumn(i + 1, j, colLeft - x, logSum - logFact[(int) x]);
            rowLeft[i] += x;
        }
    }
}
