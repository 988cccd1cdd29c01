package org.spinerad.predict.learners;

import com.google.gson.JsonObject;
import org.spinerad.predict.Json;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A binary decision tree stored as flat arrays (node i is a leaf when {@code feature[i] < 0}; rows with
 * {@code x[feature] <= threshold} go left). Built by weighted variance reduction, which for a 0/1 target is the
 * Gini criterion (leaf value = weighted class-1 fraction) and for residuals the regression (MSE) criterion. Options
 * cover CART, random-forest feature sub-sampling and extremely randomised (random threshold) splits.
 */
public final class Tree {
    final int[] feature, left, right;
    final double[] threshold, value;

    Tree(int[] feature, double[] threshold, int[] left, int[] right, double[] value) {
        this.feature = feature;
        this.threshold = threshold;
        this.left = left;
        this.right = right;
        this.value = value;
    }

    /** Growth options: maxDepth ≤ 0 means unlimited; maxFeatures ≤ 0 means all features. */
    public record Options(int maxDepth, int minSamplesLeaf, int maxFeatures, boolean randomThresholds) {}

    public double predict(double[] row) {
        int n = 0;
        while (feature[n] >= 0) n = row[feature[n]] <= threshold[n] ? left[n] : right[n];
        return value[n];
    }

    /** Index of the leaf a row falls in (gradient boosting re-estimates leaf values). */
    int leaf(double[] row) {
        int n = 0;
        while (feature[n] >= 0) n = row[feature[n]] <= threshold[n] ? left[n] : right[n];
        return n;
    }

    /** Total weighted impurity decrease per feature, for feature-importance plots. */
    final double[] gain(int p) { return gainAccumulator == null ? new double[p] : gainAccumulator.clone(); }

    private double[] gainAccumulator;

    public static Tree grow(double[][] x, double[] target, double[] weight, int[] rows, Options o, SplittableRandom rnd) {
        Builder b = new Builder(x, target, weight, o, rnd);
        b.build(rows, 0);
        Tree t = b.toTree();
        t.gainAccumulator = b.gain;
        return t;
    }

    private static final class Builder {
        final double[][] x;
        final double[] y, w;
        final Options o;
        final SplittableRandom rnd;
        final int p;
        final double[] gain;
        final List<int[]> nodes = new ArrayList<>(); // {feature, left, right}
        final List<double[]> vals = new ArrayList<>(); // {threshold, value}

        Builder(double[][] x, double[] y, double[] w, Options o, SplittableRandom rnd) {
            this.x = x;
            this.y = y;
            this.w = w;
            this.o = o;
            this.rnd = rnd;
            this.p = x[0].length;
            this.gain = new double[p];
        }

        int build(int[] rows, int depth) {
            int id = nodes.size();
            nodes.add(new int[]{-1, -1, -1});
            double sw = 0, swy = 0, swyy = 0;
            for (int r : rows) { sw += w[r]; swy += w[r] * y[r]; swyy += w[r] * y[r] * y[r]; }
            double mean = sw > 0 ? swy / sw : 0;
            vals.add(new double[]{0, mean});
            double parentSse = swyy - swy * swy / Math.max(sw, 1e-300);
            boolean canSplit = rows.length >= 2 * o.minSamplesLeaf() && (o.maxDepth() <= 0 || depth < o.maxDepth()) && parentSse > 1e-12;
            if (!canSplit) return id;
            int[] features = candidateFeatures();
            int bestF = -1;
            double bestT = 0, bestSse = parentSse - 1e-12;
            for (int f : features) {
                double[] split = o.randomThresholds() ? randomSplit(rows, f) : bestSplit(rows, f);
                if (split != null && split[1] < bestSse) { bestSse = split[1]; bestF = f; bestT = split[0]; }
            }
            if (bestF < 0) return id;
            int nl = 0;
            for (int r : rows) if (x[r][bestF] <= bestT) nl++;
            if (nl < o.minSamplesLeaf() || rows.length - nl < o.minSamplesLeaf()) return id;
            int[] lr = new int[nl], rr = new int[rows.length - nl];
            int a = 0, b = 0;
            for (int r : rows) { if (x[r][bestF] <= bestT) lr[a++] = r; else rr[b++] = r; }
            gain[bestF] += parentSse - bestSse;
            nodes.get(id)[0] = bestF;
            vals.get(id)[0] = bestT;
            int l = build(lr, depth + 1);
            int rgt = build(rr, depth + 1);
            nodes.get(id)[1] = l;
            nodes.get(id)[2] = rgt;
            return id;
        }

