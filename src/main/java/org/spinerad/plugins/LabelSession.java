package org.spinerad.plugins;

import ij.ImagePlus;
import ij.ImageStack;
import ij.WindowManager;
import ij.gui.Line;
import ij.gui.Roi;
import ij.process.FloatPolygon;
import ij.process.ImageProcessor;
import ij.process.LUT;
import org.spinerad.annotate.AnnotationFiles;
import org.spinerad.annotate.LabelEditor;
import org.spinerad.annotate.SliceMask;
import org.spinerad.annotate.SliceRaster.FillRule;
import org.spinerad.image.Reorientation;
import org.spinerad.annotate.LabelPalette;
import org.spinerad.image.LabelMap;
import org.spinerad.image.SpineLabels;
import org.spinerad.image.DataType;
import org.spinerad.util.SpineRadException;

import java.awt.Rectangle;
import java.util.Locale;

/**
 * The label map annotated for an image: a companion stack titled {@code <image title>-labels} on the same grid
 * (8-bit, or 16-bit for labels above 255) that remembers its image's title, plus the {@link LabelEditor} (with its
 * undo history) kept as an object property of that stack. Before each edit the editor reads the stack's pixels (so
 * edits made with ImageJ's own tools count), after it the stack shows the result.
 */
final class LabelSession {
    static final String SUFFIX = "-labels";
    /** Property of the companion stack: the title of the image it annotates. */
    static final String IMAGE_TITLE = "SpineRad.LabelsOf";
    private static final String EDITOR = "SpineRad.LabelEditor";

    final ImagePlus image; // null when the annotated image is no longer open
    final ImagePlus labels;
    final LabelEditor editor;

    private LabelSession(ImagePlus image, ImagePlus labels, LabelEditor editor) {
        this.image = image;
        this.labels = labels;
        this.editor = editor;
    }

    /**
     * Shows a new companion stack for the image holding the given labels (on the image's displayed grid), draws them
     * as an overlay on the image and keeps the image the current one.
     */
    static ImagePlus attach(ImagePlus image, LabelMap map) {
        LabelMap editable = AnnotationFiles.editable(map, image.getTitle() + SUFFIX);
        ImagePlus labels = ImagePlusAdapter.toImagePlus(editable, image.getTitle() + SUFFIX);
        labels.setProp(IMAGE_TITLE, image.getTitle());
        String source = image.getProp(ImagePlusAdapter.SOURCE_GEOMETRY);
        if (source != null) labels.setProp(ImagePlusAdapter.SOURCE_GEOMETRY, source); // saved in the image file's voxel order
        LabelOverlay.State state = LabelOverlay.state(labels);
        editable.names().forEach(state.palette::put);
        if (labels.getBitDepth() == 8) {
            labels.setLut(labelColours(state.palette));
            labels.setDisplayRange(0, 255); // pixel value = colour index
        }
        labels.setProperty(EDITOR, new LabelEditor(editable));
        labels.setSlice(Math.min(image.getCurrentSlice(), labels.getStackSize()));
        CommandSupport.show(labels);
        LabelOverlay.install(image, labels);
        select(image);
        if (image.getWindow() != null) image.getWindow().toFront(); // the image, with its overlay, is where one draws
        return labels;
    }

    /** {@link #attach} for a label map in the voxel order of the image's file (e.g. read from disk or segmented). */
    static ImagePlus attachSourceOrder(ImagePlus image, LabelMap map) {
        return attach(image, ImagePlusAdapter.reorientation(image).toDisplay(map));
    }

    /** Palette colours for label values 1..255, black background. */
    static LUT labelColours(LabelPalette palette) {
        byte[] r = new byte[256], g = new byte[256], b = new byte[256];
        for (int v = 1; v < 256; v++) {
            int rgb = palette.rgb(v);
            r[v] = (byte) (rgb >> 16);
            g[v] = (byte) (rgb >> 8);
            b[v] = (byte) rgb;
        }
        return new LUT(r, g, b);
    }

    static void select(ImagePlus imp) {
        WindowManager.setTempCurrentImage(imp);
        if (imp.getWindow() != null) WindowManager.setCurrentWindow(imp.getWindow());
    }

