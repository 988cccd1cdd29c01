package org.spinerad.radiomics;

import org.spinerad.util.SpineRadException;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;

/**
 * PyRadiomics "shape2D" features (force2D): the morphological mask must be one voxel thick along
 * {@code force2Ddimension} (0 = z/slice, 1 = y, 2 = x, numpy axis order as in PyRadiomics). Marching squares as
 * PyRadiomics' cshape.c, PCA with covariance / N. SphericalDisproportion is deprecated (only when named).
 */
public final class Shape2DFeatures implements FeatureClass {
    public static final List<String> FEATURES = List.of("Elongation", "MajorAxisLength", "MaximumDiameter",
            "MeshSurface", "MinorAxisLength", "Perimeter", "PerimeterSurfaceRatio", "PixelSurface",
            "SphericalDisproportion", "Sphericity");
    public static final Set<String> DEPRECATED = Set.of("SphericalDisproportion");

    @Override public String name() { return "shape2D"; }
    @Override public List<String> featureNames() { return FEATURES; }
    @Override public boolean needsDiscretization() { return false; }

    @Override
    public LinkedHashMap<String, Double> compute(RoiImage roi, DiscretizedRoi discretized, RadiomicsSettings settings,
                                                 Collection<String> enabled) {
        List<String> todo = FeatureSelection.resolve(name(), FEATURES, DEPRECATED, enabled);
        int dim = settings.force2Ddimension;
        if (dim < 0 || dim > 2) throw new SpineRadException("force2Ddimension must be 0, 1 or 2, got " + dim);
        int[] box = {roi.nx, roi.ny, roi.nz};
        int removed = 2 - dim; // numpy axis 0 = z
        if (box[removed] != 1)
            throw new SpineRadException("shape2D needs a ROI one voxel thick along force2Ddimension " + dim
                    + ", but it spans " + box[removed] + " voxels there");
        // plane axes in numpy (row, col) order: the remaining (x, y, z) axes, slowest first
        int[] axes = removed == 2 ? new int[]{1, 0} : removed == 1 ? new int[]{2, 0} : new int[]{2, 1};
        int rows = box[axes[0]], cols = box[axes[1]];
        boolean[] plane = new boolean[rows * cols];
        int[] stride = {1, roi.nx, roi.nx * roi.ny};
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
                plane[r * cols + c] = roi.morphologicalMask[r * stride[axes[0]] + c * stride[axes[1]]];
        double sr = roi.spacing[axes[0]], sc = roi.spacing[axes[1]];
        MarchingCubes.Contour contour = MarchingCubes.contour(plane, rows, cols, new double[]{sr, sc});
        double[] eig = Pca.eigenvalues(roi.morphologicalMask, box, roi.spacing, new int[]{axes[0], axes[1]});
        int np = 0;
        for (boolean b : plane) if (b) np++;
        double s = contour.surface(), p = contour.perimeter();
        LinkedHashMap<String, Double> out = new LinkedHashMap<>();
        for (String f : todo) {
            double val = switch (f) {
                case "MeshSurface" -> s;
                case "PixelSurface" -> np * sr * sc;
                case "Perimeter" -> p;
                case "PerimeterSurfaceRatio" -> p / s;
                case "Sphericity" -> 2 * Math.sqrt(Math.PI * s) / p;
                case "SphericalDisproportion" -> p / (2 * Math.sqrt(Math.PI * s));
                case "MaximumDiameter" -> contour.maxDiameter();
                case "MajorAxisLength" -> ShapeFeatures.axisLength(eig[1]);
                case "MinorAxisLength" -> ShapeFeatures.axisLength(eig[0]);
                case "Elongation" -> ShapeFeatures.ratio(eig[0], eig[1]);
                default -> throw new IllegalStateException(f);
            };
            out.put(f, val);
        }
        return out;
    }
}
