package org.spinerad.predict;

import org.spinerad.util.SpineRadException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Assignment of rows to training / validation / test cohorts: stratified random by outcome with given ratios and
 * seed (the studies' 7:2:1), or by centre (the chosen centre is the external test cohort). Saved with the run.
 */
public final class CohortSplit {
    public static final String TRAIN = "train", VALIDATION = "validation", TEST = "test";

    private final Map<String, String> cohortById;

    public CohortSplit(Map<String, String> cohortById) { this.cohortById = new LinkedHashMap<>(cohortById); }

    public Map<String, String> assignments() { return cohortById; }

    /** Stratified random split: within each outcome class rows are shuffled and cut by the ratios (largest remainders). */
    public static CohortSplit stratified(List<String> ids, int[] y, double[] ratios, long seed) {
        if (ratios.length != 3) throw new SpineRadException("split ratios need 3 values (train, validation, test)");
        double sum = ratios[0] + ratios[1] + ratios[2];
        Map<String, String> out = new LinkedHashMap<>();
        SplittableRandom rnd = new SplittableRandom(seed);
        String[] names = {TRAIN, VALIDATION, TEST};
        for (int cls = 0; cls <= 1; cls++) {
            List<Integer> idx = new ArrayList<>();
            for (int i = 0; i < y.length; i++) if (y[i] == cls) idx.add(i);
            for (int i = idx.size() - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                Integer t = idx.get(i); idx.set(i, idx.get(j)); idx.set(j, t);
            }
            int[] counts = apportion(idx.size(), ratios, sum);
            int pos = 0;
            for (int c = 0; c < 3; c++)
                for (int t = 0; t < counts[c]; t++) out.put(ids.get(idx.get(pos++)), names[c]);
        }
        Map<String, String> ordered = new LinkedHashMap<>();
        for (String id : ids) ordered.put(id, out.get(id));
        return new CohortSplit(ordered);
    }

    /** Rows of {@code testCentre} form the test cohort; the others are split stratified into training/validation. */
    public static CohortSplit byCentre(List<String> ids, int[] y, List<String> centre, String testCentre, double validationFraction, long seed) {
        if (!centre.contains(testCentre))
            throw new SpineRadException("centre '" + testCentre + "' does not occur in the centre column (have " + new java.util.TreeSet<>(centre) + ")");
        List<String> restIds = new ArrayList<>();
        List<Integer> restY = new ArrayList<>();
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            if (centre.get(i).equals(testCentre)) out.put(ids.get(i), TEST);
            else { restIds.add(ids.get(i)); restY.add(y[i]); }
        }
        CohortSplit rest = stratified(restIds, restY.stream().mapToInt(Integer::intValue).toArray(),
                new double[]{1 - validationFraction, validationFraction, 0}, seed);
        Map<String, String> ordered = new LinkedHashMap<>();
        for (String id : ids) ordered.put(id, out.getOrDefault(id, rest.cohortById.get(id)));
        return new CohortSplit(ordered);
    }

    private static int[] apportion(int n, double[] ratios, double sum) {
        int[] c = new int[3];
        double[] rem = new double[3];
        int used = 0;
        for (int i = 0; i < 3; i++) {
            double exact = n * ratios[i] / sum;
            c[i] = (int) Math.floor(exact);
            rem[i] = exact - c[i];
            used += c[i];
        }
        while (used < n) {
            int best = 0;
            for (int i = 1; i < 3; i++) if (rem[i] > rem[best]) best = i;
            c[best]++;
            rem[best] = -1;
            used++;
        }
        return c;
    }

    /** Row indices of a table that belong to a cohort. */
    public int[] rows(FeatureTable t, String cohort) {
        List<Integer> r = new ArrayList<>();
        for (int i = 0; i < t.rows(); i++) {
            String c = cohortById.get(t.ids().get(i));
            if (c == null) throw new SpineRadException(t.source() + ": row id '" + t.ids().get(i) + "' is not in the cohort split");
            if (c.equals(cohort)) r.add(i);
        }
        return r.stream().mapToInt(Integer::intValue).toArray();
    }
}
