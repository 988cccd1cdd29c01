package org.spinerad.io;

import org.spinerad.image.Geometry;
import org.spinerad.image.Volume;
import org.spinerad.util.SpineRadException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads NIfTI-1 and NIfTI-2 images (.nii, .nii.gz, .hdr/.img pairs, .img.gz), either byte order, into a {@link Volume}
 * whose geometry is nibabel's {@code img.affine}. Scaling follows nibabel ({@code scl_slope} 0 or not finite means none;
 * scaled data become float, see {@link VoxelCodec#read}). Files with more than one 3D volume (4D/5D) are an error
 * unless a volume index is given; the chosen one is noted in the metadata key {@code nifti.note}. Colour (RGB24, RGBA32), complex and float128
 * data are rejected with an error naming the file and datatype.
 *
 * <p>Metadata keys: {@code source.file}, {@code nifti.version}, {@code nifti.datatype} (nibabel name, e.g. "int16"),
 * {@code nifti.description}, {@code nifti.intent_code}, {@code nifti.intent_name}, {@code nifti.qform_code},
 * {@code nifti.sform_code}, {@code nifti.affine_source}, {@code nifti.scl_slope}, {@code nifti.scl_inter},
 * {@code nifti.volumes} and {@code nifti.note} (only for files with several volumes).
 */
public final class NiftiReader {
    private NiftiReader() {}

    /** Reads a 3D file; a file with several volumes (4D/5D) is an error naming how many, since one must be chosen. */
    public static Volume read(Path file) {
        NiftiHeader h = NiftiHeader.read(file);
        if (h.volumeCount() > 1)
            throw new SpineRadException(file + ": " + h.volumeCount() + " volumes (" + h.dimString()
                    + "); choose one with a volume index (CLI: --volume N, 0-based)");
        return read(file, 0);
    }

    /** Reads the given 3D volume (0-based) of a file with several volumes. */
    public static Volume read(Path file, int volumeIndex) {
        NiftiHeader h = NiftiHeader.read(file);
        Path hdrFile = NiftiHeader.headerFile(file);
        Path dataFile = h.dataFile(hdrFile);
        ElementType type = h.elementType();
        if (type == null)
            throw new SpineRadException(file + ": NIfTI datatype " + h.datatypeName() + " (code " + h.datatype
                    + ") is not supported; SpineRad reads scalar integer and float volumes only"
                    + (h.datatype == NiftiHeader.DT_RGB24 || h.datatype == NiftiHeader.DT_RGBA32
                    ? " (this is a colour image, e.g. a rendered report)" : ""));
        long volumes = h.volumeCount();
        if (volumeIndex < 0 || volumeIndex >= volumes)
            throw new SpineRadException(file + ": volume " + volumeIndex + " requested but the file has " + volumes);
        int[] dims = h.spatialDims();
        Geometry g;
        try {
            g = Geometry.fromRasAffine(dims, h.affine());
        } catch (IllegalArgumentException e) {
            throw new SpineRadException(file + ": unusable " + h.affineSource() + " affine (" + e.getMessage() + ")", e);
        }
        double[] scl = h.effectiveScaling();
        if (!Double.isFinite(scl[1]))
            throw new SpineRadException(file + ": valid scl_slope " + scl[0] + " but invalid scl_inter " + scl[1]);
        long voxels = (long) dims[0] * dims[1] * dims[2];
        long volumeBytes = voxels * type.bytes;
        long offset = h.voxOffset + volumeIndex * volumeBytes;
        boolean scaled = scl[0] != 1 || scl[1] != 0;
        VoxelCodec.checkSize(dataFile, offset, volumeBytes, VoxelCodec.heapBytes(voxels, type, scaled));
        Volume v;
        try (InputStream in = VoxelCodec.open(dataFile)) {
            VoxelCodec.skip(in, offset, dataFile);
            v = VoxelCodec.read(in, type, h.order, g, scl[0], scl[1], dataFile);
            VoxelCodec.drain(in, dataFile, (volumes - 1 - volumeIndex) * volumeBytes);
        } catch (IOException e) {
            throw VoxelCodec.ioError(dataFile, e);
        }
        Map<String, String> m = v.metadata();
        m.put("source.file", file.toString());
        m.put("nifti.version", String.valueOf(h.version));
        m.put("nifti.datatype", h.datatypeName());
        m.put("nifti.description", h.descrip);
        m.put("nifti.intent_code", String.valueOf(h.intentCode));
        m.put("nifti.intent_name", h.intentName);
        m.put("nifti.qform_code", String.valueOf(h.qformCode));
        m.put("nifti.sform_code", String.valueOf(h.sformCode));
        m.put("nifti.affine_source", h.affineSource());
        m.put("nifti.scl_slope", String.valueOf(h.sclSlope));
        m.put("nifti.scl_inter", String.valueOf(h.sclInter));
        if (volumes > 1) {
            m.put("nifti.volumes", String.valueOf(volumes));
            m.put("nifti.note", "file has " + volumes + " volumes (" + h.dimString() + "); volume " + volumeIndex + " loaded");
        }
        return v;
    }
}
