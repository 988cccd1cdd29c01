package org.spinerad.phantom;

import org.spinerad.image.SpineLabels;

import java.util.ArrayList;
import java.util.List;

/**
 * Analytic lumbar anatomy in LPS world millimetres (x to the patient's left, y posterior, z superior). The spine's
 * chain L1 (top) .. L5, discs and S1 is centred at z = 0 and follows the lordotic curve
 * {@code y(z) = -lordosis * (1 - (z/Z)^2)} (Z: half the chain length); each body is tilted along the curve's tangent.
 * {@link #classify} gives a voxel's tissue and label, labels taking priority in the order bodies, discs, arch, canal,
 * psoas, quadratus, paraspinal muscles.
 */
final class Anatomy {
    static final double CANAL_RX = 10, CANAL_RY = 8, CANAL_GAP = 3;
    static final double OUTLINE_CY = -10, OUTLINE_RX = 90, OUTLINE_RY = 80, SUBCUTANEOUS_FAT = 10;

    private final PhantomParams p;
    private final VertebraShape[] bodies; // L1..L5, then S1 when included
    private final double halfChain;
    private final double[][] discCenter = new double[5][];
    private final double[][] discAxis = new double[5][];
    private final double[] discA = new double[5], discB = new double[5];

    Anatomy(PhantomParams p) {
        this.p = p;
        double[] h = new double[5];
        double total = 5 * p.discHeightMm();
        for (int i = 0; i < 5; i++) {
            h[i] = p.bodyHeightMm() * (1 + 0.02 * i);
            total += h[i];
        }
        halfChain = total / 2;
        List<VertebraShape> list = new ArrayList<>();
        double top = halfChain;
        for (int i = 0; i < 5; i++) {
            double cz = top - h[i] / 2;
            list.add(body(SpineLabels.LUMBAR[i], cz, semiX(i), semiY(i), h[i]));
            top -= h[i] + p.discHeightMm();
        }
        if (p.includeS1()) {
            double hS1 = 30;
            list.add(body(SpineLabels.S1, top - hS1 / 2, semiX(4) * 1.05, semiY(4), hS1));
        }
        bodies = list.toArray(new VertebraShape[0]);
        for (int k = 0; k < 5; k++) {
            VertebraShape up = bodies[k];
            double[] upperPlate = endplate(up, -1);
            double[] lowerPlate;
            double[] lowerAxis;
            double lowerA, lowerB;
            if (k + 1 < bodies.length) {
                VertebraShape lo = bodies[k + 1];
                lowerPlate = endplate(lo, +1);
                lowerAxis = axis(lo);
                lowerA = lo.semiAxisX();
                lowerB = lo.semiAxisY();
            } else { // no S1: the L5-S1 disc ends on a virtual plane parallel to L5's endplate
                double[] u = axis(up);
                lowerPlate = new double[]{0, upperPlate[1] - u[1] * p.discHeightMm(), upperPlate[2] - u[2] * p.discHeightMm()};
                lowerAxis = u;
                lowerA = up.semiAxisX();
                lowerB = up.semiAxisY();
            }
            double[] ua = axis(up);
            double ay = ua[1] + lowerAxis[1], az = ua[2] + lowerAxis[2], norm = Math.hypot(ay, az);
            discAxis[k] = new double[]{0, ay / norm, az / norm};
            discCenter[k] = new double[]{0, (upperPlate[1] + lowerPlate[1]) / 2, (upperPlate[2] + lowerPlate[2]) / 2};
            discA[k] = (up.semiAxisX() + lowerA) / 2 - 0.5;
            discB[k] = (up.semiAxisY() + lowerB) / 2 - 0.5;
        }
    }

    private double semiX(int level) { return p.bodyWidthMm() / 2 * (1 + 0.04 * level); }
    private double semiY(int level) { return p.bodyDepthMm() / 2 * (1 + 0.04 * level); }

    private VertebraShape body(int label, double cz, double a, double b, double height) {
        double tilt = Math.atan(curveSlope(cz));
        return new VertebraShape(label, new double[]{0, curveY(cz), cz}, tilt, a, b, height, p.edgeRadiusMm());
    }

    private static double[] axis(VertebraShape v) {
        return new double[]{0, Math.sin(v.tiltRad()), Math.cos(v.tiltRad())};
    }

    /** Centre of the upper (side +1) or lower (side -1) endplate. */
    private static double[] endplate(VertebraShape v, int side) {
        double[] u = axis(v);
        double[] c = v.center();
        return new double[]{0, c[1] + side * u[1] * v.height() / 2, c[2] + side * u[2] * v.height() / 2};
    }

    /** Antero-posterior position of the spine's curve (vertebral body centres) at height z. */
    double curveY(double z) {
        double q = z / halfChain;
        return -p.lordosisMm() * (1 - q * q);
    }

    double curveSlope(double z) { return 2 * p.lordosisMm() * z / (halfChain * halfChain); }

    /** Fractional level at height z: 0 at the centre of L1 and above, 4 at the centre of L5 and below. */
    private double levelAt(double z) {
        if (z >= bodies[0].center()[2]) return 0;
        for (int i = 0; i < 4; i++) {
            double z0 = bodies[i].center()[2], z1 = bodies[i + 1].center()[2];
            if (z >= z1) return i + (z0 - z) / (z0 - z1);
        }
        return 4;
    }

