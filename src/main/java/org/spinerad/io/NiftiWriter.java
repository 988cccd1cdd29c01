package org.spinerad.io;

import org.spinerad.image.Volume;
import org.spinerad.util.SpineRadException;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * Writes a {@link Volume} as NIfTI: a single file (.nii, .nii.gz) or a pair (.hdr + .img, both gzipped as .hdr.gz + .img.gz
 * when the given name ends in .gz, as nibabel does), little endian, keeping the voxel type, no scaling, xyzt_units mm. Both sform and qform hold
 * {@code Geometry.toRasAffine()}; their codes come from the metadata keys {@code nifti.sform_code}/{@code nifti.qform_code}
 * when positive, else 1 (scanner). NIfTI-1 unless a dimension exceeds 32767 or NIfTI-2 is requested.
 */
public final class NiftiWriter {
    private NiftiWriter() {}

    public static void write(Volume v, Path file) { write(v, file, false); }

    public static void write(Volume v, Path file, boolean nifti2) {
        String lower = file.getFileName().toString().toLowerCase();
        boolean pair = lower.endsWith(".hdr") || lower.endsWith(".img") || lower.endsWith(".hdr.gz") || lower.endsWith(".img.gz");
        NiftiHeader h = header(v, nifti2 || Math.max(v.nx(), Math.max(v.ny(), v.nz())) > Short.MAX_VALUE, !pair);
        try {
            if (!pair) {
                try (OutputStream out = VoxelCodec.create(file)) {
                    out.write(h.toBytes());
                    VoxelCodec.write(v, out, h.order);
                }
            } else {
                boolean gz = lower.endsWith(".gz");
                String name = file.getFileName().toString();
                String base = name.substring(0, name.length() - (gz ? 7 : 4));
                try (OutputStream out = VoxelCodec.create(file.resolveSibling(base + (gz ? ".hdr.gz" : ".hdr")))) {
                    out.write(h.toBytes());
                }
                try (OutputStream out = VoxelCodec.create(file.resolveSibling(base + (gz ? ".img.gz" : ".img")))) {
                    VoxelCodec.write(v, out, h.order);
                }
            }
        } catch (IOException e) {
            throw new SpineRadException(file + ": cannot write (" + e.getMessage() + ")", e);
        }
    }

    static NiftiHeader header(Volume v, boolean nifti2, boolean singleFile) {
        NiftiHeader h = new NiftiHeader();
        h.version = nifti2 ? 2 : 1;
        h.order = ByteOrder.LITTLE_ENDIAN;
        h.singleFile = singleFile;
        ElementType t = ElementType.of(v.type());
        h.datatype = NiftiHeader.datatypeCode(t);
        h.bitpix = t.bytes * 8;
        h.dim[0] = 3;
        h.dim[1] = v.nx();
        h.dim[2] = v.ny();
        h.dim[3] = v.nz();
        for (int i = 4; i < 8; i++) h.dim[i] = 1;
        h.voxOffset = singleFile ? (nifti2 ? 544 : 352) : 0;
        h.sclSlope = 1;
        h.sclInter = 0;
        h.xyztUnits = 2; // NIFTI_UNITS_MM
        String d = v.metadata().getOrDefault("nifti.description", "SpineRad");
        h.descrip = d.length() > 79 ? d.substring(0, 79) : d;
        h.sformCode = code(v, "nifti.sform_code");
        h.qformCode = code(v, "nifti.qform_code");
        double[] a = v.geometry().toRasAffine();
        System.arraycopy(a, 0, h.srow, 0, 12);
        double[] sp = v.geometry().spacing();
        for (int i = 0; i < 8; i++) h.pixdim[i] = 1;
        System.arraycopy(sp, 0, h.pixdim, 1, 3);
        // qform: rotation R = columns of the affine divided by the spacings; qfac makes det(R) positive
        double[] r = new double[9];
        for (int row = 0; row < 3; row++)
            for (int col = 0; col < 3; col++) r[row * 3 + col] = a[row * 4 + col] / sp[col];
        double det = r[0] * (r[4] * r[8] - r[5] * r[7]) - r[1] * (r[3] * r[8] - r[5] * r[6]) + r[2] * (r[3] * r[7] - r[4] * r[6]);
        h.pixdim[0] = det < 0 ? -1 : 1;
        if (det < 0) for (int row = 0; row < 3; row++) r[row * 3 + 2] = -r[row * 3 + 2];
        double[] q = quaternion(r);
        if (nifti2) {
            h.quaternB = q[1];
            h.quaternC = q[2];
            h.quaternD = q[3];
        } else {
            float[] f = float32Quaternion(q);
            h.quaternB = f[0];
            h.quaternC = f[1];
            h.quaternD = f[2];
        }
        h.qoffsetX = a[3];
        h.qoffsetY = a[7];
        h.qoffsetZ = a[11];
        return h;
    }