    /** The companion of an image, or null. */
    static ImagePlus companionOf(ImagePlus image) {
        ImagePlus labels = WindowManager.getImage(image.getTitle() + SUFFIX);
        return labels != null && image.getTitle().equals(labels.getProp(IMAGE_TITLE)) ? labels : null;
    }

    /** The session of the current image, which may be the annotated image or its label stack. */
    static LabelSession current(String command) { return of(CommandSupport.currentImage(command), command); }

    /** The session of an image, which may be the annotated image, its label stack or one of its orthogonal views. */
    static LabelSession of(ImagePlus current, String command) {
        if (current.getProperty(OrthoViews.VIEW) instanceof OrthoViews.View view) current = view.owner().image;
        String imageTitle = current.getProp(IMAGE_TITLE);
        ImagePlus image = imageTitle != null ? WindowManager.getImage(imageTitle) : current;
        ImagePlus labels = imageTitle != null ? current : companionOf(current);
        if (labels == null)
            throw new SpineRadException("Image '" + current.getTitle() + "' has no label map: run Plugins>SpineRad>Annotate>"
                    + "New Label Map (or Open Label Map...) first");
        if (image != null && (image.getWidth() != labels.getWidth() || image.getHeight() != labels.getHeight()
                || image.getStackSize() != labels.getStackSize()))
            throw new SpineRadException("Label map '" + labels.getTitle() + "' (" + dims(labels) + ") no longer matches image '"
                    + image.getTitle() + "' (" + dims(image) + ")");
        LabelSession s = new LabelSession(image, labels, editorOf(labels));
        s.pull();
        return s;
    }

    /** Names of a label stack's labels (its editor's, else its stored names). */
    static java.util.Map<Integer, String> names(ImagePlus labels) {
        return labels.getProperty(EDITOR) instanceof LabelEditor e ? e.labels().names() : ImagePlusAdapter.decodeNames(labels.getProp(ImagePlusAdapter.LABEL_NAMES));
    }

    private static String dims(ImagePlus imp) { return imp.getWidth() + " x " + imp.getHeight() + " x " + imp.getStackSize(); }

    /** The stored editor when it still fits the stack, else a new one (without history) built from the pixels. */
    private static LabelEditor editorOf(ImagePlus labels) {
        int depth = labels.getBitDepth();
        if (depth != 8 && depth != 16)
            throw new SpineRadException("Label map '" + labels.getTitle() + "' is " + depth + "-bit; label maps are 8- or 16-bit");
        DataType type = depth == 8 ? DataType.UINT8 : DataType.UINT16;
        if (labels.getProperty(EDITOR) instanceof LabelEditor e && e.labels().volume().type() == type
                && e.labels().geometry().sameGrid(ImagePlusAdapter.geometry(labels), 0))
            return e;
        LabelMap map = ImagePlusAdapter.toLabelMap(labels);
        if (map.volume().type() != type) throw new SpineRadException("Label map '" + labels.getTitle() + "' has signed or calibrated pixels");
        LabelEditor e = new LabelEditor(map);
        labels.setProperty(EDITOR, e);
        return e;
    }

    /** Copies the stack's pixels into the editor's label map. */
    private void pull() {
        Object voxels = editor.labels().volume().array();
        ImageStack stack = labels.getStack();
        int plane = labels.getWidth() * labels.getHeight();
        for (int z = 0; z < stack.getSize(); z++) System.arraycopy(stack.getPixels(z + 1), 0, voxels, z * plane, plane);
    }

    /** Shows the editor's label map in the stack. */
    void push() { push(0, labels.getStackSize() - 1); }

    /** Shows slices zFrom..zTo of the editor's label map in the stack (the only ones an edit changed). */
    void push(int zFrom, int zTo) {
        Object voxels = editor.labels().volume().array();
        ImageStack stack = labels.getStack();
        int plane = labels.getWidth() * labels.getHeight();
        for (int z = zFrom; z <= zTo; z++) System.arraycopy(voxels, z * plane, stack.getPixels(z + 1), 0, plane);
        labels.changes = true;
        labels.updateAndDraw();
        if (image != null) LabelOverlay.draw(image, labels);
    }

