package org.spinerad.radiomics;

import org.spinerad.image.Geometry;
import org.spinerad.image.Volume;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * PyRadiomics' "diagnostics_" columns for an image and a mask label (names and tuple formats as PyRadiomics'
 * generalinfo writes them). The hash is the SHA-1 of the voxel buffer as stored (little-endian, x fastest), which is
 * what SimpleITK hashes when the voxel type is the same.
 */
public final class RadiomicsDiagnostics {
    public static final String PREFIX = "diagnostics_";

    private RadiomicsDiagnostics() {}

    /** Image-original: Hash, Dimensionality, Spacing, Size, Mean, Minimum, Maximum. */
    public static void addImage(Map<String, Object> out, Volume image) {
        addImage(out, "original", image);
    }

    /** Image-{kind}: Spacing, Size, Mean, Minimum, Maximum (Hash and Dimensionality for "original" only, as PyRadiomics). */
    static void addImage(Map<String, Object> out, String kind, Volume image) {
        String p = PREFIX + "Image-" + kind + "_";
        if (kind.equals("original")) {
            out.put(p + "Hash", sha1(image));
            out.put(p + "Dimensionality", "3D");
        }
        out.put(p + "Spacing", tuple(image.geometry().spacing()));
        out.put(p + "Size", tuple(image.geometry().dims()));
        double sum = 0, min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (int i = 0, n = image.size(); i < n; i++) {
            double v = image.get(i);
            sum += v;
            if (v < min) min = v;
            if (v > max) max = v;
        }
        out.put(p + "Mean", sum / image.size());
        out.put(p + "Minimum", min);
        out.put(p + "Maximum", max);
    }

    /** Mask-original: Hash, Spacing, Size, BoundingBox, VoxelNum, VolumeNum (26-connected), CenterOfMassIndex, CenterOfMass. */
    public static void addMask(Map<String, Object> out, Volume mask, int label) {
        boolean[] roi = new boolean[mask.size()];
        for (int i = 0; i < roi.length; i++) roi[i] = mask.getInt(i) == label;
        out.put(PREFIX + "Mask-original_Hash", sha1(mask));
        addMask(out, "original", mask.geometry(), roi, null);
    }

    /**
     * Mask-{kind}: Spacing, Size, BoundingBox, VoxelNum, VolumeNum, CenterOfMassIndex, CenterOfMass and, with an
     * image on the same grid, Mean, Minimum, Maximum of the ROI (PyRadiomics' interpolated/resegmented entries).
     */
    static void addMask(Map<String, Object> out, String kind, Geometry g, boolean[] roi, Volume image) {
        String p = PREFIX + "Mask-" + kind + "_";
        int nx = g.nx(), ny = g.ny(), nz = g.nz();
        int x0 = nx, y0 = ny, z0 = nz, x1 = -1, y1 = -1, z1 = -1, count = 0;
        double sx = 0, sy = 0, sz = 0, sum = 0, min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (int z = 0, i = 0; z < nz; z++)
            for (int y = 0; y < ny; y++)
                for (int x = 0; x < nx; x++, i++) {
                    if (!roi[i]) continue;
                    count++;
                    sx += x;
                    sy += y;
                    sz += z;
                    x0 = Math.min(x0, x); x1 = Math.max(x1, x);
                    y0 = Math.min(y0, y); y1 = Math.max(y1, y);
                    z0 = Math.min(z0, z); z1 = Math.max(z1, z);
                    if (image != null) {
                        double v = image.get(i);
                        sum += v;
                        min = Math.min(min, v);
                        max = Math.max(max, v);
                    }
                }
        out.put(p + "Spacing", tuple(g.spacing()));
        out.put(p + "Size", tuple(g.dims()));
        if (count == 0) {
            out.put(p + "VoxelNum", 0);
            return;
        }
        int[] box = {x0, y0, z0, x1 - x0 + 1, y1 - y0 + 1, z1 - z0 + 1};
        out.put(p + "BoundingBox", tuple(box));
        out.put(p + "VoxelNum", count);
        out.put(p + "VolumeNum", components(roi, nx, ny, box));
        double[] com = {sx / count, sy / count, sz / count};
        out.put(p + "CenterOfMassIndex", tuple(com));
        out.put(p + "CenterOfMass", tuple(g.indexToWorld(com[0], com[1], com[2])));
        if (image != null) {
            out.put(p + "Mean", sum / count);
            out.put(p + "Minimum", min);
            out.put(p + "Maximum", max);
        }
    }

