package org.spinerad.io;

import org.spinerad.image.Geometry;
import org.spinerad.image.Volume;
import org.spinerad.util.SpineRadException;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a {@link Volume} as NRRD in LPS space with space directions and origin, little endian, keeping the voxel type.
 * A .nrrd file holds the data attached; a .nhdr header gets a detached {@code <base>.raw.gz} (or .raw) beside it.
 */
public final class NrrdWriter {
    private NrrdWriter() {}

    public static void write(Volume v, Path file) { write(v, file, true); }

    public static void write(Volume v, Path file, boolean gzip) {
        String name = file.getFileName().toString();
        boolean detached = name.toLowerCase(Locale.ROOT).endsWith(".nhdr");
        String dataName = detached ? name.substring(0, name.length() - 5) + (gzip ? ".raw.gz" : ".raw") : null;
        String header = header(v, gzip, dataName);
        try {
            if (detached) {
                Files.writeString(file, header, StandardCharsets.ISO_8859_1);
                try (OutputStream out = VoxelCodec.create(file.resolveSibling(dataName))) {
                    VoxelCodec.write(v, out, ByteOrder.LITTLE_ENDIAN);
                }
            } else {
                try (OutputStream raw = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
                    raw.write(header.getBytes(StandardCharsets.ISO_8859_1));
                    OutputStream out = gzip ? VoxelCodec.gzip(raw) : raw;
                    VoxelCodec.write(v, out, ByteOrder.LITTLE_ENDIAN);
                    if (out instanceof GZIPOutputStream gz) gz.finish();
                }
            }
        } catch (IOException e) {
            throw new SpineRadException(file + ": cannot write (" + e.getMessage() + ")", e);
        }
    }

    private static String header(Volume v, boolean gzip, String dataFile) {
        Geometry g = v.geometry();
        double[] d = g.direction(), sp = g.spacing(), o = g.origin();
        StringBuilder sb = new StringBuilder("NRRD0004\n# written by SpineRad\n");
        sb.append("type: ").append(NrrdReader.typeName(ElementType.of(v.type()))).append('\n');
        sb.append("dimension: 3\nspace: left-posterior-superior\n");
        sb.append("sizes: ").append(g.nx()).append(' ').append(g.ny()).append(' ').append(g.nz()).append('\n');
        sb.append("space directions:");
        for (int c = 0; c < 3; c++)
            sb.append(" (").append(d[c] * sp[c]).append(',').append(d[3 + c] * sp[c]).append(',').append(d[6 + c] * sp[c]).append(')');
        sb.append("\nkinds: domain domain domain\nendian: little\n");
        sb.append("encoding: ").append(gzip ? "gzip" : "raw").append('\n');
        sb.append("space origin: (").append(o[0]).append(',').append(o[1]).append(',').append(o[2]).append(")\n");
        if (dataFile != null) sb.append("data file: ").append(dataFile).append('\n');
        else sb.append('\n');
        return sb.toString();
    }
}
