package org.spinerad.segment;

import org.spinerad.util.SpineRadException;

/**
 * Architecture of a {@link UNet3d}: {@code depth} resolution levels with {@code baseChannels * 2^level} feature maps
 * (capped at {@code maxChannels}), two 3x3x3 convolution + normalisation + LeakyReLU blocks per level, stride-2
 * convolutions for downsampling and stride-2 transposed convolutions for upsampling (as nnU-Net).
 *
 * @param inChannels    image channels (1 for CT)
 * @param classes       output classes including background
 * @param baseChannels  feature maps of the first level
 * @param depth         resolution levels (patch sizes must be divisible by {@code 2^(depth-1)})
 * @param maxChannels   cap on the feature maps of the deep levels
 * @param norm          instance (nnU-Net default) or batch normalisation
 * @param negativeSlope slope of the LeakyReLU for negative inputs
 */
public record UNetConfig(int inChannels, int classes, int baseChannels, int depth, int maxChannels, Norm norm,
                         float negativeSlope) {

    public enum Norm { INSTANCE, BATCH }

    public UNetConfig {
        if (inChannels < 1 || classes < 2 || baseChannels < 1 || depth < 1 || depth > 7 || maxChannels < baseChannels)
            throw new SpineRadException("invalid U-Net configuration: inChannels " + inChannels + ", classes " + classes
                    + ", baseChannels " + baseChannels + ", depth " + depth + " (1..7), maxChannels " + maxChannels);
        if (norm == null) throw new SpineRadException("invalid U-Net configuration: no normalisation given");
        if (!(negativeSlope >= 0 && negativeSlope < 1))
            throw new SpineRadException("invalid U-Net configuration: LeakyReLU slope must be in [0, 1), got " + negativeSlope);
    }

    /** One input channel, instance norm, LeakyReLU slope 0.01, at most 320 feature maps. */
    public static UNetConfig of(int classes, int baseChannels, int depth) {
        return new UNetConfig(1, classes, baseChannels, depth, 320, Norm.INSTANCE, 0.01f);
    }

    public UNetConfig withNorm(Norm n) {
        return new UNetConfig(inChannels, classes, baseChannels, depth, maxChannels, n, negativeSlope);
    }

    /** Feature maps of a level (0 = full resolution). */
    public int channels(int level) { return (int) Math.min(maxChannels, (long) baseChannels << level); }

    /** Patch sizes must be multiples of this along every axis. */
    public int sizeDivisor() { return 1 << (depth - 1); }
}
