package org.spinerad.radiomics;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;

/**
 * PyRadiomics "shape" (3D) features on the morphological mask: marching-cubes mesh as in PyRadiomics' cshape.c
 * ({@link MarchingCubes}), diameters over mesh vertices, PCA of voxel-centre coordinates (covariance divided by N,
 * axis length = 4 sqrt(eigenvalue)). Compactness1, Compactness2 and SphericalDisproportion are deprecated in
 * PyRadiomics and computed only when named. Undefined ratios (e.g. Elongation of a single voxel) are NaN.
 * Names are in PyRadiomics' output order (alphabetical).
 */
public final class ShapeFeatures implements FeatureClass {
    public static final List<String> FEATURES = List.of("Compactness1", "Compactness2", "Elongation", "Flatness",
            "LeastAxisLength", "MajorAxisLength", "Maximum2DDiameterColumn", "Maximum2DDiameterRow",
            "Maximum2DDiameterSlice", "Maximum3DDiameter", "MeshVolume", "MinorAxisLength", "SphericalDisproportion",
            "Sphericity", "SurfaceArea", "SurfaceVolumeRatio", "VoxelVolume");
    public static final Set<String> DEPRECATED = Set.of("Compactness1", "Compactness2", "SphericalDisproportion");

    @Override public String name() { return "shape"; }
    @Override public List<String> featureNames() { return FEATURES; }
    @Override public boolean needsDiscretization() { return false; }

    @Override
    public LinkedHashMap<String, Double> compute(RoiImage roi, DiscretizedRoi discretized, RadiomicsSettings settings,
                                                 Collection<String> enabled) {
        List<String> todo = FeatureSelection.resolve(name(), FEATURES, DEPRECATED, enabled);
        // PyRadiomics meshes the mask cropped to its bounding box and padded by 1; the half marching-cubes table can
        // leave cracks at ambiguous faces, so the signed volume depends on that placement: crop exactly like it
        int[] box = new int[3];
        boolean[] m = MarchingCubes.cropToBoundingBox(roi.morphologicalMask, roi.nx, roi.ny, roi.nz, box);
        if (m == null) throw new org.spinerad.util.SpineRadException("shape: the morphological ROI is empty");
        MarchingCubes.Mesh mesh = MarchingCubes.mesh(m, box[0], box[1], box[2], roi.spacing);
        double[] eig = Pca.eigenvalues(m, box, roi.spacing, new int[]{0, 1, 2});
        int np = 0;
        for (boolean b : m) if (b) np++;
        double v = mesh.volume(), a = mesh.surfaceArea();
        LinkedHashMap<String, Double> out = new LinkedHashMap<>();
        for (String f : todo) {
            double val = switch (f) {
                case "MeshVolume" -> v;
                case "VoxelVolume" -> np * roi.voxelVolume();
                case "SurfaceArea" -> a;
                case "SurfaceVolumeRatio" -> a / v;
                case "Sphericity" -> Math.cbrt(36 * Math.PI * v * v) / a;
                case "Compactness1" -> v / (Math.sqrt(Math.PI) * Math.pow(a, 1.5));
                case "Compactness2" -> 36 * Math.PI * v * v / (a * a * a);
                case "SphericalDisproportion" -> a / Math.cbrt(36 * Math.PI * v * v);
                case "Maximum3DDiameter" -> mesh.maxDiameter3D();
                case "Maximum2DDiameterSlice" -> mesh.maxDiameterSlice();
                case "Maximum2DDiameterColumn" -> mesh.maxDiameterColumn();
                case "Maximum2DDiameterRow" -> mesh.maxDiameterRow();
                case "MajorAxisLength" -> axisLength(eig[2]);
                case "MinorAxisLength" -> axisLength(eig[1]);
                case "LeastAxisLength" -> axisLength(eig[0]);
                case "Elongation" -> ratio(eig[1], eig[2]);
                case "Flatness" -> ratio(eig[0], eig[2]);
                default -> throw new IllegalStateException(f);
            };
            out.put(f, val);
        }
        return out;
    }

    static double axisLength(double eigenvalue) { return eigenvalue < 0 ? Double.NaN : Math.sqrt(eigenvalue) * 4; }

    /** sqrt(small / large); NaN for a negative eigenvalue or 0/0 (PyRadiomics/numpy give nan there). */
    static double ratio(double small, double large) {
        if (small < 0 || large < 0) return Double.NaN;
        return Math.sqrt(small / large);
    }
}
