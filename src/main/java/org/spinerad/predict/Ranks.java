package org.spinerad.predict;

import java.util.Arrays;

/** Mid-ranks and the rank-based (Mann–Whitney) AUC. */
final class Ranks {
    private Ranks() {}

    static double[] midRanks(double[] v) {
        Integer[] order = new Integer[v.length];
        for (int i = 0; i < v.length; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(v[a], v[b]));
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; ) {
            int j = i;
            while (j + 1 < v.length && v[order[j + 1]] == v[order[i]]) j++;
            double mid = (i + j) / 2.0 + 1;
            for (int t = i; t <= j; t++) r[order[t]] = mid;
            i = j + 1;
        }
        return r;
    }

    static double auc(double[] score, int[] y) {
        double[] r = midRanks(score);
        long pos = 0;
        double sum = 0;
        for (int i = 0; i < y.length; i++) if (y[i] == 1) { pos++; sum += r[i]; }
        long neg = y.length - pos;
        if (pos == 0 || neg == 0) return Double.NaN;
        return (sum - pos * (pos + 1) / 2.0) / ((double) pos * neg);
    }
}
