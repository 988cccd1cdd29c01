package org.spinerad.radiomics.filters;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.spinerad.radiomics.RadiomicsSettings;
import org.spinerad.util.SpineRadException;

/**
 * Entry point: applies a PyRadiomics image type to a (preprocessed, padded) float volume and names the results as
 * PyRadiomics does. Per-image-type custom arguments (the values of the "imageType" section of a parameter file)
 * override the settings under PyRadiomics' keys: sigma, wavelet, level, start_level, gradientUseSpacing,
 * lbp2DRadius, lbp2DSamples, lbp2DMethod, lbp3DLevels, lbp3DIcosphereRadius, lbp3DIcosphereSubdivision, force2D,
 * force2Ddimension. SpineRad's own key {@code logMethod}: "recursive" (default; SimpleITK's Deriche IIR filter exactly
 * as PyRadiomics computes it) or "exact" (sampled Gaussian-derivative kernels, see {@link LogFilter}).
 */
public final class ImageFilters {
    private ImageFilters() {}

    private static final System.Logger LOG = System.getLogger(ImageFilters.class.getName());

    /** As {@link #apply(String, Map, float[], boolean[], int, int, int, double[], RadiomicsSettings)} without a mask (LBP3D needs one). */
    public static List<FilteredImage> apply(String imageType, Map<String, Object> customArgs, float[] image,
                                            int nx, int ny, int nz, double[] spacing, RadiomicsSettings s) {
        return apply(imageType, customArgs, image, null, nx, ny, nz, spacing, s);
    }

    /**
     * The derived images of one image type, in PyRadiomics' order. LoG sigmas that PyRadiomics skips (sigma <= 0,
     * image too small) are left out with a warning, as are all LoG images when a dimension is below 4 voxels.
     *
     * @param mask ROI voxels (needed by LBP3D only, which computes values inside the ROI and 0 elsewhere)
     */
    public static List<FilteredImage> apply(String imageType, Map<String, Object> customArgs, float[] image,
                                            boolean[] mask, int nx, int ny, int nz, double[] spacing,
                                            RadiomicsSettings s) {
        if (nx < 1 || ny < 1 || nz < 1 || image.length != (long) nx * ny * nz)
            throw new IllegalArgumentException("image has " + image.length + " voxels, expected " + nx + "x" + ny + "x" + nz);
        if (mask != null && mask.length != image.length)
            throw new IllegalArgumentException("mask has " + mask.length + " voxels, image " + image.length);
        if (spacing == null || spacing.length != 3 || !(spacing[0] > 0 && spacing[1] > 0 && spacing[2] > 0))
            throw new SpineRadException("Image type " + imageType + ": voxel spacing must be 3 positive numbers, found "
                    + Arrays.toString(spacing));
        Map<String, Object> args = customArgs == null ? Map.of() : customArgs;
        return switch (ImageType.of(imageType)) {
            case ORIGINAL -> List.of(new FilteredImage("original", image));
            case LOG -> log(args, image, nx, ny, nz, spacing, s);
            case WAVELET -> {
                int level = num(args, "level", s.level).intValue(), start = num(args, "start_level", s.startLevel).intValue();
                if (level < 1 || start < 0)
                    throw new SpineRadException("Wavelet needs level >= 1 and start_level >= 0, found " + level + ", " + start);
                yield WaveletFilter.apply(image, nx, ny, nz, str(args, "wavelet", s.wavelet), level, start,
                        waveletAxes(args, s));
            }
            case SQUARE -> List.of(new FilteredImage("square", IntensityFilters.square(image)));
            case SQUARE_ROOT -> List.of(new FilteredImage("squareroot", IntensityFilters.squareRoot(image)));
            case LOGARITHM -> List.of(new FilteredImage("logarithm", IntensityFilters.logarithm(image)));
            case EXPONENTIAL -> List.of(new FilteredImage("exponential", IntensityFilters.exponential(image)));
            case GRADIENT -> List.of(new FilteredImage("gradient", GradientFilter.apply(image, nx, ny, nz, spacing,
                    bool(args, "gradientUseSpacing", s.gradientUseSpacing))));
            case LBP3D -> {
                if (mask == null) throw new IllegalArgumentException("LBP3D needs the ROI mask");
                int levels = num(args, "lbp3DLevels", s.lbp3DLevels).intValue();
                double radius = num(args, "lbp3DIcosphereRadius", s.lbp3DIcosphereRadius).doubleValue();
                int subdivisions = num(args, "lbp3DIcosphereSubdivision", s.lbp3DIcosphereSubdivision).intValue();
                if (levels < 1 || !(radius > 0) || subdivisions < 0 || subdivisions > 6)
                    throw new SpineRadException("LBP3D needs lbp3DLevels >= 1, lbp3DIcosphereRadius > 0 and "
                            + "lbp3DIcosphereSubdivision in 0..6");
                yield Lbp3dFilter.apply(image, mask, nx, ny, nz, levels, radius, subdivisions);
            }
            case LBP2D -> {
                if (!bool(args, "force2D", s.force2D))
                    LOG.log(System.Logger.Level.WARNING,
                            "Calculating Local Binary Pattern in 2D, but extracting features in 3D. Use with caution!");
                yield List.of(new FilteredImage("lbp-2D", Lbp2dFilter.apply(image, nx, ny, nz,
                        num(args, "lbp2DRadius", s.lbp2DRadius).doubleValue(),
                        num(args, "lbp2DSamples", s.lbp2DSamples).intValue(), str(args, "lbp2DMethod", s.lbp2DMethod),
                        num(args, "force2Ddimension", s.force2Ddimension).intValue())));
            }
        };
    }

