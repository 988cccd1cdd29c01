package org.spinerad.io;

import org.spinerad.image.DataType;
import org.spinerad.image.Geometry;
import org.spinerad.image.Volume;
import org.spinerad.util.Progress;
import org.spinerad.util.SpineRadException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Reads a DICOM series from a directory into a {@link Volume} in SpineRad's LPS {@link Geometry}.
 *
 * <p>Non-DICOM files are ignored; files are grouped by SeriesInstanceUID and the series with most slices is read
 * unless one is named. Slices are sorted by ImagePositionPatient projected on the slice normal (row x column cosines
 * of ImageOrientationPatient); the slice step comes from those positions (not SliceThickness). Index axis x runs
 * along the row cosine, y along the column cosine, z along the normal; the origin is the position of the first
 * slice. RescaleSlope/Intercept are applied: integer rescaling gives INT16 (CT HU) / UINT16 / INT32 voxels, otherwise
 * FLOAT32. Mixed orientations, mixed image sizes, duplicate positions and non-uniform slice spacing (deviation above
 * 1% of the step or 0.01 mm) are rejected with a {@link SpineRadException}, since a regular grid would misplace them.
 *
 * <p>Transfer syntaxes: implicit/explicit VR little endian, explicit VR big endian, deflated, RLE lossless, JPEG
 * lossless (process 14, .57/.70), JPEG 2000 (.90/.91, via jai-imageio) and 8-bit baseline JPEG (.50). JPEG-LS and
 * others give a clear "unsupported transfer syntax" error.
 */
public final class DicomSeriesReader {
    private DicomSeriesReader() {}

    /** One series found in a directory. */
    public record SeriesInfo(String seriesUid, String description, String modality, int fileCount) {}

    /** Reads the largest series of a directory (or a single DICOM file). */
    public static Volume read(Path dirOrFile) {
        return read(dirOrFile, null, Progress.NONE);
    }

    /** Reads the series with the given SeriesInstanceUID (null: the one with most files). */
    public static Volume read(Path dirOrFile, String seriesUid, Progress progress) {
        Map<String, List<DicomFile>> series = scan(dirOrFile);
        List<DicomFile> files;
        if (seriesUid != null) {
            files = series.get(seriesUid);
            if (files == null)
                throw new SpineRadException("DICOM series " + seriesUid + " not found in " + dirOrFile + "; present: " + series.keySet());
        } else {
            files = series.values().stream().max(Comparator.comparingInt(List::size)).orElseThrow();
        }
        return assemble(files, dirOrFile, progress);
    }

    /** The series present in a directory, largest first. */
    public static List<SeriesInfo> listSeries(Path dirOrFile) {
        List<SeriesInfo> out = new ArrayList<>();
        for (var e : scan(dirOrFile).entrySet()) {
            DicomFile first = e.getValue().get(0);
            out.add(new SeriesInfo(e.getKey(), first.string(DicomFile.SERIES_DESCRIPTION), first.string(DicomFile.MODALITY),
                    e.getValue().size()));
        }
        out.sort(Comparator.comparingInt(SeriesInfo::fileCount).reversed());
        return out;
    }

    /** True when the path is a directory holding at least one DICOM file, or is itself a DICOM file. */
    public static boolean isDicom(Path path) {
        if (Files.isRegularFile(path)) return DicomFile.isDicom(path);
        if (!Files.isDirectory(path)) return false;
        try (Stream<Path> s = Files.list(path)) {
            return s.filter(Files::isRegularFile).anyMatch(DicomFile::isDicom);
        } catch (IOException e) {
            return false;
        }
    }

    private static Map<String, List<DicomFile>> scan(Path dirOrFile) {
        List<Path> candidates;
        if (Files.isRegularFile(dirOrFile)) {
            candidates = List.of(dirOrFile);
        } else if (Files.isDirectory(dirOrFile)) {
            try (Stream<Path> s = Files.list(dirOrFile)) {
                candidates = s.filter(Files::isRegularFile).sorted().toList();
            } catch (IOException e) {
                throw new SpineRadException("Cannot list DICOM directory " + dirOrFile + ": " + e.getMessage(), e);
            }
        } else {
            throw new SpineRadException("DICOM input not found: " + dirOrFile);
        }
        Map<String, List<DicomFile>> series = new LinkedHashMap<>();
        for (Path p : candidates) {
            if (!DicomFile.isDicom(p)) continue;
            DicomFile f = DicomFile.read(p, false);
            if (!f.has(DicomFile.ROWS)) continue; // not an image (report, presentation state...)
            String uid = f.string(DicomFile.SERIES_UID);
            series.computeIfAbsent(uid == null ? "" : uid, k -> new ArrayList<>()).add(f);
        }
        if (series.isEmpty()) throw new SpineRadException("No DICOM images in " + dirOrFile);
        return series;
    }

