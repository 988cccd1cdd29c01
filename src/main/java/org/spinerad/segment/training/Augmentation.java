package org.spinerad.segment.training;

import java.util.SplittableRandom;

/**
 * The random transform of one training patch. {@link Level#BASIC}: in-plane rotation ±15°, isotropic zoom e^±0.15,
 * left–right flip, intensity scale ±10 % and shift ±0.1. {@link Level#DOMAIN_RANDOMISATION} (SynthSeg / nnU-Net
 * style): rotation about all three axes (±20° axial, ±10° sagittal and coronal), zoom e^±0.2 with ±8 % per axis,
 * left–right flip, elastic deformation (a smooth random displacement field, SD 1.5 voxels), then on the sampled
 * intensities contrast and brightness, gamma, an additive bias field, lower resolution (box average over 2–3 voxels
 * along one axis: thick slices), Gaussian blur and noise, each with its own probability. Cranio-caudal and
 * antero-posterior flips are not used: inference reorients every image to LPS first, so the network never sees them.
 */
public final class Augmentation {
    public enum Level { NONE, BASIC, DOMAIN_RANDOMISATION }

    private static final int ELASTIC_NODES = 4;

    private final double[] matrix = new double[9]; // patch offset (voxels) -> source offset
    private final double[] elastic; // ELASTIC_NODES^3 x 3 displacements (voxels), or null
    private final float scale, shift;
    private final double gamma, noise, blur, biasX, biasY, biasZ, biasQuad;
    private final int thickAxis, thickness;
    private final long noiseSeed;