    List<VertebraShape> bodies() { return List.of(bodies); }

    double halfChain() { return halfChain; }

    /** Packed {@code tissue.ordinal() << 8 | label} of an LPS point. */
    int classify(double x, double y, double z) {
        for (VertebraShape b : bodies) {
            if (Math.abs(z - b.center()[2]) > b.height()) continue;
            if (b.contains(x, y, z, 0)) {
                Tissue t = b.contains(x, y, z, p.corticalThicknessMm()) ? Tissue.TRABECULAR_BONE : Tissue.CORTICAL_BONE;
                return pack(t, b.label());
            }
        }
        for (int k = 0; k < 5; k++) {
            if (inDisc(k, x, y, z)) return pack(Tissue.DISC, SpineLabels.LUMBAR_DISCS[k]);
        }
        double lf = levelAt(z);
        double yc = curveY(z);
        double a = p.bodyWidthMm() / 2 * (1 + 0.04 * lf), b = p.bodyDepthMm() / 2 * (1 + 0.04 * lf);
        double canalY = yc + b + CANAL_GAP + CANAL_RY;
        if (p.posteriorElements() && inArch(x, y, z, yc, b, canalY)) return pack(Tissue.ARCH_BONE, 0);
        if (ellipse(x, y - canalY, CANAL_RX, CANAL_RY)) return pack(Tissue.CSF, SpineLabels.CANAL);
        if (!ellipse(x, y - OUTLINE_CY, OUTLINE_RX, OUTLINE_RY)) return pack(Tissue.AIR, 0);
        double l1Top = bodies[0].center()[2] + bodies[0].height() / 2;
        if (z <= l1Top) {
            double l5Bottom = bodies[4].center()[2] - bodies[4].height() / 2;
            double s = Math.min(1, (l1Top - z) / (l1Top - l5Bottom));
            double rx = 6 + 10 * s, ry = 6 + 8 * s, px = a + 1.5 + rx;
            if (ellipse(x - px, y - yc - 2, rx, ry)) return pack(Tissue.MUSCLE, SpineLabels.PSOAS_L);
            if (ellipse(x + px, y - yc - 2, rx, ry)) return pack(Tissue.MUSCLE, SpineLabels.PSOAS_R);
            if (z >= bodies[4].center()[2]) {
                if (ellipse(x - 68, y - yc - 18, 9, 6)) return pack(Tissue.MUSCLE, SpineLabels.QUADRATUS_L);
                if (ellipse(x + 68, y - yc - 18, 9, 6)) return pack(Tissue.MUSCLE, SpineLabels.QUADRATUS_R);
            }
        }
        double paraY = canalY + CANAL_RY + 14;
        if (ellipse(x - 21, y - paraY, 16, 12)) return pack(Tissue.MUSCLE, SpineLabels.PARASPINAL_L);
        if (ellipse(x + 21, y - paraY, 16, 12)) return pack(Tissue.MUSCLE, SpineLabels.PARASPINAL_R);
        if (!ellipse(x, y - OUTLINE_CY, OUTLINE_RX - SUBCUTANEOUS_FAT, OUTLINE_RY - SUBCUTANEOUS_FAT))
            return pack(Tissue.FAT, 0);
        // retroperitoneal and back fat behind a curved front line just anterior to the bodies, abdominal soft tissue in front
        return pack(y > yc - b - 4 - 0.004 * x * x ? Tissue.FAT : Tissue.SOFT_TISSUE, 0);
    }

    private boolean inDisc(int k, double x, double y, double z) {
        double[] c = discCenter[k], u = discAxis[k];
        double dy = y - c[1], dz = z - c[2];
        double t = dy * u[1] + dz * u[2];
        if (Math.abs(t) > p.discHeightMm() / 2 + 4) return false;
        double v = dy * u[2] - dz * u[1];
        if (!ellipse(x, v, discA[k], discB[k])) return false;
        VertebraShape up = bodies[k];
        if (up.axial(y, z) >= -up.height() / 2) return false;
        if (k + 1 < bodies.length) {
            VertebraShape lo = bodies[k + 1];
            return lo.axial(y, z) > lo.height() / 2;
        }
        return t > -p.discHeightMm() / 2;
    }

    /** Vertebral arch (pedicles and lamina around the canal) and spinous process at the height of each lumbar body. */
    private boolean inArch(double x, double y, double z, double yc, double b, double canalY) {
        for (int i = 0; i < 5; i++) {
            VertebraShape v = bodies[i];
            double dz = z - v.center()[2];
            if (Math.abs(dz) > 0.4 * v.height()) continue;
            if (y >= yc + b - 1 && ellipse(x, y - canalY, CANAL_RX + 6, CANAL_RY + 5)
                    && !ellipse(x, y - canalY, CANAL_RX, CANAL_RY)) return true;
            double back = canalY + CANAL_RY;
            if (Math.abs(x) <= 3.5 && y >= back && y <= back + 25 && dz <= 0.25 * v.height()) return true;
        }
        return false;
    }

    private static boolean ellipse(double dx, double dy, double rx, double ry) {
        double qx = dx / rx, qy = dy / ry;
        return qx * qx + qy * qy <= 1;
    }

    static int pack(Tissue t, int label) { return t.ordinal() << 8 | label; }
}