    /** Display order of the annotated image (the label stack keeps the same source grid when the image was closed). */
    Reorientation order() { return ImagePlusAdapter.reorientation(image != null ? image : labels); }

    /** The labels in the voxel order and grid of the image's file. */
    LabelMap sourceLabels() { return order().toSource(editor.labels()); }

    String imageName() {
        ImagePlus imp = image != null ? image : labels;
        String source = imp.getProp(ImagePlusAdapter.META_PREFIX + "source");
        return source != null ? source : "'" + imp.getTitle() + "'";
    }

    /** A label value from a number or a name (the map's names, then SpineRad's standard names, case-insensitive). */
    int label(String text) {
        String t = text.trim();
        if (t.isEmpty()) throw new SpineRadException("No label given: use a number or a name such as L3 or psoas_L");
        try {
            return Integer.parseInt(t);
        } catch (NumberFormatException notNumber) {
            LabelMap map = editor.labels();
            int value = map.labelOf(t);
            if (value >= 0) return value;
            for (var e : SpineLabels.NAMES.entrySet())
                if (e.getValue().equalsIgnoreCase(t)) {
                    map.setName(e.getKey(), e.getValue());
                    return e.getKey();
                }
            var known = new java.util.LinkedHashSet<>(map.names().values());
            known.addAll(SpineLabels.NAMES.values());
            throw new SpineRadException("Unknown label name '" + t + "'; known names: " + String.join(", ", known) + " (or give a number)");
        }
    }

    /**
     * Paints an ImageJ selection on slice z: polygon, freehand and traced selections (and plain rectangles) as filled
     * polygons (even-odd rule, pixel centres, like ImageJ), line selections as brush strokes of radius
     * {@code brushMm} (mm; 0: half the line width, in pixels), all other area selections (oval, brush/composite,
     * rounded rectangle) through ImageJ's own mask. Returns the voxels changed.
     */
    int paintRoi(Roi roi, int z, int label, double brushMm) {
        int type = roi.getType();
        if (roi.isLine()) {
            double[] xs, ys;
            if (roi instanceof Line line) {
                xs = new double[]{line.x1d, line.x2d};
                ys = new double[]{line.y1d, line.y2d};
            } else {
                FloatPolygon p = roi.getFloatPolygon();
                xs = toDouble(p.xpoints, p.npoints);
                ys = toDouble(p.ypoints, p.npoints);
            }
            return brushMm > 0 ? editor.brushStrokeMm(z, xs, ys, brushMm, label)
                    : editor.brushStrokePixels(z, xs, ys, Math.max(0.5, roi.getStrokeWidth() / 2), label);
        }
        if (type == Roi.POLYGON || type == Roi.FREEROI || type == Roi.TRACED_ROI || type == Roi.RECTANGLE && roi.getCornerDiameter() == 0) {
            FloatPolygon p = roi.getFloatPolygon();
            return editor.fillPolygon(z, toDouble(p.xpoints, p.npoints), toDouble(p.ypoints, p.npoints), FillRule.EVEN_ODD, label);
        }
        if (!roi.isArea()) throw new SpineRadException("Selection type " + roi.getTypeAsString() + " cannot be painted; draw an area or a line");
        Rectangle b = roi.getBounds();
        ImageProcessor mask = roi.getMask();
        byte[] bytes = mask != null ? (byte[]) mask.getPixels() : filled(b.width * b.height);
        return editor.paint(z, SliceMask.fromBytes(b.x, b.y, b.width, b.height, bytes, labels.getWidth(), labels.getHeight()), label);
    }

    private static byte[] filled(int n) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) 1);
        return b;
    }

    private static double[] toDouble(float[] v, int n) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) d[i] = v[i];
        return d;
    }

    /** "all" (default) or "background": whether painting may overwrite other labels. */
    static boolean backgroundOnly(String paintMode) {
        return switch (paintMode.trim().toLowerCase(Locale.ROOT)) {
            case "", "all", "over_all", "overwrite" -> false;
            case "background", "background_only" -> true;
            default -> throw new SpineRadException("paint must be 'all' or 'background', got '" + paintMode + "'");
        };
    }
}
