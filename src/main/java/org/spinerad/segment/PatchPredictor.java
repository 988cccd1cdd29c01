package org.spinerad.segment;

/** A network that maps one image patch to class logits; implemented by the DJL U-Net and by TorchScript models. */
public interface PatchPredictor extends AutoCloseable {
    /** Number of output classes (channels of the logits). */
    int classes();

    /**
     * Logits of one patch.
     *
     * @param patch voxels of a {@code size[0] x size[1] x size[2]} (x, y, z) patch, x fastest
     * @return {@code classes() * patch.length} logits, channel-major, each channel x fastest
     */
    float[] predict(float[] patch, int[] size);

    @Override
    default void close() { }
}
