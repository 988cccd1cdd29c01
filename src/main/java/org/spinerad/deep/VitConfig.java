package org.spinerad.deep;

import org.spinerad.util.SpineRadException;

import java.util.Locale;

/**
 * Hyper-parameters of the 3D vision transformer: cubic input of {@code inputSize} voxels per side cut into cubic
 * patches of {@code patchSize}, a pre-norm encoder of {@code depth} layers with {@code dim}-wide tokens, {@code heads}
 * attention heads of width {@code headDim} each (query/key/value projections without bias, as in the common
 * {@code vit-pytorch} 3D ViT) and a GELU MLP of width {@code mlpDim}; {@code layerNormEps} for every LayerNorm.
 */
public record VitConfig(int inputSize, int patchSize, int dim, int depth, int heads, int headDim, int mlpDim,
                        float layerNormEps) {

    public VitConfig {
        if (inputSize < 1 || patchSize < 1 || inputSize % patchSize != 0)
            throw new SpineRadException("ViT config: input size " + inputSize + " must be a positive multiple of the patch size " + patchSize);
        if (dim < 1 || heads < 1 || headDim < 1)
            throw new SpineRadException("ViT config: dim, heads and head width must be >= 1");
        if (depth < 0 || mlpDim < 1 || !(layerNormEps > 0))
            throw new SpineRadException("ViT config: depth must be >= 0, MLP width >= 1 and LayerNorm epsilon > 0");
    }

    /** The studies' network: 128³ input, 16³ patches (512 tokens), dim 1024, 6 layers, 8 heads of 64, MLP 2048 (42.5 M parameters). */
    public static VitConfig studies() { return new VitConfig(128, 16, 1024, 6, 8, 64, 2048, 1e-5f); }

    /** A small network for tests and quick CPU runs: 64³ input, 16³ patches (64 tokens), dim 128, 2 layers, 4 heads of 32, MLP 256. */
    public static VitConfig cpuSmall() { return new VitConfig(64, 16, 128, 2, 4, 32, 256, 1e-5f); }

    /** A preset by name ({@code studies} or {@code cpuSmall}, case-insensitive). */
    public static VitConfig preset(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "studies" -> studies();
            case "cpusmall", "cpu-small", "small" -> cpuSmall();
            default -> throw new SpineRadException("unknown ViT preset '" + name + "' (known: studies, cpuSmall)");
        };
    }

    /** Patches per side. */
    public int grid() { return inputSize / patchSize; }

    /** Patch tokens per volume. */
    public int tokens() { return grid() * grid() * grid(); }

    /** Width of the attention's concatenated heads. */
    public int innerDim() { return heads * headDim; }

    /** Number of trainable scalars (patch embedding, position embedding, encoder, head). */
    public long parameterCount() {
        long p3 = (long) patchSize * patchSize * patchSize;
        long embed = p3 * dim + dim + (long) tokens() * dim;
        long layer = 2L * 2 * dim + 3L * dim * innerDim() + ((long) innerDim() * dim + dim)
                + ((long) dim * mlpDim + mlpDim) + ((long) mlpDim * dim + dim);
        long head = 2L * dim + dim + 1;
        return embed + depth * layer + head;
    }
}