        int[] candidateFeatures() {
            int k = o.maxFeatures() <= 0 || o.maxFeatures() >= p ? p : o.maxFeatures();
            int[] all = new int[p];
            for (int i = 0; i < p; i++) all[i] = i;
            for (int i = 0; i < k; i++) { // partial Fisher–Yates
                int j = i + rnd.nextInt(p - i);
                int t = all[i]; all[i] = all[j]; all[j] = t;
            }
            return Arrays.copyOf(all, k);
        }

        /** Best threshold on feature f by sorting: returns {threshold, children SSE} or null. */
        double[] bestSplit(int[] rows, int f) {
            Integer[] order = new Integer[rows.length];
            for (int i = 0; i < rows.length; i++) order[i] = rows[i];
            Arrays.sort(order, (u, v) -> Double.compare(x[u][f], x[v][f]));
            double tw = 0, twy = 0, twyy = 0;
            for (int r : rows) { tw += w[r]; twy += w[r] * y[r]; twyy += w[r] * y[r] * y[r]; }
            double lw = 0, lwy = 0, lwyy = 0, best = Double.POSITIVE_INFINITY, bestT = Double.NaN;
            for (int i = 0; i < order.length - 1; i++) {
                int r = order[i];
                lw += w[r]; lwy += w[r] * y[r]; lwyy += w[r] * y[r] * y[r];
                double xv = x[r][f], xn = x[order[i + 1]][f];
                if (xv == xn || i + 1 < o.minSamplesLeaf() || order.length - i - 1 < o.minSamplesLeaf()) continue;
                double rw = tw - lw, rwy = twy - lwy, rwyy = twyy - lwyy;
                double sse = (lwyy - lwy * lwy / lw) + (rwyy - rwy * rwy / rw);
                if (sse < best) { best = sse; bestT = (xv + xn) / 2; }
            }
            return Double.isNaN(bestT) ? null : new double[]{bestT, best};
        }

        /** Extremely randomised split: one uniform threshold between the node's min and max of f. */
        double[] randomSplit(int[] rows, int f) {
            double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
            for (int r : rows) { min = Math.min(min, x[r][f]); max = Math.max(max, x[r][f]); }
            if (!(max > min)) return null;
            double t = min + rnd.nextDouble() * (max - min);
            double lw = 0, lwy = 0, lwyy = 0, rw = 0, rwy = 0, rwyy = 0;
            for (int r : rows) {
                if (x[r][f] <= t) { lw += w[r]; lwy += w[r] * y[r]; lwyy += w[r] * y[r] * y[r]; }
                else { rw += w[r]; rwy += w[r] * y[r]; rwyy += w[r] * y[r] * y[r]; }
            }
            if (lw == 0 || rw == 0) return null;
            return new double[]{t, (lwyy - lwy * lwy / lw) + (rwyy - rwy * rwy / rw)};
        }

        Tree toTree() {
            int n = nodes.size();
            int[] fe = new int[n], l = new int[n], r = new int[n];
            double[] th = new double[n], va = new double[n];
            for (int i = 0; i < n; i++) {
                fe[i] = nodes.get(i)[0]; l[i] = nodes.get(i)[1]; r[i] = nodes.get(i)[2];
                th[i] = vals.get(i)[0]; va[i] = vals.get(i)[1];
            }
            return new Tree(fe, th, l, r, va);
        }
    }

    JsonObject toJson() {
        JsonObject o = new JsonObject();
        com.google.gson.JsonArray f = new com.google.gson.JsonArray(), l = new com.google.gson.JsonArray(), r = new com.google.gson.JsonArray();
        for (int i = 0; i < feature.length; i++) { f.add(feature[i]); l.add(left[i]); r.add(right[i]); }
        o.add("feature", f);
        o.add("left", l);
        o.add("right", r);
        o.add("threshold", Json.of(threshold));
        o.add("value", Json.of(value));
        return o;
    }

    static Tree fromJson(JsonObject o) {
        double[] f = Json.doubles(o, "feature"), l = Json.doubles(o, "left"), r = Json.doubles(o, "right");
        int n = f.length;
        int[] fi = new int[n], li = new int[n], ri = new int[n];
        for (int i = 0; i < n; i++) { fi[i] = (int) f[i]; li[i] = (int) l[i]; ri[i] = (int) r[i]; }
        double[] th = Json.doubles(o, "threshold"), va = Json.doubles(o, "value");
        for (int i = 0; i < n; i++) {
            if (fi[i] >= 0 && (li[i] <= i || ri[i] <= i || li[i] >= n || ri[i] >= n))
                throw new org.spinerad.util.SpineRadException("model file: tree node " + i + " has invalid children");
        }
        return new Tree(fi, th, li, ri, va);
    }
}
