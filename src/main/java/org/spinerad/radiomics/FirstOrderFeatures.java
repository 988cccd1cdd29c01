package org.spinerad.radiomics;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;

/**
 * PyRadiomics "firstorder" features on the ROI intensities (after re-segmentation). Entropy and Uniformity use the
 * discretised levels, all others the raw values. Conventions follow PyRadiomics (not IBSI) where they differ:
 * Variance/StandardDeviation are population (N) statistics, Kurtosis is not excess (IBSI + 3), Skewness and Kurtosis are
 * 0 for a flat ROI, Energy/TotalEnergy/RootMeanSquared add {@code voxelArrayShift}, percentiles use numpy's linear
 * interpolation, Entropy is {@code -sum p log2(p + eps)}. StandardDeviation is deprecated in PyRadiomics and computed
 * only when named explicitly. Names are in PyRadiomics' output order (alphabetical, as its {@code dir()} lists them).
 */
public final class FirstOrderFeatures implements FeatureClass {
    public static final List<String> FEATURES = List.of("10Percentile", "90Percentile", "Energy", "Entropy",
            "InterquartileRange", "Kurtosis", "Maximum", "Mean", "MeanAbsoluteDeviation", "Median", "Minimum", "Range",
            "RobustMeanAbsoluteDeviation", "RootMeanSquared", "Skewness", "StandardDeviation", "TotalEnergy",
            "Uniformity", "Variance");
    public static final Set<String> DEPRECATED = Set.of("StandardDeviation");
    private static final double EPS = Math.ulp(1.0);

    @Override public String name() { return "firstorder"; }
    @Override public List<String> featureNames() { return FEATURES; }
    @Override public boolean needsDiscretization() { return true; }

    @Override
    public LinkedHashMap<String, Double> compute(RoiImage roi, DiscretizedRoi discretized, RadiomicsSettings settings,
                                                 Collection<String> enabled) {
        List<String> todo = FeatureSelection.resolve(name(), FEATURES, DEPRECATED, enabled);
        double[] x = roi.roiValues();
        int n = x.length;
        LinkedHashMap<String, Double> out = new LinkedHashMap<>();
        if (n == 0) {
            for (String f : todo) out.put(f, Double.NaN);
            return out;
        }
        double[] sorted = sortedCopy(x);
        double mean = 0;
        for (double v : x) mean += v;
        mean /= n;
        double m2 = 0, m3 = 0, m4 = 0, mad = 0, energy = 0;
        double shift = settings.voxelArrayShift;
        for (double v : x) {
            double d = v - mean, d2 = d * d;
            m2 += d2;
            m3 += d2 * d;
            m4 += d2 * d2;
            mad += Math.abs(d);
            double s = v + shift;
            energy += s * s;
        }
        m2 /= n;
        m3 /= n;
        m4 /= n;
        mad /= n;
        double p10 = percentile(sorted, 10), p90 = percentile(sorted, 90);
        double[] p = todo.contains("Entropy") || todo.contains("Uniformity") ? levelProbabilities(roi, discretized, settings) : null;

        for (String f : todo) {
            double v = switch (f) {
                case "10Percentile" -> p10;
                case "90Percentile" -> p90;
                case "Energy" -> energy;
                case "TotalEnergy" -> roi.voxelVolume() * energy;
                case "Entropy", "Uniformity" -> {
                    double e = 0, u = 0;
                    for (double pi : p) {
                        e -= pi * log2(pi + EPS);
                        u += pi * pi;
                    }
                    yield f.equals("Entropy") ? e : u;
                }
                case "InterquartileRange" -> percentile(sorted, 75) - percentile(sorted, 25);
                case "Kurtosis" -> m2 == 0 ? 0 : m4 / (m2 * m2);
                case "Skewness" -> m2 == 0 ? 0 : m3 / Math.pow(m2, 1.5);
                case "Maximum" -> sorted[n - 1];
                case "Minimum" -> sorted[0];
                case "Range" -> sorted[n - 1] - sorted[0];
                case "Mean" -> mean;
                case "Median" -> percentile(sorted, 50);
                case "MeanAbsoluteDeviation" -> mad;
                case "RobustMeanAbsoluteDeviation" -> robustMad(sorted, p10, p90);
                case "RootMeanSquared" -> Math.sqrt(energy / n);
                case "StandardDeviation" -> Math.sqrt(m2);
                case "Variance" -> m2;
                default -> throw new IllegalStateException(f);
            };
            out.put(f, v);
        }
        return out;
    }