    /** The prefixes a configuration produces when no image is skipped (column names for the extractor). */
    public static List<String> prefixes(String imageType, Map<String, Object> customArgs, RadiomicsSettings s) {
        Map<String, Object> args = customArgs == null ? Map.of() : customArgs;
        return switch (ImageType.of(imageType)) {
            case ORIGINAL -> List.of("original");
            case LOG -> sigmas(args, s).stream().filter(sg -> sg.doubleValue() > 0).map(ImageFilters::logName).toList();
            case WAVELET -> WaveletFilter.prefixes(num(args, "level", s.level).intValue(), waveletAxes(args, s).length);
            case SQUARE -> List.of("square");
            case SQUARE_ROOT -> List.of("squareroot");
            case LOGARITHM -> List.of("logarithm");
            case EXPONENTIAL -> List.of("exponential");
            case GRADIENT -> List.of("gradient");
            case LBP2D -> List.of("lbp-2D");
            case LBP3D -> Lbp3dFilter.prefixes(num(args, "lbp3DLevels", s.lbp3DLevels).intValue());
        };
    }

    /** PyRadiomics' LoG name: 'log-sigma-%s-mm-3D' % str(sigma).replace('.', '-'). */
    public static String logName(Number sigma) {
        return "log-sigma-" + PyFormat.str(sigma).replace('.', '-') + "-mm-3D";
    }

    private static List<FilteredImage> log(Map<String, Object> args, float[] image, int nx, int ny, int nz,
                                           double[] spacing, RadiomicsSettings s) {
        int[] size = {nx, ny, nz};
        List<FilteredImage> out = new ArrayList<>();
        if (Math.min(nx, Math.min(ny, nz)) < 4) {
            LOG.log(System.Logger.Level.WARNING, "Image too small to apply LoG filter, size: " + Arrays.toString(size));
            return out;
        }
        String method = str(args, "logMethod", "recursive");
        if (!method.equals("recursive") && !method.equals("exact"))
            throw new SpineRadException("logMethod must be 'recursive' or 'exact', found '" + method + "'");
        for (Number sigma : sigmas(args, s)) {
            double sg = sigma.doubleValue();
            if (!(sg > 0))
                LOG.log(System.Logger.Level.WARNING, "applyLoG: sigma must be greater than 0.0: " + sg);
            else if (!LogFilter.largeEnough(size, spacing, sg))
                LOG.log(System.Logger.Level.WARNING, "applyLoG: sigma(" + sg + ")/spacing(" + Arrays.toString(spacing)
                        + ") + 1 must be greater than the size(" + Arrays.toString(size) + ") of the inputImage");
            else out.add(new FilteredImage(logName(sigma), method.equals("exact")
                    ? LogFilter.apply(image, nx, ny, nz, spacing, sg)
                    : LogFilter.applyRecursive(image, nx, ny, nz, spacing, sg)));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<Number> sigmas(Map<String, Object> args, RadiomicsSettings s) {
        Object v = args.get("sigma");
        if (v == null) return new ArrayList<>(s.sigma);
        if (v instanceof Number n) return List.of(n);
        if (v instanceof List<?> l) {
            for (Object o : l)
                if (!(o instanceof Number)) throw new SpineRadException("LoG sigma must be numbers, found '" + o + "'");
            return (List<Number>) l;
        }
        throw new SpineRadException("LoG sigma must be a list of numbers, found '" + v + "'");
    }

    /** PyRadiomics' axes (numpy 2, 1, 0 = x, y, z), without force2Ddimension (numpy axis) when force2D. */
    private static int[] waveletAxes(Map<String, Object> args, RadiomicsSettings s) {
        if (!bool(args, "force2D", s.force2D)) return new int[]{0, 1, 2};
        int removed = 2 - num(args, "force2Ddimension", s.force2Ddimension).intValue();
        return Arrays.stream(new int[]{0, 1, 2}).filter(a -> a != removed).toArray();
    }

    private static Number num(Map<String, Object> args, String key, Number fallback) {
        Object v = args.get(key);
        if (v == null) return fallback;
        if (v instanceof Number n) return n;
        throw new SpineRadException("Image type setting '" + key + "' must be a number, found '" + v + "'");
    }

    private static String str(Map<String, Object> args, String key, String fallback) {
        Object v = args.get(key);
        return v == null ? fallback : v.toString();
    }

    private static boolean bool(Map<String, Object> args, String key, boolean fallback) {
        Object v = args.get(key);
        if (v == null) return fallback;
        if (v instanceof Boolean b) return b;
        throw new SpineRadException("Image type setting '" + key + "' must be true or false, found '" + v + "'");
    }
}
