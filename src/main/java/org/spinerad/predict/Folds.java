package org.spinerad.predict;

import org.spinerad.util.SpineRadException;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Cross-validation fold assignment: {@code fold[i]} in 0..k-1 for each row. */
public final class Folds {
    private Folds() {}

    /** Contiguous folds like scikit-learn's {@code KFold(k)} without shuffling (first n % k folds one larger). */
    public static int[] contiguous(int n, int k) {
        check(n, k);
        int[] fold = new int[n];
        int start = 0;
        for (int f = 0; f < k; f++) {
            int size = n / k + (f < n % k ? 1 : 0);
            for (int i = start; i < start + size; i++) fold[i] = f;
            start += size;
        }
        return fold;
    }

    /** Stratified shuffled folds: each class is shuffled (seeded) and dealt round-robin, so class ratios match per fold. */
    public static int[] stratified(int[] y, int k, long seed) {
        check(y.length, k);
        int pos = 0;
        for (int v : y) pos += v;
        if (pos < k || y.length - pos < k)
            throw new SpineRadException("Stratified " + k + "-fold CV needs at least " + k + " cases of each class; have "
                    + pos + " positive and " + (y.length - pos) + " negative");
        int[] fold = new int[y.length];
        SplittableRandom rnd = new SplittableRandom(seed);
        int offset = 0;
        for (int cls = 0; cls <= 1; cls++) {
            List<Integer> idx = new ArrayList<>();
            for (int i = 0; i < y.length; i++) if (y[i] == cls) idx.add(i);
            for (int i = idx.size() - 1; i > 0; i--) { // Fisher-Yates
                int j = rnd.nextInt(i + 1);
                Integer t = idx.get(i); idx.set(i, idx.get(j)); idx.set(j, t);
            }
            for (int i = 0; i < idx.size(); i++) fold[idx.get(i)] = (offset + i) % k;
            offset += idx.size();
        }
        return fold;
    }

    private static void check(int n, int k) {
        if (k < 2) throw new SpineRadException("Cross-validation needs at least 2 folds, got " + k);
        if (n < k) throw new SpineRadException("Cross-validation with " + k + " folds needs at least " + k + " rows, got " + n);
    }

    /** Row indices in ({@code inFold}=true) or out of a fold. */
    public static int[] indices(int[] fold, int f, boolean inFold) {
        int c = 0;
        for (int v : fold) if ((v == f) == inFold) c++;
        int[] out = new int[c];
        for (int i = 0, j = 0; i < fold.length; i++) if ((fold[i] == f) == inFold) out[j++] = i;
        return out;
    }
}
