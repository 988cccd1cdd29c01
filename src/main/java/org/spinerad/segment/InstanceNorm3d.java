package org.spinerad.segment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;

/**
 * Instance normalisation of {@code (B, C, D, H, W)} activations: each sample's channel is shifted to mean 0 and scaled
 * to variance 1 (biased, over its D·H·W voxels, plus {@code eps}), then multiplied by a learned per-channel gamma and
 * shifted by beta — {@code torch.nn.InstanceNorm3d(C, affine=True)}. DJL has no such block; the means are sums over
 * the spatial axes divided by the voxel count (an array in the activations' manager, so it survives until backward).
 */
public final class InstanceNorm3d extends AbstractBlock {
    private static final int[] SPATIAL = {2, 3, 4};
    private final int channels;
    private final float eps;
    private final Parameter gamma, beta;

    public InstanceNorm3d(int channels, float eps) {
        super((byte) 1);
        this.channels = channels;
        this.eps = eps;
        gamma = addParameter(Parameter.builder().setName("gamma").setType(Parameter.Type.GAMMA)
                .optShape(new Shape(channels)).optInitializer(new ConstantInitializer(1)).build());
        beta = addParameter(Parameter.builder().setName("beta").setType(Parameter.Type.BETA)
                .optShape(new Shape(channels)).optInitializer(new ConstantInitializer(0)).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.head();
        Shape s = x.getShape();
        NDManager m = x.getManager();
        NDArray count = m.create((float) (s.get(2) * s.get(3) * s.get(4)));
        NDArray mean = x.sum(SPATIAL, true).div(count);
        NDArray centred = x.sub(mean);
        NDArray variance = centred.square().sum(SPATIAL, true).div(count);
        NDArray normed = centred.div(variance.add(m.create(eps)).sqrt());
        NDArray g = ps.getValue(gamma, x.getDevice(), training).reshape(1, channels, 1, 1, 1);
        NDArray b = ps.getValue(beta, x.getDevice(), training).reshape(1, channels, 1, 1, 1);
        return new NDList(normed.mul(g).add(b));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) { return new Shape[]{inputShapes[0]}; }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) { }
}
