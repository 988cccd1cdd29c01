package org.spinerad.segment;

import org.spinerad.image.DataType;
import org.spinerad.image.Geometry;
import org.spinerad.image.LabelMap;
import org.spinerad.image.Volume;
import org.spinerad.util.Progress;
import org.spinerad.util.SpineRadException;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Segments a CT volume with a model folder (DJL U-Net or TorchScript): resample to the model spacing (trilinear),
 * normalise as in the manifest, sliding-window inference with Gaussian weighting, trilinear resampling of the
 * logits back to the input grid with argmax, largest connected component per label and top-to-bottom relabelling
 * of the vertebrae. Axes shorter than the patch are padded with the normalised lower clip value (air) and cropped
 * back. The result is a label map on the input grid with the manifest's label names.
 */
public final class Segmenter implements AutoCloseable {
    /** The model shipped with SpineRad (column classes, trained on real CTs and phantoms), relative to the installation folder. */
    public static final String DEFAULT_MODEL = "models/unet-spine-column";
    /** The earlier level model (L1..L5 classes, phantoms only, LPS input only), kept for comparison. */
    public static final String PHANTOM_MODEL = "models/unet-spine-phantom";

    private final ModelManifest manifest;
    private final PatchPredictor net;
    private double overlap = 0.5;

    public Segmenter(ModelManifest manifest, PatchPredictor net) {
        this.manifest = manifest;
        this.net = net;
        if (net.classes() != manifest.classes())
            throw new SpineRadException("the network has " + net.classes() + " output classes but its manifest lists "
                    + manifest.classes() + " (background + " + manifest.labels().size() + " labels)");
    }

    private static void extractResource(String name, Path dir) throws java.io.IOException {
        try (java.io.InputStream in = Segmenter.class.getResourceAsStream("/" + DEFAULT_MODEL + "/" + name)) {
            if (in == null) throw new SpineRadException("the default model " + DEFAULT_MODEL + " was not found under "
                    + "$SPINERAD_HOME, the working folder, the Fiji folder or in the SpineRad jar; pass --model");
            Files.copy(in, dir.resolve(name));
        }
    }

    /** Loads a model folder; the architecture in its manifest picks the DJL U-Net or the TorchScript loader. */
    public static Segmenter load(Path dir) {
        if (!Files.isDirectory(dir)) throw new SpineRadException(dir + ": model folder not found");
        ModelManifest m = ModelManifest.read(dir);
        PatchPredictor p = m.architecture().equals(ModelManifest.UNET) ? UNetPredictor.load(dir, m)
                : TorchScriptSegmenter.load(dir, m);
        return new Segmenter(m, p);
    }

    private static Path extracted;

    /**
     * The shipped model: {@code $SPINERAD_HOME/models/...}, the working folder or the Fiji folder when it is there,
     * otherwise the copy bundled in the SpineRad jar (extracted once per session to a temporary folder).
     */
    public static synchronized Path defaultModel() {
        for (String base : new String[]{System.getenv("SPINERAD_HOME"), System.getProperty("user.dir"), System.getProperty("fiji.dir")}) {
            if (base == null) continue;
            Path p = Path.of(base).resolve(DEFAULT_MODEL);
            if (Files.isRegularFile(p.resolve(ModelManifest.FILE))) return p;
        }
        if (extracted != null) return extracted;
        try {
            Path dir = Files.createTempDirectory("spinerad-model");
            extractResource(ModelManifest.FILE, dir);
            extractResource(ModelManifest.read(dir).parameterFile(), dir);
            extracted = dir;
            return dir;
        } catch (java.io.IOException e) {
            throw new SpineRadException("cannot extract the bundled model " + DEFAULT_MODEL + " (" + e.getMessage() + ")", e);
        }
    }

    public ModelManifest manifest() { return manifest; }

    public Segmenter overlap(double v) {
        if (!(v >= 0 && v < 1)) throw new SpineRadException("overlap must be in [0, 1), got " + v);
        overlap = v;
        return this;
    }

    /** The label map of a CT volume, on the volume's grid. */
    public LabelMap segment(Volume image, Progress progress) {
        return segmentWithReport(image, progress).labels();
    }

    /**
     * Labels, levels found and warnings. A column model ({@link ColumnClasses}) runs the orientation-safe
     * localise-then-segment cascade of {@link ColumnSegmenter}; an older level model runs the direct pipeline below.
     */
    public ColumnSegmenter.Result segmentWithReport(Volume image, Progress progress) {
        if (ColumnClasses.usedBy(manifest)) return new ColumnSegmenter(manifest, net, overlap).segment(image, progress);
        return new ColumnSegmenter.Result(segmentLevels(image, progress), java.util.List.of(), java.util.List.of());
    }

    private LabelMap segmentLevels(Volume image, Progress progress) {
        Geometry g = image.geometry();
        int[] dims = g.dims();
        int[] modelDims = Resample.dimsAt(g, manifest.spacing());
        if (manifest.unet() != null) DjlSupport.checkMemory(manifest.unet(), manifest.patchSize(), 1, false);
        // resample, then normalise: the order training uses (segment.training.UNetTrainer.prepare)
        float[] normalised = manifest.normalization().apply(Resample.linear(image.floats(), dims, modelDims));
        float[] logits = SlidingWindow.predict(normalised, modelDims, manifest.patchSize(), overlap, net,
                manifest.normalization().padValue(), progress);
        int[] classes = java.util.Arrays.equals(dims, modelDims) ? SlidingWindow.argmax(logits, manifest.classes())
                : Resample.argmaxLinear(logits, manifest.classes(), modelDims, dims);
        int[] labels = toLabels(classes, g);
        Volume out = Volume.create(g, DataType.UINT8);
        byte[] dst = (byte[]) out.array();
        for (int i = 0; i < dst.length; i++) dst[i] = (byte) labels[i];
        out.metadata().put("source", "SpineRad segmentation, model " + manifest.architecture() + ", SpineRad " + manifest.spineradVersion());
        return new LabelMap(out, manifest.labelNames());
    }

    /** Class indices to label values with post-processing (largest component per label, positional relabelling). */
    public int[] toLabels(int[] classes, Geometry g) {
        int[] values = manifest.labelValues();
        int[] labels = new int[classes.length];
        for (int i = 0; i < classes.length; i++) labels[i] = classes[i] == 0 ? 0 : values[classes[i] - 1];
        if (ColumnClasses.usedBy(manifest)) return labels;
        PostProcess.keepLargestComponents(labels, g.dims(), values);
        if (manifest.relabelByPosition()) PostProcess.relabelTopToBottom(labels, g, values);
        return labels;
    }

    @Override
    public void close() { net.close(); }
}
