package org.spinerad.predict.learners;

/**
 * C-support-vector classification solved as libsvm 3.x does (Fan, Chen &amp; Lin 2005: SMO with second-order working-set
 * selection, stopping tolerance 1e-3, no shrinking), so results match scikit-learn's {@code SVC} and do not depend on
 * any random order: the dual {@code min ½αᵀQα − eᵀα, 0 ≤ α ≤ C, yᵀα = 0} with {@code Q_ij = y_i y_j K(x_i, x_j)},
 * intercept from the free support vectors. Kernel rows are computed on demand and cached.
 * The solver follows libsvm's {@code Solver} (Copyright (c) 2000-2023 Chih-Chung Chang and Chih-Jen Lin, BSD-3-Clause
 * licence: redistribution with this notice; see https://www.csie.ntu.edu.tw/~cjlin/libsvm/COPYRIGHT).
 */
final class Smo {
    private static final double TAU = 1e-12, EPS = 1e-3;

    /** The kernel between two training rows. */
    interface Kernel { double k(int i, int j); }

    /** Dual coefficients α_i y_i (zero for non-support vectors) and the intercept b = −ρ. */
    record Solution(double[] coef, double intercept) {}

    private Smo() {}

    static Solution solve(Kernel kernel, int[] y, double c) {
        int n = y.length;
        double[][] cache = new double[n][];
        Rows q = i -> {
            if (cache[i] == null) {
                double[] row = new double[n];
                for (int j = 0; j < n; j++) row[j] = y[i] * y[j] * kernel.k(i, j);
                cache[i] = row;
            }
            return cache[i];
        };
        double[] qd = new double[n];
        for (int i = 0; i < n; i++) qd[i] = kernel.k(i, i);
        double[] alpha = new double[n], g = new double[n];
        java.util.Arrays.fill(g, -1);
        long maxIter = Math.max(10_000_000L, n > Integer.MAX_VALUE / 100 ? Integer.MAX_VALUE : 100L * n);
        for (long iter = 0; iter < maxIter; iter++) {
            // working set: i maximises -y_t G_t over I_up; j minimises the second-order objective decrease over I_low
            double gmax = Double.NEGATIVE_INFINITY, gmax2 = Double.NEGATIVE_INFINITY;
            int i = -1;
            for (int t = 0; t < n; t++) {
                if (y[t] == 1 ? alpha[t] < c : alpha[t] > 0) {
                    if (-y[t] * g[t] >= gmax) { gmax = -y[t] * g[t]; i = t; }
                }
            }
            double[] qi = i < 0 ? null : q.row(i);
            int j = -1;
            double objMin = Double.POSITIVE_INFINITY;
            for (int t = 0; t < n; t++) {
                if (!(y[t] == 1 ? alpha[t] > 0 : alpha[t] < c)) continue;
                double yg = y[t] * g[t];
                if (yg >= gmax2) gmax2 = yg;
                double gradDiff = gmax + yg;
                if (i >= 0 && gradDiff > 0) {
                    double quad = qd[i] + qd[t] - 2.0 * y[i] * y[t] * qi[t];
                    double obj = -(gradDiff * gradDiff) / (quad > 0 ? quad : TAU);
                    if (obj <= objMin) { objMin = obj; j = t; }
                }
            }
            if (gmax + gmax2 < EPS || j < 0) break;
            double[] qj = q.row(j);
            double oldI = alpha[i], oldJ = alpha[j];
            if (y[i] != y[j]) {
                double quad = qd[i] + qd[j] + 2 * qi[j];
                double delta = (-g[i] - g[j]) / (quad > 0 ? quad : TAU), diff = alpha[i] - alpha[j];
                alpha[i] += delta;
                alpha[j] += delta;
                if (diff > 0) { if (alpha[j] < 0) { alpha[j] = 0; alpha[i] = diff; } }
                else if (alpha[i] < 0) { alpha[i] = 0; alpha[j] = -diff; }
                if (diff > 0) { if (alpha[i] > c) { alpha[i] = c; alpha[j] = c - diff; } }
                else if (alpha[j] > c) { alpha[j] = c; alpha[i] = c + diff; }
            } else {
                double quad = qd[i] + qd[j] - 2 * qi[j];
                double delta = (g[i] - g[j]) / (quad > 0 ? quad : TAU), sum = alpha[i] + alpha[j];
                alpha[i] -= delta;
                alpha[j] += delta;
                if (sum > c) { if (alpha[i] > c) { alpha[i] = c; alpha[j] = sum - c; } }
                else if (alpha[j] < 0) { alpha[j] = 0; alpha[i] = sum; }
                if (sum > c) { if (alpha[j] > c) { alpha[j] = c; alpha[i] = sum - c; } }
                else if (alpha[i] < 0) { alpha[i] = 0; alpha[j] = sum; }
            }
            double di = alpha[i] - oldI, dj = alpha[j] - oldJ;
            for (int t = 0; t < n; t++) g[t] += qi[t] * di + qj[t] * dj;
        }
        // rho: mean y_i G_i over free alphas, else the midpoint of the feasible interval
        double ub = Double.POSITIVE_INFINITY, lb = Double.NEGATIVE_INFINITY, sumFree = 0;
        int free = 0;
        for (int t = 0; t < n; t++) {
            double yg = y[t] * g[t];
            if (alpha[t] >= c) { if (y[t] == -1) ub = Math.min(ub, yg); else lb = Math.max(lb, yg); }
            else if (alpha[t] <= 0) { if (y[t] == 1) ub = Math.min(ub, yg); else lb = Math.max(lb, yg); }
            else { free++; sumFree += yg; }
        }
        double rho = free > 0 ? sumFree / free : (ub + lb) / 2;
        double[] coef = new double[n];
        for (int t = 0; t < n; t++) coef[t] = alpha[t] * y[t];
        return new Solution(coef, -rho);
    }

    private interface Rows { double[] row(int i); }
}
