package org.spinerad.radiomics.filters;

/**
 * One derived image of an image type: PyRadiomics' image-type prefix (e.g. "original", "log-sigma-3-0-mm-3D",
 * "wavelet-LLH") used in feature column names, and the voxel values on the input grid (x fastest, then y, then z).
 */
public record FilteredImage(String prefix, float[] data) {}
