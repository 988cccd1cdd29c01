package org.spinerad.segment.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.loss.Loss;

/**
 * nnU-Net's training loss: cross-entropy plus (1 - soft Dice), the Dice computed over the whole batch per foreground
 * class ({@code (2 sum p g + s) / (sum p + sum g + s)}, smooth s = 1e-5) and averaged over classes 1..C-1.
 * Labels are one-hot {@code (B, C, D, H, W)}, predictions logits of the same shape. Scalars are arrays in the
 * activations' manager so they stay alive until backward.
 */
public final class DiceCeLoss extends Loss {
    private static final int[] BATCH_SPATIAL = {0, 2, 3, 4};

    public DiceCeLoss() { super("dice_ce"); }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray target = labels.head(), logits = predictions.head();
        NDManager m = logits.getManager();
        long voxels = logits.getShape().size() / logits.getShape().get(1);
        NDArray ce = target.mul(logits.logSoftmax(1)).sum().neg().div(m.create((float) voxels));
        NDArray p = logits.softmax(1);
        NDArray smooth = m.create(1e-5f);
        NDArray intersection = p.mul(target).sum(BATCH_SPATIAL);
        NDArray denominator = p.sum(BATCH_SPATIAL).add(target.sum(BATCH_SPATIAL));
        NDArray dice = intersection.mul(m.create(2f)).add(smooth).div(denominator.add(smooth));
        long classes = dice.getShape().get(0);
        NDArray foregroundDice = dice.get("1:").sum().div(m.create((float) (classes - 1)));
        return ce.add(m.create(1f)).sub(foregroundDice);
    }
}
