package org.spinerad.stats;


/** Mid-ranks (ties get the average rank) and the tie correction term used by rank tests. */
final class Ranks {
    /** 1-based mid-ranks of x. */
    final double[] ranks;
    /** Sum over tie groups of t^3 - t. */
    final double tieSum;

    private Ranks(double[] ranks, double tieSum) {
        this.ranks = ranks;
        this.tieSum = tieSum;
    }

    static Ranks of(double[] x) {
        int n = x.length;
        double[] sorted = x.clone();
        int[] order = sortOrder(x);
        for (int i = 0; i < n; i++) sorted[i] = x[order[i]];
        double[] r = new double[n];
        double ties = 0;
        for (int i = 0; i < n; ) {
            int j = i + 1;
            while (j < n && sorted[j] == sorted[i]) j++;
            double mid = (i + 1 + j) / 2.0;
            for (int k = i; k < j; k++) r[order[k]] = mid;
            double t = j - i;
            ties += t * t * t - t;
            i = j;
        }
        return new Ranks(r, ties);
    }

    /** Indices of x in ascending value order (stable). */
    static int[] sortOrder(double[] x) {
        int n = x.length;
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        mergeSort(idx, new int[n], 0, n, x);
        return idx;
    }

    private static void mergeSort(int[] a, int[] tmp, int lo, int hi, double[] key) {
        if (hi - lo < 2) return;
        int mid = (lo + hi) >>> 1;
        mergeSort(a, tmp, lo, mid, key);
        mergeSort(a, tmp, mid, hi, key);
        int i = lo, j = mid, k = lo;
        while (i < mid && j < hi) tmp[k++] = key[a[j]] < key[a[i]] ? a[j++] : a[i++];
        while (i < mid) tmp[k++] = a[i++];
        while (j < hi) tmp[k++] = a[j++];
        System.arraycopy(tmp, lo, a, lo, hi - lo);
    }
}
