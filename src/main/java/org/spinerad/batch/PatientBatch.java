package org.spinerad.batch;

import org.spinerad.util.AppendableCsv;
import org.spinerad.util.Csv;
import org.spinerad.util.OutputLock;
import org.spinerad.util.Progress;
import org.spinerad.util.SpineRadException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A resumable batch over the patients of a manifest that writes one or several rows per patient to one table: the
 * output is locked for the run ({@link OutputLock}); patients with rows on disk are skipped; a patient whose work fails
 * gets one row with its {@value #ERROR} cell and a row in {@code <out>.errors.csv}, and the batch goes on; failed
 * patients are not retried unless {@code retryFailed}; only the patients of the {@link Shard} are run (all manifest
 * rows are still checked). Every row has the {@value #ERROR} column, so the table's columns do not depend on which
 * patient failed first (shards merged with {@link ShardMerge} equal a single run): {@value #ID}, the work's columns,
 * {@value #ERROR}.
 */
public final class PatientBatch {
    private PatientBatch() {}

    public static final String ID = "patient_id", ERROR = "error";

    /** One patient's rows (without {@value #ID}); a {@link SpineRadException} fails that patient only. */
    public interface Work {
        List<Map<String, String>> rows(String patient, Map<String, String> manifestRow);
    }

    public record Result(int computed, int skipped, int failed, int failedBefore) {
        public boolean allDone() { return failed == 0 && failedBefore == 0; }
    }

    public static Path errorsPath(Path out) { return out.resolveSibling(out.getFileName() + ".errors.csv"); }

    /** @param columns the columns of the work's rows, in table order */
    public static Result run(Path manifest, Path out, Shard shard, boolean retryFailed, List<String> columns, Progress progress, Work work) {
        try (OutputLock lock = OutputLock.acquire(out)) {
            Csv m = Csv.read(manifest);
            m.requireColumn(ID, manifest.toString());
            List<Map<String, String>> todo = new ArrayList<>();
            Set<String> ids = new HashSet<>();
            for (int r = 0; r < m.rowCount(); r++) {
                Map<String, String> row = m.rowMap(r);
                String id = row.get(ID).trim();
                if (id.isEmpty()) throw new SpineRadException(manifest + ": row " + (r + 2) + " has no " + ID);
                if (!ids.add(id)) throw new SpineRadException(manifest + ": " + ID + " '" + id + "' appears twice (row " + (r + 2) + ")");
                if (shard.contains(id)) todo.add(row);
            }
            AppendableCsv table = AppendableCsv.open(out), errors = AppendableCsv.open(errorsPath(out));
            if (!table.header().isEmpty() && !table.header().contains(ID))
                throw new SpineRadException(out + ": exists but is not a batch table (no " + ID + " column); choose another output");
            if (retryFailed) {
                Set<String> failedIds = failed(table);
                table.retain(row -> !failedIds.contains(row.get(ID)));
                errors.retain(row -> !failedIds.contains(row.get(ID)));
            }
            Set<String> done = new HashSet<>(), failedBefore = failed(table);
            for (var row : table.rows()) done.add(row.get(ID));
            int computed = 0, skipped = 0, failed = 0, kept = 0, k = 0;
            for (Map<String, String> row : todo) {
                String id = row.get(ID).trim();
                progress.update(k++, todo.size(), id);
                if (done.contains(id)) {
                    if (failedBefore.contains(id)) kept++;
                    else skipped++;
                    continue;
                }
                List<Map<String, String>> rows;
                try {
                    rows = work.rows(id, row);
                } catch (SpineRadException e) {
                    failed++;
                    table.append(withId(id, columns, Map.of(), e.getMessage()));
                    Map<String, String> err = new LinkedHashMap<>();
                    err.put(ID, id);
                    err.put("problem", e.getMessage());
                    errors.append(err);
                    System.err.println("\nspinerad: error: " + id + ": " + e.getMessage());
                    continue;
                }
                for (Map<String, String> r : rows) table.append(withId(id, columns, r, ""));
                computed++;
            }
            progress.update(todo.size(), todo.size(), "done");
            return new Result(computed, skipped, failed, kept);
        }
    }

    private static Set<String> failed(AppendableCsv table) {
        Set<String> ids = new HashSet<>();
        for (var row : table.rows()) if (!row.getOrDefault(ERROR, "").isEmpty()) ids.add(row.get(ID));
        return ids;
    }

    private static Map<String, String> withId(String id, List<String> columns, Map<String, String> row, String error) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(ID, id);
        for (String c : columns) out.put(c, row.getOrDefault(c, ""));
        out.put(ERROR, error);
        return out;
    }
}
