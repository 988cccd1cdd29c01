package org.spinerad.radiomics.filters;

import java.util.Arrays;
import java.util.stream.Collectors;

import org.spinerad.util.SpineRadException;

/** PyRadiomics image types, by their parameter-file names (section "imageType"). */
public enum ImageType {
    ORIGINAL("Original"), LOG("LoG"), WAVELET("Wavelet"), SQUARE("Square"), SQUARE_ROOT("SquareRoot"),
    LOGARITHM("Logarithm"), EXPONENTIAL("Exponential"), GRADIENT("Gradient"), LBP2D("LBP2D"), LBP3D("LBP3D");

    /** The PyRadiomics name, e.g. "SquareRoot". */
    public final String pyName;

    ImageType(String pyName) { this.pyName = pyName; }

    /** Looks up a PyRadiomics image-type name (leniently case-insensitive; PyRadiomics itself is case-sensitive). */
    public static ImageType of(String name) {
        for (ImageType t : values()) if (t.pyName.equalsIgnoreCase(name)) return t;
        throw new SpineRadException("Unknown image type '" + name + "'; valid: "
                + Arrays.stream(values()).map(t -> t.pyName).collect(Collectors.joining(", ")));
    }
}