    private Augmentation(Level level, SplittableRandom rng) {
        boolean dr = level == Level.DOMAIN_RANDOMISATION, on = level != Level.NONE;
        double az = on ? Math.toRadians(rng.nextDouble(dr ? -20 : -15, dr ? 20 : 15)) : 0;
        double zoom = on ? Math.exp(rng.nextDouble(dr ? -0.2 : -0.15, dr ? 0.2 : 0.15)) : 1;
        boolean flip = on && rng.nextBoolean();
        scale = on ? (float) rng.nextDouble(0.9, 1.1) : 1;
        shift = on ? (float) rng.nextDouble(-0.1, 0.1) : 0;
        double ax = dr ? Math.toRadians(rng.nextDouble(-10, 10)) : 0, ay = dr ? Math.toRadians(rng.nextDouble(-10, 10)) : 0;
        double[] axisZoom = new double[3];
        for (int a = 0; a < 3; a++) axisZoom[a] = zoom * (dr ? Math.exp(rng.nextDouble(-0.08, 0.08)) : 1);
        // source = Rz(az) Rx(ax) Ry(ay) diag(zoom) flipX offset
        double[] rz = {Math.cos(az), -Math.sin(az), 0, Math.sin(az), Math.cos(az), 0, 0, 0, 1};
        double[] rx = {1, 0, 0, 0, Math.cos(ax), -Math.sin(ax), 0, Math.sin(ax), Math.cos(ax)};
        double[] ry = {Math.cos(ay), 0, Math.sin(ay), 0, 1, 0, -Math.sin(ay), 0, Math.cos(ay)};
        double[] rot = multiply(rz, multiply(rx, ry));
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++) matrix[i * 3 + j] = rot[i * 3 + j] * axisZoom[j] * (j == 0 && flip ? -1 : 1);
        if (dr && rng.nextDouble() < 0.5) {
            elastic = new double[ELASTIC_NODES * ELASTIC_NODES * ELASTIC_NODES * 3];
            for (int i = 0; i < elastic.length; i++) elastic[i] = 1.5 * rng.nextGaussian();
        } else elastic = null;
        gamma = dr && rng.nextDouble() < 0.3 ? Math.exp(rng.nextDouble(-0.35, 0.4)) : 1;
        boolean bias = dr && rng.nextDouble() < 0.3;
        biasX = bias ? rng.nextDouble(-0.2, 0.2) : 0;
        biasY = bias ? rng.nextDouble(-0.2, 0.2) : 0;
        biasZ = bias ? rng.nextDouble(-0.2, 0.2) : 0;
        biasQuad = bias ? rng.nextDouble(-0.2, 0.2) : 0;
        boolean thick = dr && rng.nextDouble() < 0.2;
        thickAxis = thick ? (rng.nextDouble() < 0.7 ? 2 : rng.nextInt(2)) : 0;
        thickness = thick ? rng.nextInt(2, 4) : 1;
        blur = dr && rng.nextDouble() < 0.2 ? rng.nextDouble(0.5, 1.0) : 0;
        noise = dr && rng.nextDouble() < 0.3 ? rng.nextDouble(0.01, 0.1) : 0;
        noiseSeed = rng.nextLong();
    }

    public static Augmentation draw(Level level, SplittableRandom rng) { return new Augmentation(level, rng); }

    private static double[] multiply(double[] a, double[] b) {
        double[] c = new double[9];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) for (int k = 0; k < 3; k++) c[i * 3 + j] += a[i * 3 + k] * b[k * 3 + j];
        return c;
    }

    /** Source offset (voxels from the patch centre) of the patch voxel at offset o; f = position in the patch, 0..1. */
    void source(double[] o, double fx, double fy, double fz, double[] out) {
        for (int i = 0; i < 3; i++) out[i] = matrix[i * 3] * o[0] + matrix[i * 3 + 1] * o[1] + matrix[i * 3 + 2] * o[2];
        if (elastic == null) return;
        double gx = fx * (ELASTIC_NODES - 1), gy = fy * (ELASTIC_NODES - 1), gz = fz * (ELASTIC_NODES - 1);
        int x0 = Math.min(ELASTIC_NODES - 2, (int) gx), y0 = Math.min(ELASTIC_NODES - 2, (int) gy), z0 = Math.min(ELASTIC_NODES - 2, (int) gz);
        double tx = gx - x0, ty = gy - y0, tz = gz - z0;
        for (int k = 0; k < 8; k++) {
            int xx = x0 + (k & 1), yy = y0 + ((k >> 1) & 1), zz = z0 + (k >> 2);
            double w = ((k & 1) == 1 ? tx : 1 - tx) * (((k >> 1) & 1) == 1 ? ty : 1 - ty) * ((k >> 2) == 1 ? tz : 1 - tz);
            int node = 3 * (xx + ELASTIC_NODES * (yy + ELASTIC_NODES * zz));
            for (int i = 0; i < 3; i++) out[i] += w * elastic[node + i];
        }
    }

    /** Applies the intensity transforms to the patch {@code img[from .. from + p0 p1 p2)} in place. */
    void intensities(float[] img, int from, int[] p) {
        int n = p[0] * p[1] * p[2];
        if (thickness > 1) boxAlong(img, from, p, thickAxis, thickness);
        if (blur > 0) for (int a = 0; a < 3; a++) gaussianAlong(img, from, p, a, blur);
        if (gamma != 1) {
            float lo = Float.MAX_VALUE, hi = -Float.MAX_VALUE;
            for (int i = from; i < from + n; i++) { lo = Math.min(lo, img[i]); hi = Math.max(hi, img[i]); }
            if (hi > lo) for (int i = from; i < from + n; i++) img[i] = (float) (lo + (hi - lo) * Math.pow((img[i] - lo) / (hi - lo), gamma));
        }
        SplittableRandom grain = noise > 0 ? new SplittableRandom(noiseSeed) : null;
        for (int z = 0, i = from; z < p[2]; z++)
            for (int y = 0; y < p[1]; y++)
                for (int x = 0; x < p[0]; x++, i++) {
                    double u = 2.0 * x / p[0] - 1, v = 2.0 * y / p[1] - 1, w = 2.0 * z / p[2] - 1;
                    double bias = biasX * u + biasY * v + biasZ * w + biasQuad * (u * u + v * v + w * w - 1);
                    img[i] = (float) (img[i] * scale + shift + bias + (grain != null ? noise * grain.nextGaussian() : 0));
                }
    }

    private static void boxAlong(float[] img, int from, int[] p, int axis, int width) {
        convolveAlong(img, from, p, axis, box(width));
    }

    private static void gaussianAlong(float[] img, int from, int[] p, int axis, double sigma) {
        int r = (int) Math.ceil(2.5 * sigma);
        double[] k = new double[2 * r + 1];
        double s = 0;
        for (int i = -r; i <= r; i++) s += k[i + r] = Math.exp(-0.5 * i * i / (sigma * sigma));
        for (int i = 0; i < k.length; i++) k[i] /= s;
        convolveAlong(img, from, p, axis, k);
    }

    private static double[] box(int width) {
        double[] k = new double[width % 2 == 1 ? width : width + 1];
        for (int i = 0; i < k.length; i++) k[i] = width % 2 == 1 || i > 0 && i < k.length - 1 ? 1.0 / width : 0.5 / width;
        return k;
    }

    /** Convolves every line along one patch axis (edges clamped). */
    private static void convolveAlong(float[] img, int from, int[] p, int axis, double[] k) {
        int[] stride = {1, p[0], p[0] * p[1]};
        int len = p[axis], r = k.length / 2, a1 = axis == 0 ? 1 : 0, a2 = axis == 2 ? 1 : 2;
        double[] line = new double[len];
        for (int j = 0; j < p[a2]; j++)
            for (int i = 0; i < p[a1]; i++) {
                int start = from + i * stride[a1] + j * stride[a2];
                for (int t = 0; t < len; t++) line[t] = img[start + t * stride[axis]];
                for (int t = 0; t < len; t++) {
                    double s = 0;
                    for (int q = -r; q <= r; q++) s += k[q + r] * line[Math.max(0, Math.min(len - 1, t + q))];
                    img[start + t * stride[axis]] = (float) s;
                }
            }
    }

    /** The manifest's description of a level. */
    public static String describe(Level level) {
        return switch (level) {
            case NONE -> "none";
            case BASIC -> "in-plane rotation +-15 deg, isotropic zoom exp(+-0.15), left-right flip, intensity scale +-10 %, shift +-0.1";
            case DOMAIN_RANDOMISATION -> "domain randomisation: rotation +-20 deg axial and +-10 deg sagittal/coronal, zoom exp(+-0.2) "
                    + "with +-8 % per axis, left-right flip, elastic deformation (p 0.5, SD 1.5 voxels on a 4x4x4 grid), "
                    + "intensity scale +-10 % and shift +-0.1, gamma exp(-0.35..0.4) (p 0.3), additive bias field +-0.2 SD (p 0.3), "
                    + "slice thickness 2-3 voxels (p 0.2), Gaussian blur 0.5-1 voxel (p 0.2), noise 0.01-0.1 SD (p 0.3)";
        };
    }
}