    private record Slice(DicomFile header, double position) {}

    private static Volume assemble(List<DicomFile> files, Path source, Progress progress) {
        DicomFile first = files.get(0);
        int rows = first.unsignedShort(DicomFile.ROWS, 0), cols = first.unsignedShort(DicomFile.COLUMNS, 0);
        if (rows == 0 || cols == 0)
            throw new SpineRadException("DICOM file " + first.path + ": Rows x Columns is " + rows + " x " + cols + " (not an image)");
        long voxels = (long) rows * cols * files.size();
        if (voxels > Integer.MAX_VALUE - 8)
            throw new SpineRadException("DICOM series in " + source + ": " + cols + " x " + rows + " x " + files.size()
                    + " voxels exceed SpineRad's limit of 2^31");
        // int values, the narrowed copy, and one decoded slice per thread
        VoxelCodec.requireHeap(first.path, voxels * 6 + 8L * rows * cols * Runtime.getRuntime().availableProcessors());
        double[] iop = first.doubles(DicomFile.ORIENTATION);
        if (iop == null) iop = new double[]{1, 0, 0, 0, 1, 0};
        requireOrientation(first, iop);
        double[] normal = normalize(cross(iop, 0, 3));
        List<Slice> slices = new ArrayList<>();
        for (DicomFile f : files) {
            if (f.unsignedShort(DicomFile.ROWS, 0) != rows || f.unsignedShort(DicomFile.COLUMNS, 0) != cols)
                throw new SpineRadException("DICOM series in " + source + " mixes image sizes: " + f.path + " is not " + cols + "x" + rows);
            double[] o = f.doubles(DicomFile.ORIENTATION);
            if (o != null) requireOrientation(f, o);
            if (o != null) for (int i = 0; i < 6; i++)
                if (Math.abs(o[i] - iop[i]) > 1e-4)
                    throw new SpineRadException("DICOM series in " + source + " mixes slice orientations (" + f.path + "); split it into series of one orientation");
            double[] ipp = f.doubles(DicomFile.POSITION);
            if (ipp != null && ipp.length != 3)
                throw new SpineRadException("DICOM file " + f.path + ": ImagePositionPatient " + DicomFile.tagName(DicomFile.POSITION)
                        + " has " + ipp.length + " values, expected 3");
            double pos = ipp != null && ipp.length == 3 ? dot(ipp, normal) : f.number(DicomFile.INSTANCE_NUMBER, 0);
            slices.add(new Slice(f, pos));
        }
        slices.sort(Comparator.comparingDouble(Slice::position));
        double step = sliceStep(slices, first, source);

        double[] pixelSpacing = first.doubles(DicomFile.PIXEL_SPACING);
        if (pixelSpacing != null && (pixelSpacing.length != 2 || !(pixelSpacing[0] > 0) || !(pixelSpacing[1] > 0)))
            throw new SpineRadException("DICOM file " + first.path + ": PixelSpacing " + DicomFile.tagName(DicomFile.PIXEL_SPACING)
                    + " must be two positive values, got " + java.util.Arrays.toString(pixelSpacing));
        double sy = pixelSpacing != null && pixelSpacing.length == 2 ? pixelSpacing[0] : 1;
        double sx = pixelSpacing != null && pixelSpacing.length == 2 ? pixelSpacing[1] : 1;
        double[] direction = new double[9];
        for (int r = 0; r < 3; r++) {
            direction[r * 3] = iop[r];
            direction[r * 3 + 1] = iop[3 + r];
            direction[r * 3 + 2] = normal[r];
        }
        double[] origin = slices.get(0).header.doubles(DicomFile.POSITION);
        if (origin == null || origin.length != 3) origin = new double[3];
        Geometry g;
        try {
            g = new Geometry(new int[]{cols, rows, slices.size()}, new double[]{sx, sy, step}, origin, direction);
        } catch (IllegalArgumentException e) {
            throw new SpineRadException("DICOM series in " + source + ": invalid geometry (" + e.getMessage() + ")", e);
        }

        Volume v = voxels(slices, g, progress);
        v.metadata().put("source", source.toString());
        putIfPresent(v, "modality", first.string(DicomFile.MODALITY));
        putIfPresent(v, "seriesInstanceUid", first.string(DicomFile.SERIES_UID));
        putIfPresent(v, "seriesDescription", first.string(DicomFile.SERIES_DESCRIPTION));
        v.metadata().put("transferSyntax", first.transferSyntax);
        return v;
    }

    private static void putIfPresent(Volume v, String key, String value) {
        if (value != null && !value.isEmpty()) v.metadata().put(key, value);
    }

