package org.spinerad.stenosis.geometry;

/**
 * An oblique measurement plane of one level: through {@code origin} (on the canal centreline, shifted laterally to
 * the mid-sagittal plane of the vertebral bodies), perpendicular to the centreline tangent {@code normal} (pointing
 * superior). In-plane axes: {@code lateral} points to the patient's left, {@code posterior} from the bodies towards
 * the spinous processes. Plane coordinates (u, v, w) are millimetres along lateral, posterior and normal.
 *
 * @param upper body label above the plane (the vertebra itself for a pedicle plane)
 * @param lower body label below the plane (the vertebra itself for a pedicle plane)
 * @param disc  disc label of a disc plane (0 for a pedicle plane)
 * @param centre disc or body centre the plane passes through
 */
public record LevelPlane(String level, Kind kind, int upper, int lower, int disc, double[] origin, double[] normal,
                         double[] lateral, double[] posterior, double[] centre) {

    public enum Kind { DISC, PEDICLE }

    /** World position of plane coordinates (u lateral, v posterior, w along the normal). */
    public double[] point(double u, double v, double w) {
        double[] p = new double[3];
        for (int i = 0; i < 3; i++) p[i] = origin[i] + u * lateral[i] + v * posterior[i] + w * normal[i];
        return p;
    }

    /** The same plane moved by w millimetres along its normal. */
    public LevelPlane shifted(double w) {
        return new LevelPlane(level, kind, upper, lower, disc, point(0, 0, w), normal, lateral, posterior, centre);
    }
}
