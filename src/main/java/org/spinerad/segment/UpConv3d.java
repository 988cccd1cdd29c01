package org.spinerad.segment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.convolutional.Conv3d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Transposed 3D convolution with kernel 2 and stride 2 (DJL's PyTorch engine lacks ConvTranspose3d). Because the
 * kernel equals the stride, every input voxel writes its own disjoint 2x2x2 output block:
 * {@code out[b, o, 2d+i, 2h+j, 2w+k] = bias[o,i,j,k] + sum_c in[b, c, d, h, w] * W[o,i,j,k][c]}, which is a 1x1x1
 * convolution to {@code 8 * out} channels (channel {@code o*8 + i*4 + j*2 + k}) followed by a reshape and permute.
 * With all 8 biases of a channel equal it is exactly {@code torch.nn.ConvTranspose3d(in, out, 2, stride=2)}.
 */
public final class UpConv3d extends AbstractBlock {
    private final int outChannels;
    private final Conv3d conv;

    public UpConv3d(int outChannels) {
        super((byte) 1);
        this.outChannels = outChannels;
        conv = addChildBlock("conv", Conv3d.builder().setKernelShape(new Shape(1, 1, 1)).setFilters(8 * outChannels).build());
    }

    /** The underlying 1x1x1 convolution (weights {@code (8*out, in, 1, 1, 1)}, bias {@code (8*out)}). */
    public Conv3d conv() { return conv; }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray y = conv.forward(ps, inputs, training).head();
        Shape s = y.getShape();
        long b = s.get(0), d = s.get(2), h = s.get(3), w = s.get(4);
        return new NDList(y.reshape(b, outChannels, 2, 2, 2, d, h, w).transpose(0, 1, 5, 2, 6, 3, 7, 4)
                .reshape(b, outChannels, 2 * d, 2 * h, 2 * w));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] in) {
        Shape s = in[0];
        return new Shape[]{new Shape(s.get(0), outChannels, 2 * s.get(2), 2 * s.get(3), 2 * s.get(4))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        conv.initialize(manager, dataType, inputShapes[0]);
    }
}
