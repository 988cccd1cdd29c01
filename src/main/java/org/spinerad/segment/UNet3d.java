package org.spinerad.segment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv3d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.List;

/**
 * 3D U-Net (Çiçek et al. 2016, in nnU-Net's form): an encoder of {@code depth} levels, each two
 * conv3x3x3-norm-LeakyReLU units (the first of levels > 0 with stride 2), a decoder that upsamples with a stride-2
 * transposed convolution ({@link UpConv3d}), concatenates the encoder features of the same level (skip connection)
 * and applies two more units, and a 1x1x1 convolution to class logits. Input {@code (B, C_in, D, H, W)} with D, H, W
 * divisible by {@link UNetConfig#sizeDivisor()}; output logits {@code (B, classes, D, H, W)}.
 */
public final class UNet3d extends AbstractBlock {
    private final UNetConfig config;
    private final List<Block> encoders = new ArrayList<>(), ups = new ArrayList<>(), decoders = new ArrayList<>();
    private final Conv3d head;

    public UNet3d(UNetConfig config) {
        super((byte) 1);
        this.config = config;
        for (int l = 0; l < config.depth(); l++)
            encoders.add(addChildBlock("enc" + l, stage(config.channels(l), l > 0 ? 2 : 1)));
        for (int l = 0; l < config.depth() - 1; l++) {
            ups.add(addChildBlock("up" + l, new UpConv3d(config.channels(l))));
            decoders.add(addChildBlock("dec" + l, stage(config.channels(l), 1)));
        }
        head = addChildBlock("head", Conv3d.builder().setKernelShape(new Shape(1, 1, 1)).setFilters(config.classes()).build());
        // He initialisation (Gaussian, fan-in, gain 2) for the LeakyReLU network
        setInitializer(new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.IN, 2),
                Parameter.Type.WEIGHT);
    }

    public UNetConfig config() { return config; }

    private SequentialBlock stage(int channels, int firstStride) {
        SequentialBlock s = new SequentialBlock();
        for (int i = 0; i < 2; i++) {
            int stride = i == 0 ? firstStride : 1;
            s.add(Conv3d.builder().setKernelShape(new Shape(3, 3, 3)).optPadding(new Shape(1, 1, 1))
                    .optStride(new Shape(stride, stride, stride)).setFilters(channels).build());
            s.add(config.norm() == UNetConfig.Norm.INSTANCE ? new InstanceNorm3d(channels, 1e-5f)
                    : BatchNorm.builder().optEpsilon(1e-5f).optMomentum(0.9f).build());
            s.add(Activation.leakyReluBlock(config.negativeSlope()));
        }
        return s;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.head();
        List<NDArray> skips = new ArrayList<>();
        for (Block enc : encoders) {
            x = enc.forward(ps, new NDList(x), training).head();
            skips.add(x);
        }
        for (int l = config.depth() - 2; l >= 0; l--) {
            NDArray up = ups.get(l).forward(ps, new NDList(x), training).head();
            x = decoders.get(l).forward(ps, new NDList(skips.get(l).concat(up, 1)), training).head();
        }
        return head.forward(ps, new NDList(x), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] in) {
        Shape s = in[0];
        return new Shape[]{new Shape(s.get(0), config.classes(), s.get(2), s.get(3), s.get(4))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape s = inputShapes[0];
        long b = s.get(0);
        Shape[] levelShapes = new Shape[config.depth()];
        Shape x = s;
        for (int l = 0; l < config.depth(); l++) {
            encoders.get(l).initialize(manager, dataType, x);
            x = encoders.get(l).getOutputShapes(new Shape[]{x})[0];
            levelShapes[l] = x;
        }
        for (int l = config.depth() - 2; l >= 0; l--) {
            ups.get(l).initialize(manager, dataType, x);
            Shape skip = levelShapes[l];
            Shape cat = new Shape(b, 2L * config.channels(l), skip.get(2), skip.get(3), skip.get(4));
            decoders.get(l).initialize(manager, dataType, cat);
            x = decoders.get(l).getOutputShapes(new Shape[]{cat})[0];
        }
        head.initialize(manager, dataType, x);
    }
}