    /** Number of 26-connected components of the ROI inside the box (x0, y0, z0, sx, sy, sz). */
    static int components(boolean[] roi, int nx, int ny, int[] box) {
        int bx = box[3], by = box[4], bz = box[5];
        boolean[] in = new boolean[bx * by * bz];
        for (int z = 0; z < bz; z++)
            for (int y = 0; y < by; y++)
                for (int x = 0; x < bx; x++)
                    in[x + bx * (y + by * z)] = roi[box[0] + x + nx * (box[1] + y + ny * (box[2] + z))];
        int[] stack = new int[in.length];
        int n = 0;
        for (int seed = 0; seed < in.length; seed++) {
            if (!in[seed]) continue;
            n++;
            in[seed] = false;
            int top = 0;
            stack[top++] = seed;
            while (top > 0) {
                int i = stack[--top];
                int x = i % bx, y = (i / bx) % by, z = i / (bx * by);
                for (int dz = -1; dz <= 1; dz++)
                    for (int dy = -1; dy <= 1; dy++)
                        for (int dx = -1; dx <= 1; dx++) {
                            int xx = x + dx, yy = y + dy, zz = z + dz;
                            if (xx < 0 || yy < 0 || zz < 0 || xx >= bx || yy >= by || zz >= bz) continue;
                            int j = xx + bx * (yy + by * zz);
                            if (in[j]) {
                                in[j] = false;
                                stack[top++] = j;
                            }
                        }
            }
        }
        return n;
    }

    /** SHA-1 of the voxel buffer as stored, little-endian. */
    public static String sha1(Volume v) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-1");
            int n = v.size(), bpv = v.type().bytesPerVoxel;
            ByteBuffer buf = ByteBuffer.allocate(Math.max(bpv, Math.min(n * bpv, 1 << 20) / bpv * bpv)).order(ByteOrder.LITTLE_ENDIAN);
            Object a = v.array();
            for (int i = 0; i < n; i++) {
                if (buf.remaining() < bpv) {
                    md.update(buf.array(), 0, buf.position());
                    buf.clear();
                }
                switch (a) {
                    case byte[] b -> buf.put(b[i]);
                    case short[] s -> buf.putShort(s[i]);
                    case int[] s -> buf.putInt(s[i]);
                    case float[] s -> buf.putFloat(s[i]);
                    case double[] s -> buf.putDouble(s[i]);
                    default -> throw new IllegalStateException("unknown voxel array");
                }
            }
            md.update(buf.array(), 0, buf.position());
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Python tuple text, e.g. "(3.0, 3.0, 3.0)". */
    public static String tuple(double[] v) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < v.length; i++) sb.append(i > 0 ? ", " : "").append(pyFloat(v[i]));
        return sb.append(')').toString();
    }

    public static String tuple(int[] v) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < v.length; i++) sb.append(i > 0 ? ", " : "").append(v[i]);
        return sb.append(')').toString();
    }

    /** A double as Python's repr writes it for ordinary magnitudes ("3.0", "0.25"). */
    static String pyFloat(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e16) return (long) d + ".0";
        return Double.toString(d);
    }

    /** The diagnostics in PyRadiomics order for one image/mask/label (without version and configuration columns). */
    public static LinkedHashMap<String, Object> of(Volume image, Volume mask, int label) {
        LinkedHashMap<String, Object> m = new LinkedHashMap<>();
        addImage(m, image);
        addMask(m, mask, label);
        return m;
    }

    /** PyRadiomics' "interpolated" entries after resampling: the resampled, cropped image and its ROI. */
    public static LinkedHashMap<String, Object> interpolated(PreparedRoi prepared) {
        LinkedHashMap<String, Object> m = new LinkedHashMap<>();
        addImage(m, "interpolated", prepared.image());
        addMask(m, "interpolated", prepared.image().geometry(), prepared.mask(), prepared.image());
        return m;
    }
}
