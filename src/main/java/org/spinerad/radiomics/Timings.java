package org.spinerad.radiomics;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** CPU-side time per image type and stage of an extraction (summed over threads), for benchmarks. Thread-safe. */
public final class Timings {
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, LongAdder>> nanos = new ConcurrentHashMap<>();

    static void add(Timings t, String imageType, String stage, long startNanos) {
        if (t == null) return;
        long d = System.nanoTime() - startNanos;
        t.nanos.computeIfAbsent(imageType, k -> new ConcurrentHashMap<>()).computeIfAbsent(stage, k -> new LongAdder()).add(d);
    }

    /** Milliseconds per image type, then per stage (sorted by name). */
    public Map<String, Map<String, Double>> millis() {
        Map<String, Map<String, Double>> out = new TreeMap<>();
        nanos.forEach((type, stages) -> {
            Map<String, Double> m = new TreeMap<>();
            stages.forEach((stage, n) -> m.put(stage, n.sum() / 1e6));
            out.put(type, m);
        });
        return out;
    }
}