    /** Fractions of ROI voxels per occurring discretised level. */
    private static double[] levelProbabilities(RoiImage roi, DiscretizedRoi d, RadiomicsSettings settings) {
        if (d == null) d = Discretization.discretize(roi, settings);
        int[] counts = new int[d.maxLevel + 1];
        int total = 0;
        for (int i = 0; i < d.levels.length; i++)
            if (roi.mask[i] && d.levels[i] > 0) {
                counts[d.levels[i]]++;
                total++;
            }
        int present = 0;
        for (int c : counts) if (c > 0) present++;
        double[] p = new double[present];
        for (int g = 0, k = 0; g < counts.length; g++) if (counts[g] > 0) p[k++] = counts[g] / (double) total;
        return p;
    }

    /** Mean absolute deviation from their mean of the values within [p10, p90]. */
    private static double robustMad(double[] sorted, double p10, double p90) {
        double sum = 0;
        int c = 0;
        for (double v : sorted)
            if (v >= p10 && v <= p90) {
                sum += v;
                c++;
            }
        double m = sum / c, dev = 0;
        for (double v : sorted) if (v >= p10 && v <= p90) dev += Math.abs(v - m);
        return dev / c;
    }

    /**
     * Ascending copy, the same array {@code Arrays.sort} gives (-0.0 before 0.0). Image intensities are floats: when
     * every value is float-exact, an LSD radix sort on 32-bit order-preserving keys; otherwise (or with NaN) Arrays.sort.
     */
    static double[] sortedCopy(double[] x) {
        int n = x.length;
        int[] keys = new int[n];
        for (int i = 0; i < n; i++) {
            float f = (float) x[i];
            if (f != x[i]) { // not float-exact, or NaN
                double[] sorted = x.clone();
                Arrays.sort(sorted);
                return sorted;
            }
            int bits = Float.floatToRawIntBits(f);
            keys[i] = bits ^ ((bits >> 31) | 0x80000000); // unsigned key order = numeric order
        }
        int[] buffer = new int[n];
        int[] count = new int[1 << 11];
        for (int shift = 0; shift < 32; shift += 11) {
            Arrays.fill(count, 0);
            for (int k : keys) count[(k >>> shift) & 0x7FF]++;
            if (count[(keys.length == 0 ? 0 : keys[0] >>> shift) & 0x7FF] == n) continue; // one bucket: order kept
            for (int b = 0, start = 0; b < count.length; b++) {
                int c = count[b];
                count[b] = start;
                start += c;
            }
            for (int k : keys) buffer[count[(k >>> shift) & 0x7FF]++] = k;
            int[] t = keys;
            keys = buffer;
            buffer = t;
        }
        double[] sorted = new double[n];
        for (int i = 0; i < n; i++) {
            int k = keys[i];
            sorted[i] = Float.intBitsToFloat(k < 0 ? k ^ 0x80000000 : ~k);
        }
        return sorted;
    }

    /** numpy.percentile(a, q) with the default 'linear' method, on sorted values. */
    public static double percentile(double[] sorted, double q) {
        int n = sorted.length;
        double idx = (n - 1) * (q / 100.0);
        int lo = (int) Math.floor(idx);
        if (lo >= n - 1) return sorted[n - 1];
        double t = idx - lo, a = sorted[lo], b = sorted[lo + 1], diff = b - a;
        return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
    }

    private static double log2(double v) { return Math.log(v) / Math.log(2); }
}
