package org.spinerad.radiomics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Extraction settings with PyRadiomics names and defaults (the "setting" section of a parameter file).
 * Mutable on purpose: parameter files and dialogs fill it, then it is copied per extraction.
 */
public final class RadiomicsSettings {
    // --- discretisation and intensity handling
    /** Fixed bin width (default 25); ignored when {@link #binCount} is set. */
    public double binWidth = 25;
    /** Fixed bin count, or null for fixed bin width. */
    public Integer binCount = null;
    /** Intensity re-segmentation range [min, max] (either may be NaN for open-ended), or null. */
    public double[] resegmentRange = null;
    /** "absolute" (range in intensity units), "relative" (fractions of the ROI maximum) or "sigma" (mean + t * sd). */
    public String resegmentMode = "absolute";
    /** Whether shape features use the re-segmented mask (PyRadiomics resegmentShape, default false). */
    public boolean resegmentShape = false;
    public boolean normalize = false;
    public double normalizeScale = 1;
    /** Outlier removal in units of sigma for normalisation (null = off). */
    public Double removeOutliers = null;
    /** Added to intensities for first-order energy features when bins start below 0 (PyRadiomics default 0). */
    public double voxelArrayShift = 0;

    // --- resampling
    /** Target spacing (mm) or null for no resampling; a 0 keeps that axis. */
    public double[] resampledPixelSpacing = null;
    /** "sitkBSpline" (default), "sitkLinear", "sitkNearestNeighbor"... */
    public String interpolator = "sitkBSpline";
    public int padDistance = 5;
    public boolean preCrop = false;

    // --- ROI checks
    public int label = 1;
    public Integer labelChannel = null;
    /** Minimum number of dimensions with more than one voxel (1..3, default 2 when forced 2D... PyRadiomics default 2). */
    public int minimumROIDimensions = 2;
    /** Minimum number of ROI voxels, or null. */
    public Integer minimumROISize = null;
    public double geometryTolerance = 1e-6;
    public boolean correctMask = false;

    // --- texture
    public List<Integer> distances = List.of(1);
    public boolean symmetricalGLCM = true;
    /** GLCM/GLRLM weighting norm: null (no weighting), "manhattan", "euclidean", "infinity", "no_weighting". */
    public String weightingNorm = null;
    /** GLDM coarseness parameter alpha. */
    public double gldm_a = 0;
    public boolean force2D = false;
    public int force2Ddimension = 0;
    /** IBSI-style aggregation option for GLCM/GLRLM: "pyradiomics" (per-direction features averaged, default) or "merged" (one matrix over all directions). */
    public String textureAggregation = "pyradiomics";

    // --- filters (image-type specific settings also appear here in PyRadiomics files)
    public List<Double> sigma = List.of();
    public String wavelet = "coif1";
    public int startLevel = 0;
    public int level = 1;
    public int lbp2DRadius = 1;
    /** Default 8 as in the PyRadiomics code (its documentation says 9). */
    public int lbp2DSamples = 8;
    public String lbp2DMethod = "uniform";
    public int lbp3DLevels = 2;
    public double lbp3DIcosphereRadius = 1;
    public int lbp3DIcosphereSubdivision = 1;
    public boolean gradientUseSpacing = true;

    public boolean additionalInfo = true;

    /** Unknown keys read from a parameter file, kept for provenance. */
    public final Map<String, Object> extra = new LinkedHashMap<>();

    public RadiomicsSettings copy() {
        RadiomicsSettings c = new RadiomicsSettings();
        for (var f : RadiomicsSettings.class.getFields()) {
            if (java.lang.reflect.Modifier.isFinal(f.getModifiers()) || java.lang.reflect.Modifier.isStatic(f.getModifiers())) continue;
            try {
                Object v = f.get(this);
                if (v instanceof double[] a) v = a.clone();
                f.set(c, v);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
        c.extra.putAll(extra);
        return c;
    }
}
