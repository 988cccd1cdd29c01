package org.spinerad.phantom;

/**
 * One bony body of the phantom (L1..L5 or S1): an elliptic cylinder with rounded endplate rims, tilted in the sagittal
 * plane. Within {@code edgeRadius} of an endplate the cross-section's semi-axes shrink by
 * {@code edgeRadius * (1 - sqrt(1 - u^2))}, u going from 0 to 1 towards the endplate.
 *
 * @param label      SpineLabels value
 * @param center     LPS world centre (mm)
 * @param tiltRad    rotation about the x axis: the body axis is (0, sin, cos) of it, positive tilts the top posteriorly
 * @param semiAxisX  lateral semi-axis (mm)
 * @param semiAxisY  antero-posterior semi-axis (mm)
 * @param height     height along the body axis (mm)
 * @param edgeRadius radius of the rounded rims (mm)
 */
public record VertebraShape(int label, double[] center, double tiltRad, double semiAxisX, double semiAxisY,
                            double height, double edgeRadius) {

    /** Inward offset of the cross-section at distance {@code |t|} from the mid-plane. */
    double edgeInset(double absT) {
        double u = absT - (height / 2 - edgeRadius);
        if (u <= 0 || edgeRadius <= 0) return 0;
        u /= edgeRadius;
        return edgeRadius * (1 - Math.sqrt(Math.max(0, 1 - u * u)));
    }

    /** Whether an LPS point lies inside this body shrunk inwards by {@code shrink} mm (0: the body itself). */
    boolean contains(double x, double y, double z, double shrink) {
        double cos = Math.cos(tiltRad), sin = Math.sin(tiltRad);
        double dy = y - center[1], dz = z - center[2], dx = x - center[0];
        double t = dy * sin + dz * cos;
        double absT = Math.abs(t);
        if (absT > height / 2 - shrink) return false;
        double v = dy * cos - dz * sin;
        double inset = edgeInset(absT) + shrink;
        double ea = semiAxisX - inset, eb = semiAxisY - inset;
        if (ea <= 0 || eb <= 0) return false;
        double qx = dx / ea, qy = v / eb;
        return qx * qx + qy * qy <= 1;
    }

    /** Axial coordinate of a point along the body axis, relative to the centre. */
    double axial(double y, double z) {
        return (y - center[1]) * Math.sin(tiltRad) + (z - center[2]) * Math.cos(tiltRad);
    }
}
