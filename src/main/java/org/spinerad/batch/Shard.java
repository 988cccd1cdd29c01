package org.spinerad.batch;

import org.spinerad.util.SpineRadException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shard {@code index} of {@code count} (0-based) of a manifest. A row belongs to the shard of its key's hash
 * (first 8 bytes of SHA-256 of the UTF-8 key, unsigned, modulo {@code count}), so the partition depends only on the key:
 * appending rows to a manifest never moves a row to another shard, and every machine agrees.
 */
public record Shard(int index, int count) {
    /** The whole manifest (no sharding). */
    public static final Shard ALL = new Shard(0, 1);
    private static final Pattern SPEC = Pattern.compile("\\s*(\\d{1,6})\\s*/\\s*(\\d{1,6})\\s*");
    private static final Pattern FILE = Pattern.compile("(.*)\\.shard-(\\d+)-of-(\\d+)(\\.[^.]+)?");

    public Shard {
        if (count < 1 || index < 0 || index >= count)
            throw new SpineRadException("shard " + index + "/" + count + ": needs 0 <= K < N (K is 0-based)");
    }

    /**
     * Parses {@code K/N}, or {@code slurm}: K from {@code SLURM_ARRAY_TASK_ID}, N from {@code SLURM_ARRAY_TASK_COUNT},
     * which must describe a whole array 0..N-1 (a resubmitted single task must name its shard as {@code K/N}).
     */
    public static Shard parse(String spec, Map<String, String> env) {
        if (spec.trim().equalsIgnoreCase("slurm")) {
            String id = env.get("SLURM_ARRAY_TASK_ID"), n = env.get("SLURM_ARRAY_TASK_COUNT");
            if (id == null || n == null)
                throw new SpineRadException("--shard slurm: SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT are not set (not a SLURM array task)");
            String min = env.getOrDefault("SLURM_ARRAY_TASK_MIN", "0"), max = env.get("SLURM_ARRAY_TASK_MAX");
            if (!min.equals("0") || (max != null && !max.equals(String.valueOf(Long.parseLong(n.trim()) - 1))))
                throw new SpineRadException("--shard slurm: the array is " + min + "-" + max + ", not 0-" + (Long.parseLong(n.trim()) - 1)
                        + "; for a resubmitted task give --shard " + id + "/N with the N of the whole array");
            return parse(id + "/" + n, Map.of());
        }
        Matcher m = SPEC.matcher(spec);
        if (!m.matches()) throw new SpineRadException("--shard '" + spec + "': expected K/N (0-based K, e.g. 0/4) or slurm");
        return new Shard(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    /** The shard a row key belongs to among {@code count}. */
    public static int of(String key, int count) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            long v = 0;
            for (int i = 0; i < 8; i++) v = (v << 8) | (h[i] & 0xff);
            return (int) Long.remainderUnsigned(v, count);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean contains(String key) { return count == 1 || of(key, count) == index; }

    public boolean isAll() { return count == 1; }

    /** This shard's own output beside {@code out}: {@code radiomics.csv} becomes {@code radiomics.shard-1-of-4.csv}. */
    public Path output(Path out) {
        if (isAll()) return out;
        String name = out.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name, ext = dot > 0 ? name.substring(dot) : "";
        return out.resolveSibling(stem + ".shard-" + index + "-of-" + count + ext);
    }

    /** The shard of a file named by {@link #output}, or null when the name is not a shard output of {@code out}. */
    public static Shard ofOutput(Path out, Path file) {
        Matcher m = FILE.matcher(file.getFileName().toString());
        if (!m.matches()) return null;
        try {
            Shard s = new Shard(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            return s.output(out).getFileName().equals(file.getFileName()) ? s : null;
        } catch (NumberFormatException | SpineRadException e) {
            return null;
        }
    }

    @Override
    public String toString() { return index + "/" + count; }
}
