package org.spinerad.plugins;

import ij.IJ;
import ij.ImagePlus;
import ij.measure.ResultsTable;
import ij.plugin.PlugIn;
import org.spinerad.image.Geometry;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * "Volume Info": geometry of the current stack (dims, spacing, voxel type, orientation, LPS origin and direction,
 * NIfTI RAS affine) in the log and in the Results table (columns Property, Value). Macro: {@code run("Volume Info");}
 */
public class VolumeInfo implements PlugIn {
    static final String COMMAND = "Volume Info";

    @Override
    public void run(String arg) {
        CommandSupport.run(COMMAND, () -> {
            ImagePlus imp = CommandSupport.currentImage(COMMAND);
            Map<String, String> info = describe(imp);
            ResultsTable rt = ResultsTable.getResultsTable();
            rt.reset();
            IJ.log("SpineRad volume info: " + imp.getTitle());
            for (var e : info.entrySet()) {
                rt.incrementCounter();
                rt.addValue("Property", e.getKey());
                rt.addValue("Value", e.getValue());
                IJ.log("  " + e.getKey() + ": " + e.getValue());
            }
            if (!java.awt.GraphicsEnvironment.isHeadless()) rt.show("Results");
        });
    }

    /** The geometry facts of the image's file (its source grid), then the radiological display order it is shown in. */
    public static Map<String, String> describe(ImagePlus imp) {
        var order = ImagePlusAdapter.reorientation(imp);
        Geometry g = order.source();
        Map<String, String> m = new LinkedHashMap<>();
        m.put("dims", g.nx() + " x " + g.ny() + " x " + g.nz());
        m.put("spacing (mm)", fmt(g.spacing()));
        m.put("datatype", dataType(imp));
        m.put("orientation", g.orientationCode());
        m.put("origin LPS (mm)", fmt(g.origin()));
        m.put("direction", fmt(g.direction()));
        double[] a = g.toRasAffine();
        for (int r = 0; r < 3; r++) m.put("RAS affine row " + r, fmt(new double[]{a[r * 4], a[r * 4 + 1], a[r * 4 + 2], a[r * 4 + 3]}));
        Geometry shown = order.display();
        m.put("display (x, y, slices)", shown.nx() + " x " + shown.ny() + " x " + shown.nz() + " " + shown.orientationCode());
        String labels = imp.getProp(ImagePlusAdapter.LABEL_NAMES);
        if (labels != null && !labels.isEmpty()) m.put("labels", labels);
        return m;
    }

    private static String dataType(ImagePlus imp) {
        String stored = imp.getProp(ImagePlusAdapter.DATA_TYPE);
        if (stored != null) return stored;
        return switch (imp.getBitDepth()) {
            case 8 -> "UINT8";
            case 16 -> imp.getCalibration().isSigned16Bit() ? "INT16" : "UINT16";
            case 24 -> "RGB";
            default -> "FLOAT32";
        };
    }

    private static String fmt(double[] values) {
        StringBuilder sb = new StringBuilder();
        for (double v : values) sb.append(sb.isEmpty() ? "" : " ").append(String.format(Locale.ROOT, "%.6g", v == 0 ? 0 : v));
        return sb.toString();
    }
}
