package org.spinerad.deep;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv3d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.TruncatedNormalInitializer;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.List;

/**
 * The 3D vision transformer as a trainable DJL block. Input {@code (B, 1, S, S, S)}; the patch embedding is a Conv3d
 * with kernel = stride = patch size, followed by a learnable position embedding, {@code depth} pre-norm encoder
 * layers, mean pooling over the patch tokens and a LayerNorm + linear binary head.
 *
 * <p>Outputs: {@code [0]} logit {@code (B)}, {@code [1]} pooled representation {@code (B, dim)} (the mean over patch
 * tokens of the last encoder layer's output, the "penultimate" deep feature vector), {@code [2]} token outputs
 * {@code (B, tokens, dim)}.
 */
public final class Vit3d extends AbstractBlock {
    private static final byte VERSION = 1;

    private final VitConfig config;
    private final Conv3d patchEmbed;
    private final Parameter posEmbed;
    private final List<EncoderLayer> layers = new ArrayList<>();
    private final LayerNorm headNorm;
    private final Linear head;

    public Vit3d(VitConfig config) {
        super(VERSION);
        this.config = config;
        int p = config.patchSize();
        patchEmbed = addChildBlock("patch_embed", Conv3d.builder().setKernelShape(new Shape(p, p, p))
                .optStride(new Shape(p, p, p)).setFilters(config.dim()).build());
        posEmbed = addParameter(Parameter.builder().setName("pos_embed").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(1, config.tokens(), config.dim())).build());
        for (int i = 0; i < config.depth(); i++)
            layers.add(addChildBlock(String.format("layer%02d", i), new EncoderLayer(config)));
        headNorm = addChildBlock("head_norm", LayerNorm.builder().axis(1).optEpsilon(config.layerNormEps()).build());
        head = addChildBlock("head", Linear.builder().setUnits(1).build());
        setInitializer(new TruncatedNormalInitializer(0.02f), Parameter.Type.WEIGHT);
    }

    public VitConfig config() { return config; }

    /** Whether a parameter (by its full name from {@link #getParameters()}) belongs to the binary head. */
    public static boolean isHeadParameter(String name) { return name.matches("\\d+head(_norm)?_.*"); }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.head();
        long batch = x.getShape().get(0);
        NDArray patches = patchEmbed.forward(ps, new NDList(x), training).head();
        NDArray tokens = patches.reshape(batch, config.dim(), config.tokens()).transpose(0, 2, 1)
                .add(ps.getValue(posEmbed, x.getDevice(), training));
        for (EncoderLayer layer : layers) {
            if (training) {
                tokens = layer.forward(ps, new NDList(tokens), true).head();
                continue;
            }
            // inference: free each layer's intermediates as soon as its output exists (peak memory of one layer)
            try (NDManager scope = NDManager.subManagerOf(tokens)) {
                scope.tempAttachAll(tokens);
                tokens = scope.ret(layer.forward(ps, new NDList(tokens), false).head());
            }
        }
        NDArray pooled = tokens.mean(new int[]{1});
        NDArray normed = headNorm.forward(ps, new NDList(pooled), training).head();
        NDArray logit = head.forward(ps, new NDList(normed), training).head().reshape(batch);
        return new NDList(logit, pooled, tokens);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long b = inputShapes[0].get(0);
        return new Shape[]{new Shape(b), new Shape(b, config.dim()), new Shape(b, config.tokens(), config.dim())};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long b = inputShapes[0].get(0);
        patchEmbed.initialize(manager, dataType, inputShapes[0]);
        Shape tokenShape = new Shape(b, config.tokens(), config.dim());
        for (EncoderLayer layer : layers) layer.initialize(manager, dataType, tokenShape);
        headNorm.initialize(manager, dataType, new Shape(b, config.dim()));
        head.initialize(manager, dataType, new Shape(b, config.dim()));
    }

    /** Pre-norm transformer encoder layer: x + Attn(LN(x)), then x + MLP(LN(x)) with GELU. */
    static final class EncoderLayer extends AbstractBlock {
        private final VitConfig config;
        private final LayerNorm norm1, norm2;
        private final Linear qkv, proj, fc1, fc2;

        EncoderLayer(VitConfig config) {
            super(VERSION);
            this.config = config;
            norm1 = addChildBlock("norm1", LayerNorm.builder().axis(2).optEpsilon(config.layerNormEps()).build());
            qkv = addChildBlock("qkv", Linear.builder().setUnits(3L * config.innerDim()).optBias(false).build());
            proj = addChildBlock("proj", Linear.builder().setUnits(config.dim()).build());
            norm2 = addChildBlock("norm2", LayerNorm.builder().axis(2).optEpsilon(config.layerNormEps()).build());
            fc1 = addChildBlock("fc1", Linear.builder().setUnits(config.mlpDim()).build());
            fc2 = addChildBlock("fc2", Linear.builder().setUnits(config.dim()).build());
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
            NDArray x = inputs.head();
            Shape s = x.getShape();
            long b = s.get(0), n = s.get(1);
            int h = config.heads(), dh = config.headDim();
            NDArray qkvOut = qkv.forward(ps, new NDList(norm1.forward(ps, new NDList(x), training).head()), training).head()
                    .reshape(b, n, 3, h, dh).transpose(2, 0, 3, 1, 4); // (3, B, H, N, dh)
            // the scale is an array in the activations' manager: a Number scalar could be freed before backward
            NDArray scale = x.getManager().create((float) (1 / Math.sqrt(dh)));
            NDArray q = qkvOut.get(0).mul(scale), k = qkvOut.get(1), v = qkvOut.get(2);
            NDArray attention = q.matMul(k.transpose(0, 1, 3, 2)).softmax(-1);
            NDArray context = attention.matMul(v).transpose(0, 2, 1, 3).reshape(b, n, config.innerDim());
            x = x.add(proj.forward(ps, new NDList(context), training).head());
            NDArray hidden = fc1.forward(ps, new NDList(norm2.forward(ps, new NDList(x), training).head()), training).head();
            x = x.add(fc2.forward(ps, new NDList(ai.djl.nn.Activation.gelu(hidden)), training).head());
            return new NDList(x);
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) { return new Shape[]{inputShapes[0]}; }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            Shape in = inputShapes[0];
            long b = in.get(0), n = in.get(1);
            norm1.initialize(manager, dataType, in);
            qkv.initialize(manager, dataType, in);
            proj.initialize(manager, dataType, new Shape(b, n, config.innerDim()));
            norm2.initialize(manager, dataType, in);
            fc1.initialize(manager, dataType, in);
            fc2.initialize(manager, dataType, new Shape(b, n, config.mlpDim()));
        }
    }
}