    private static int code(Volume v, String key) {
        try {
            int c = Integer.parseInt(v.metadata().getOrDefault(key, "1").trim());
            return c > 0 ? c : 1;
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    /**
     * Float32 (b, c, d) whose implied {@code w = sqrt(1 - b^2 - c^2 - d^2)} is closest to the true w, computed in float
     * (as nibabel does) and in double. Plain rounding can turn w = 0 (180-degree rotations, common for flipped axes)
     * into w ~ 3e-4, a visible rotation error; a few ulps of adjustment avoid that.
     */
    static float[] float32Quaternion(double[] q) {
        float[] base = {(float) q[1], (float) q[2], (float) q[3]};
        float[] best = base.clone();
        double bestErr = Double.POSITIVE_INFINITY;
        for (int i = -2; i <= 2; i++)
            for (int j = -2; j <= 2; j++)
                for (int k = -2; k <= 2; k++) {
                    float b = ulps(base[0], i), c = ulps(base[1], j), d = ulps(base[2], k);
                    float w2f = 1f - (b * b + c * c + d * d);
                    double w2d = 1.0 - ((double) b * b + (double) c * c + (double) d * d);
                    double err = Math.max(Math.abs(Math.sqrt(Math.max(0, w2f)) - q[0]), Math.abs(Math.sqrt(Math.max(0, w2d)) - q[0]))
                            + Math.abs(b - q[1]) + Math.abs(c - q[2]) + Math.abs(d - q[3]);
                    if (w2f < -3 * Math.ulp(1f) || w2d < -3 * Math.ulp(1f)) continue; // nibabel rejects clearly negative w^2
                    if (err < bestErr) {
                        bestErr = err;
                        best = new float[]{b, c, d};
                    }
                }
        return best;
    }

    private static float ulps(float x, int n) {
        for (int i = 0; i < Math.abs(n); i++) x = n > 0 ? Math.nextUp(x) : Math.nextDown(x);
        return x;
    }

    /** Unit quaternion (w, x, y, z) with w >= 0 of a proper rotation matrix (row-major), Shepperd's method. */
    static double[] quaternion(double[] r) {
        double trace = r[0] + r[4] + r[8];
        double w, x, y, z;
        if (trace > 0) {
            double s = 0.5 / Math.sqrt(trace + 1);
            w = 0.25 / s;
            x = (r[7] - r[5]) * s;
            y = (r[2] - r[6]) * s;
            z = (r[3] - r[1]) * s;
        } else if (r[0] > r[4] && r[0] > r[8]) {
            double s = 2 * Math.sqrt(1 + r[0] - r[4] - r[8]);
            w = (r[7] - r[5]) / s;
            x = 0.25 * s;
            y = (r[1] + r[3]) / s;
            z = (r[2] + r[6]) / s;
        } else if (r[4] > r[8]) {
            double s = 2 * Math.sqrt(1 + r[4] - r[0] - r[8]);
            w = (r[2] - r[6]) / s;
            x = (r[1] + r[3]) / s;
            y = 0.25 * s;
            z = (r[5] + r[7]) / s;
        } else {
            double s = 2 * Math.sqrt(1 + r[8] - r[0] - r[4]);
            w = (r[3] - r[1]) / s;
            x = (r[2] + r[6]) / s;
            y = (r[5] + r[7]) / s;
            z = 0.25 * s;
        }
        double norm = Math.sqrt(w * w + x * x + y * y + z * z);
        double sign = w < 0 ? -1 : 1;
        return new double[]{sign * w / norm, sign * x / norm, sign * y / norm, sign * z / norm};
    }
}
