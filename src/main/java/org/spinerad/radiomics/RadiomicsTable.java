package org.spinerad.radiomics;

import org.spinerad.image.DataType;
import org.spinerad.image.LabelMap;
import org.spinerad.image.Volume;
import org.spinerad.util.Csv;
import org.spinerad.util.Progress;
import org.spinerad.util.SpineRadException;
import org.spinerad.util.Version;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;

/**
 * Feature tables like PyRadiomics' batch output: one row per label, first columns Image, Mask, Label, LabelName,
 * then the extractor's row (diagnostics, features). Written as CSV (atomically) with a provenance sidecar
 * {@code <out>.provenance.json}.
 */
public final class RadiomicsTable {
    public static final List<String> ID_COLUMNS = List.of("Image", "Mask", "Label", "LabelName");

    private RadiomicsTable() {}

    /** Extracts every label (all non-zero labels present in the mask when {@code labels} is empty), one row each. */
    public static List<LinkedHashMap<String, Object>> extract(RadiomicsExtractor extractor, Volume image, Volume mask,
                                                              List<Integer> labels, Map<Integer, String> labelNames,
                                                              String imageName, String maskName, Progress progress) {
        List<Integer> todo = labels == null || labels.isEmpty() ? List.copyOf(presentLabels(mask)) : labels;
        if (todo.isEmpty()) throw new SpineRadException(maskName + ": the mask has no labelled voxels");
        List<LinkedHashMap<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < todo.size(); i++) {
            int label = todo.get(i);
            String name = labelNames == null ? null : labelNames.get(label);
            progress.update(i, todo.size(), "label " + label);
            LinkedHashMap<String, Object> row = new LinkedHashMap<>();
            row.put("Image", imageName);
            row.put("Mask", maskName);
            row.put("Label", label);
            row.put("LabelName", name == null ? "label_" + label : name);
            row.putAll(extractor.execute(image, mask, label, imageName, maskName, Progress.NONE, null));
            rows.add(row);
        }
        progress.update(todo.size(), todo.size(), "done");
        return rows;
    }

    /** Distinct non-zero labels of a mask (float masks are rounded). */
    public static SortedSet<Integer> presentLabels(Volume mask) {
        return new LabelMap(mask.type().integer ? mask : mask.convert(DataType.INT32), null).presentLabels();
    }

    /** Rows as a CSV: the union of their columns in first-seen order; missing cells empty. */
    public static Csv toCsv(List<? extends Map<String, Object>> rows) {
        LinkedHashSet<String> header = new LinkedHashSet<>();
        for (var r : rows) header.addAll(r.keySet());
        List<List<String>> cells = new ArrayList<>();
        for (var r : rows) {
            List<String> line = new ArrayList<>();
            for (String c : header) line.add(format(r.get(c)));
            cells.add(line);
        }
        return new Csv(new ArrayList<>(header), cells);
    }

    /** A cell: numbers in round-trip form (NaN as "nan", like pandas), text as is, null empty. */
    public static String format(Object v) {
        if (v == null) return "";
        if (v instanceof Double d) return Csv.num(d);
        if (v instanceof Float f) return Csv.num(f);
        return v.toString();
    }

    /** Writes the table and its provenance sidecar. */
    public static void write(Path out, List<? extends Map<String, Object>> rows, ParameterFile config, Map<String, Object> inputs) {
        toCsv(rows).write(out);
        writeProvenance(out, config, inputs);
    }

    /** The provenance sidecar path of an output file: {@code <out>.provenance.json}. */
    public static Path provenancePath(Path out) {
        return out.resolveSibling(out.getFileName() + ".provenance.json");
    }

    /** Writes {@code <out>.provenance.json}: SpineRad version, time, configuration source and content, inputs. */
    public static void writeProvenance(Path out, ParameterFile config, Map<String, Object> inputs) {
        writeProvenance(out, config, inputs, List.of());
    }

    /** As {@link #writeProvenance(Path, ParameterFile, Map)}, adding warnings about the data (e.g. dropped NaN voxels). */
    public static void writeProvenance(Path out, ParameterFile config, Map<String, Object> inputs, List<String> dataWarnings) {
        LinkedHashMap<String, Object> p = new LinkedHashMap<>();
        p.put("software", "SpineRad");
        p.put("version", Version.get());
        p.put("java", System.getProperty("java.version"));
        p.put("created", Instant.now().toString());
        p.put("output", out.getFileName().toString());
        p.put("parameterSource", config.source());
        p.put("parameters", ParameterFile.gson().fromJson(config.toJson(), Object.class));
        p.put("warnings", config.warnings());
        if (!dataWarnings.isEmpty()) p.put("dataWarnings", dataWarnings);
        p.put("inputs", inputs);
        Path file = provenancePath(out);
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
            Files.writeString(tmp, ParameterFile.gson().toJson(p), StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new SpineRadException(file + ": cannot write provenance: " + e.getMessage(), e);
        }
    }
}
