package org.spinerad.io;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import org.spinerad.image.DataType;
import org.spinerad.image.Geometry;
import org.spinerad.image.LabelMap;
import org.spinerad.image.Volume;
import org.spinerad.util.SpineRadException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads and writes volumes and label maps by file extension: NIfTI (.nii, .nii.gz, .hdr, .img, .hdr.gz, .img.gz) and
 * NRRD (.nrrd, .nhdr). Label names travel in a sidecar {@code <basename>.labels.json} ({"1": "L1", ...}).
 */
public final class VolumeIO {
    private VolumeIO() {}

    public enum Format { NIFTI, NRRD }

    /** The format of a file name, or null when the extension is not known. */
    public static Format formatOf(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".nii") || n.endsWith(".nii.gz") || n.endsWith(".hdr") || n.endsWith(".img")
                || n.endsWith(".hdr.gz") || n.endsWith(".img.gz")) return Format.NIFTI;
        if (n.endsWith(".nrrd") || n.endsWith(".nhdr")) return Format.NRRD;
        return null;
    }

    private static Format requireFormat(Path file) {
        Format f = formatOf(file);
        if (f == null)
            throw new SpineRadException(file + ": unknown image file type (supported: .nii, .nii.gz, .hdr/.img, .nrrd, .nhdr)");
        return f;
    }

    /** Reads a NIfTI/NRRD file, or a DICOM series: a directory of DICOM files or one DICOM file ({@link DicomSeriesReader}). */
    public static Volume read(Path file) {
        if (!Files.exists(file)) throw new SpineRadException(file + ": file not found");
        if (Files.isDirectory(file) || formatOf(file) == null && DicomSeriesReader.isDicom(file))
            return DicomSeriesReader.read(file);
        return switch (requireFormat(file)) {
            case NIFTI -> NiftiReader.read(file);
            case NRRD -> NrrdReader.read(file);
        };
    }

    /**
     * Reads one 3D volume of a file that may hold several (NIfTI 4D/5D); {@code volume} is 0-based. Formats without
     * volumes accept only 0. Without an index ({@link #read(Path)}), several volumes are an error.
     */
    public static Volume read(Path file, int volume) {
        if (volume != 0 && (Files.isDirectory(file) || formatOf(file) != Format.NIFTI))
            throw new SpineRadException(file + ": volume " + volume + " requested but only NIfTI files have several volumes");
        if (Files.exists(file) && formatOf(file) == Format.NIFTI) return NiftiReader.read(file, volume);
        return read(file);
    }

    public static void write(Volume v, Path file) {
        Format f = requireFormat(file);
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
        } catch (IOException e) {
            throw new SpineRadException(file + ": cannot create the folder (" + e.getMessage() + ")", e);
        }
        switch (f) {
            case NIFTI -> NiftiWriter.write(v, file);
            case NRRD -> NrrdWriter.write(v, file);
        }
    }

    /**
     * Reads a label map. Integer files are kept as they are; float files must hold only integer values (else an error
     * naming the file) and become the smallest fitting integer type. Names come from the sidecar
     * {@code <basename>.labels.json} when present; without it labels are unnamed.
     */
    public static LabelMap readLabelMap(Path file) {
        Volume v = read(file);
        if (!v.type().integer) v = integerLabels(v, file);
        return new LabelMap(v, readLabelNames(file));
    }

    /** Writes the label voxels and, when any label is named, the sidecar {@code <basename>.labels.json}. */
    public static void writeLabelMap(LabelMap m, Path file) {
        write(m.volume(), file);
        Path sidecar = labelSidecar(file);
        try {
            if (m.names().isEmpty()) {
                Files.deleteIfExists(sidecar);
                return;
            }
            JsonObject o = new JsonObject();
            for (var e : m.names().entrySet()) o.addProperty(String.valueOf(e.getKey()), e.getValue());
            Gson gson = new GsonBuilder().setPrettyPrinting().create();
            Files.writeString(sidecar, gson.toJson(o) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SpineRadException(sidecar + ": cannot write label names (" + e.getMessage() + ")", e);
        }
    }

    /** The label-name sidecar of an image file: {@code x.nii.gz -> x.labels.json}. */
    public static Path labelSidecar(Path file) {
        return file.resolveSibling(baseName(file) + ".labels.json");
    }

    /** The file name without its image extension (.nii.gz, .nii, .hdr, .img, .nrrd, .nhdr, each optionally .gz). */
    public static String baseName(Path file) {
        String n = file.getFileName().toString();
        String lower = n.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".gz")) {
            n = n.substring(0, n.length() - 3);
            lower = lower.substring(0, lower.length() - 3);
        }
        for (String ext : new String[]{".nii", ".hdr", ".img", ".nrrd", ".nhdr"})
            if (lower.endsWith(ext)) return n.substring(0, n.length() - ext.length());
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    /** Label names from the sidecar of an image file; empty when there is none. */
    public static Map<Integer, String> readLabelNames(Path imageFile) {
        Path sidecar = labelSidecar(imageFile);
        Map<Integer, String> names = new TreeMap<>();
        if (!Files.exists(sidecar)) return names;
        try {
            JsonElement root = JsonParser.parseString(Files.readString(sidecar, StandardCharsets.UTF_8));
            if (!root.isJsonObject()) throw new SpineRadException(sidecar + ": label names must be a JSON object {\"1\": \"L1\", ...}");
            for (var e : root.getAsJsonObject().entrySet()) {
                int label;
                try {
                    label = Integer.parseInt(e.getKey().trim());
                } catch (NumberFormatException ex) {
                    throw new SpineRadException(sidecar + ": label key '" + e.getKey() + "' is not an integer");
                }
                if (!e.getValue().isJsonPrimitive())
                    throw new SpineRadException(sidecar + ": name of label " + label + " is not a string");
                names.put(label, e.getValue().getAsString());
            }
        } catch (IOException e) {
            throw new SpineRadException(sidecar + ": cannot read (" + e.getMessage() + ")", e);
        } catch (JsonParseException | IllegalStateException e) {
            throw new SpineRadException(sidecar + ": invalid JSON (" + e.getMessage() + ")", e);
        }
        return names;
    }

    /** Float label voxels converted to the smallest integer type; non-integer values are an error. */
    private static Volume integerLabels(Volume v, Path file) {
        double min = 0, max = 0;
        for (int i = 0, n = v.size(); i < n; i++) {
            double x = v.get(i);
            if (x != Math.rint(x)) {
                int[] d = v.geometry().dims();
                int ix = i % d[0], iy = (i / d[0]) % d[1], iz = i / (d[0] * d[1]);
                throw new SpineRadException(file + ": not a label map: voxel (" + ix + ", " + iy + ", " + iz
                        + ") has the non-integer value " + x);
            }
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        DataType t = min >= 0 && max <= 255 ? DataType.UINT8 : min >= 0 && max <= 65535 ? DataType.UINT16
                : min >= Short.MIN_VALUE && max <= Short.MAX_VALUE ? DataType.INT16
                : min >= Integer.MIN_VALUE && max <= Integer.MAX_VALUE ? DataType.INT32 : null;
        if (t == null) throw new SpineRadException(file + ": label values " + min + ".." + max + " exceed the 32-bit integer range");
        return v.convert(t);
    }

    /** Fails with a message naming both files when a mask is not on the image's voxel grid. */
    public static void requireSameGrid(Geometry image, Geometry mask, Path imageFile, Path maskFile, double tol) {
        String why = image.mismatch(mask, tol);
        if (why != null)
            throw new SpineRadException("Mask " + maskFile + " is not on the voxel grid of image " + imageFile + ": " + why
                    + " (tolerance " + tol + ")");
    }
}