    /** Uniform step between sorted slice positions; a single slice uses SpacingBetweenSlices, then SliceThickness. */
    private static double sliceStep(List<Slice> slices, DicomFile first, Path source) {
        if (slices.size() == 1) {
            double s = first.number(DicomFile.SPACING_BETWEEN_SLICES, first.number(DicomFile.SLICE_THICKNESS, 1));
            return s > 0 ? s : 1;
        }
        int n = slices.size();
        double step = (slices.get(n - 1).position - slices.get(0).position) / (n - 1);
        double tolerance = Math.max(0.01, 0.01 * step);
        for (int i = 1; i < n; i++) {
            double d = slices.get(i).position - slices.get(i - 1).position;
            if (d < 1e-6)
                throw new SpineRadException("DICOM series in " + source + " has two slices at the same position ("
                        + slices.get(i - 1).header.path.getFileName() + ", " + slices.get(i).header.path.getFileName()
                        + "): several echoes/phases/series mixed?");
            if (Math.abs(d - step) > tolerance)
                throw new SpineRadException(String.format("DICOM series in %s has non-uniform slice spacing: %.4f mm between %s and %s, mean step %.4f mm (missing slices?)",
                        source, d, slices.get(i - 1).header.path.getFileName(), slices.get(i).header.path.getFileName(), step));
        }
        return step;
    }

    private static Volume voxels(List<Slice> slices, Geometry g, Progress progress) {
        int plane = g.nx() * g.ny(), nz = slices.size();
        boolean integerRescale = slices.stream().allMatch(s -> isInteger(s.header.number(DicomFile.SLOPE, 1))
                && isInteger(s.header.number(DicomFile.INTERCEPT, 0)));
        int[] ints = integerRescale ? new int[g.voxelCount()] : null;
        float[] floats = integerRescale ? null : new float[g.voxelCount()];
        AtomicInteger done = new AtomicInteger();
        // slices decode independently (JPEG 2000 is slow): in parallel, each into its own plane
        IntStream.range(0, nz).parallel().forEach(z -> {
            DicomFile header = slices.get(z).header;
            DicomFile full = DicomFile.read(header.path, true);
            if (full.unsignedShort(DicomFile.ROWS, 0) != g.ny() || full.unsignedShort(DicomFile.COLUMNS, 0) != g.nx())
                throw new SpineRadException("DICOM file " + header.path + ": Rows/Columns changed between reads (file modified?)");
            int[] raw = DicomPixels.decode(full);
            double slope = header.number(DicomFile.SLOPE, 1), intercept = header.number(DicomFile.INTERCEPT, 0);
            int offset = z * plane;
            if (integerRescale) {
                long a = (long) slope, b = (long) intercept;
                for (int i = 0; i < plane; i++) {
                    long v = a * raw[i] + b;
                    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE)
                        throw new SpineRadException("DICOM file " + header.path + ": rescaled values exceed the 32-bit integer range");
                    ints[offset + i] = (int) v;
                }
            } else {
                for (int i = 0; i < plane; i++) floats[offset + i] = (float) (slope * raw[i] + intercept);
            }
            progress.update(done.incrementAndGet(), nz, "decoded " + header.path.getFileName());
        });
        if (!integerRescale) return Volume.wrap(g, DataType.FLOAT32, floats);
        return IntegerVolumes.narrowest(g, ints);
    }

    /** ImageOrientationPatient must hold two unit-length, orthogonal direction cosines. */
    private static void requireOrientation(DicomFile f, double[] iop) {
        String why = iop.length != 6 ? iop.length + " values, expected 6" : null;
        if (why == null) {
            double r = Math.sqrt(iop[0] * iop[0] + iop[1] * iop[1] + iop[2] * iop[2]);
            double c = Math.sqrt(iop[3] * iop[3] + iop[4] * iop[4] + iop[5] * iop[5]);
            double d = iop[0] * iop[3] + iop[1] * iop[4] + iop[2] * iop[5];
            if (Math.abs(r - 1) > 1e-3 || Math.abs(c - 1) > 1e-3 || Math.abs(d) > 1e-3)
                why = "row/column cosines are not orthonormal " + java.util.Arrays.toString(iop);
        }
        if (why != null)
            throw new SpineRadException("DICOM file " + f.path + ": ImageOrientationPatient " + DicomFile.tagName(DicomFile.ORIENTATION) + ": " + why);
    }

    private static boolean isInteger(double x) {
        return x == Math.rint(x) && Math.abs(x) < 1 << 30;
    }

    private static double[] cross(double[] v, int a, int b) {
        return new double[]{v[a + 1] * v[b + 2] - v[a + 2] * v[b + 1], v[a + 2] * v[b] - v[a] * v[b + 2], v[a] * v[b + 1] - v[a + 1] * v[b]};
    }

    private static double[] normalize(double[] v) {
        double n = Math.sqrt(dot(v, v));
        return n > 0 ? new double[]{v[0] / n, v[1] / n, v[2] / n} : new double[]{0, 0, 1};
    }

    private static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }
}
