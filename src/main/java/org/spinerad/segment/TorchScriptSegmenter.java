package org.spinerad.segment;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import org.spinerad.util.OwnClassLoader;
import org.spinerad.util.SpineRadException;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs any TorchScript segmentation network (e.g. exported from PyTorch/nnU-Net with {@code torch.jit.trace}) that
 * maps {@code (1, 1, D, H, W)} float patches to {@code (1, C, D, H, W)} logits. Its model folder holds the
 * {@code .pt} file and a {@link ModelManifest} with architecture {@code torchscript}, spacing, patch size,
 * normalisation and labels; inference then is the same pipeline as for the DJL U-Net ({@link Segmenter}).
 */
public final class TorchScriptSegmenter implements PatchPredictor {
    private final ZooModel<NDList, NDList> model;
    private final Predictor<NDList, NDList> predictor;
    private final int classes;
    private final Path file;

    private TorchScriptSegmenter(ZooModel<NDList, NDList> model, int classes, Path file) {
        this.model = model;
        this.predictor = model.newPredictor();
        this.classes = classes;
        this.file = file;
    }

    /** Loads the TorchScript file named in the manifest from the model folder. */
    public static TorchScriptSegmenter load(Path dir, ModelManifest m) {
        Path file = dir.resolve(m.parameterFile());
        if (!Files.isRegularFile(file)) throw new SpineRadException(file + ": TorchScript file not found");
        DjlSupport.engine();
        Criteria<NDList, NDList> criteria = Criteria.builder().setTypes(NDList.class, NDList.class)
                .optEngine(DjlSupport.ENGINE).optModelPath(file.toAbsolutePath()).optTranslator(new NoopTranslator()).build();
        try {
            return new TorchScriptSegmenter(OwnClassLoader.call(criteria::loadModel), m.classes(), file);
        } catch (Exception e) { // IOException, ModelNotFoundException, MalformedModelException, engine errors
            throw new SpineRadException(file + ": cannot load the TorchScript model (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public int classes() { return classes; }

    @Override
    public float[] predict(float[] patch, int[] size) {
        try (NDManager sub = model.getNDManager().newSubManager()) {
            NDArray x = sub.create(patch, new Shape(1, 1, size[2], size[1], size[0]));
            NDArray y = predictor.predict(new NDList(x)).head();
            Shape expected = new Shape(1, classes, size[2], size[1], size[0]);
            if (!y.getShape().equals(expected))
                throw new SpineRadException(file + ": the TorchScript model returned " + y.getShape() + " for a patch of "
                        + x.getShape() + "; expected " + expected + " (classes from the manifest)");
            return y.toFloatArray();
        } catch (TranslateException e) {
            throw new SpineRadException(file + ": TorchScript inference failed (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public void close() {
        predictor.close();
        model.close();
    }
}
