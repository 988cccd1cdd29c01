package org.spinerad.stats;

import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.imageio.ImageIO;

import org.spinerad.util.SpineRadException;

/**
 * Headless plots of model evaluation results. The output format follows the file extension: ".svg" (text) or ".png".
 */
public final class Plots {
    static final int WIDTH = 640, HEIGHT = 480;
    private static final double LEFT = 70, RIGHT = 20, TOP = 40, BOTTOM = 60;
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e),
            new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf)};
    private static final Color GREY = new Color(0x888888), AXIS = Color.BLACK, GRID = new Color(0xe6e6e6);

    private Plots() {}

    private record Line(String label, double[] x, double[] y, Color color, boolean dashed) {}

    /** A chart: axes with ranges, lines with a legend, or horizontal bars. */
    private record Chart(String title, String xLabel, String yLabel, double xMin, double xMax, double yMin, double yMax,
                         List<Line> lines, boolean legendTop, String[] barLabels, double[] barValues) {}

    /** ROC curves (1 - specificity vs sensitivity) of several models; the legend gives each AUC. */
    public static void roc(Map<String, Roc> models, Path file) {
        List<Line> lines = new ArrayList<>();
        lines.add(new Line(null, new double[]{0, 1}, new double[]{0, 1}, GREY, true));
        int i = 0;
        for (Map.Entry<String, Roc> e : models.entrySet()) {
            Roc.Curve c = e.getValue().curve();
            int n = c.thresholds().length;
            double[] fpr = new double[n], tpr = new double[n];
            for (int k = 0; k < n; k++) {
                fpr[k] = 1 - c.specificity()[k];
                tpr[k] = c.sensitivity()[k];
            }
            lines.add(new Line(String.format(Locale.ROOT, "%s (AUC = %.3f)", e.getKey(), e.getValue().auc()), fpr, tpr, color(i++), false));
        }
        write(new Chart("ROC curve", "1 - Specificity", "Sensitivity", 0, 1, 0, 1, lines, false, null, null), file);
    }

    /**
     * Generic line chart: each series is {x values, y values}; axis ranges cover all points (e.g. a LASSO CV curve
     * or coefficient paths against log10 lambda).
     */
    public static void lines(String title, String xLabel, String yLabel, Map<String, double[][]> series, Path file) {
        double xMin = Double.POSITIVE_INFINITY, xMax = Double.NEGATIVE_INFINITY, yMin = Double.POSITIVE_INFINITY, yMax = Double.NEGATIVE_INFINITY;
        for (double[][] xy : series.values())
            for (int k = 0; k < xy[0].length; k++) {
                if (!Double.isFinite(xy[0][k]) || !Double.isFinite(xy[1][k])) continue;
                xMin = Math.min(xMin, xy[0][k]); xMax = Math.max(xMax, xy[0][k]);
                yMin = Math.min(yMin, xy[1][k]); yMax = Math.max(yMax, xy[1][k]);
            }
        if (!(xMax > xMin)) { xMin -= 0.5; xMax += 0.5; }
        if (!(yMax > yMin)) { yMin -= 0.5; yMax += 0.5; }
        double pad = 0.05 * (yMax - yMin);
        List<Line> lines = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, double[][]> e : series.entrySet())
            lines.add(new Line(series.size() <= 8 ? e.getKey() : null, e.getValue()[0], e.getValue()[1], color(i++), false));
        write(new Chart(title, xLabel, yLabel, xMin, xMax, yMin - pad, yMax + pad, lines, true, null, null), file);
    }

    /** Calibration curves (mean predicted vs observed per bin) with the ideal diagonal. */
    public static void calibration(Map<String, Calibration.Curve> curves, Path file) {
        List<Line> lines = new ArrayList<>();
        lines.add(new Line("Ideal", new double[]{0, 1}, new double[]{0, 1}, GREY, true));
        int i = 0;
        for (Map.Entry<String, Calibration.Curve> e : curves.entrySet())
            lines.add(new Line(e.getKey(), e.getValue().meanPredicted(), e.getValue().observed(), color(i++), false));
        write(new Chart("Calibration", "Predicted probability", "Observed proportion", 0, 1, 0, 1, lines, false, null, null), file);
    }

    /** Decision curves of several models plus treat-all and treat-none (taken from the first curve). */
    public static void decisionCurve(Map<String, DecisionCurve.Curve> curves, Path file) {
        if (curves.isEmpty()) throw new SpineRadException(file + ": no decision curve to plot");
        DecisionCurve.Curve first = curves.values().iterator().next();
        double[] t = first.thresholds();
        List<Line> lines = new ArrayList<>();
        lines.add(new Line("Treat all", t, first.treatAll(), GREY, false));
        lines.add(new Line("Treat none", t, first.treatNone(), Color.BLACK, true));
        double yMax = 0;
        int i = 0;
        for (Map.Entry<String, DecisionCurve.Curve> e : curves.entrySet()) {
            lines.add(new Line(e.getKey(), e.getValue().thresholds(), e.getValue().model(), color(i++), false));
            for (double v : e.getValue().model()) yMax = Math.max(yMax, v);
        }
        for (double v : first.treatAll()) yMax = Math.max(yMax, v);
        yMax = yMax <= 0 ? 0.1 : yMax * 1.1;
        double yMin = -0.1 * yMax; // as common DCA plots: treat-all is cut below
        write(new Chart("Decision curve", "Threshold probability", "Net benefit", t[0], t[t.length - 1], yMin, yMax, lines, true, null, null), file);
    }

    /** Horizontal bar chart, e.g. feature importance, bars in the given order from the top. */
    public static void bars(String title, String[] labels, double[] values, Path file) {
        StatsInput.sameLength(file + ": bar labels vs values", labels.length, values.length);
        if (labels.length == 0) throw new SpineRadException(file + ": no bars to plot");
        StatsInput.finite(file + ": bar values", values);
        double max = 0, min = 0;
        for (double v : values) { max = Math.max(max, v); min = Math.min(min, v); }
        if (max == min) max = min + 1;
        write(new Chart(title, "", "", min, max, 0, 1, List.of(), false, labels, values), file);
    }

    // ---------------------------------------------------------------- rendering

    private static Color color(int i) { return PALETTE[i % PALETTE.length]; }

    private static void write(Chart chart, Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            if (name.endsWith(".svg")) {
                Canvas.Svg svg = new Canvas.Svg(WIDTH, HEIGHT);
                render(chart, svg);
                Files.writeString(file, svg.finish(), StandardCharsets.UTF_8);
            } else if (name.endsWith(".png")) {
                Canvas.Png png = new Canvas.Png(WIDTH, HEIGHT);
                render(chart, png);
                png.dispose();
                if (!ImageIO.write(png.image, "png", file.toFile())) throw new IOException("no PNG writer");
            } else throw new SpineRadException(file + ": plot file must end with .svg or .png");
        } catch (IOException e) {
            throw new SpineRadException(file + ": cannot write plot: " + e.getMessage(), e);
        }
    }

    private static void render(Chart c, Canvas g) {
        g.text(WIDTH / 2.0, TOP - 15, c.title, 16, Canvas.Anchor.MIDDLE, false);
        if (c.barLabels != null) {
            renderBars(c, g);
            return;
        }
        double pw = WIDTH - LEFT - RIGHT, ph = HEIGHT - TOP - BOTTOM;
        java.util.function.DoubleUnaryOperator sx = x -> LEFT + (x - c.xMin) / (c.xMax - c.xMin) * pw;
        java.util.function.DoubleUnaryOperator sy = y -> TOP + ph - (y - c.yMin) / (c.yMax - c.yMin) * ph;
        for (double t : ticks(c.xMin, c.xMax)) {
            double x = sx.applyAsDouble(t);
            g.line(x, TOP, x, TOP + ph, GRID, 1, false);
            g.text(x, TOP + ph + 18, tickLabel(t), 11, Canvas.Anchor.MIDDLE, false);
        }
        for (double t : ticks(c.yMin, c.yMax)) {
            double y = sy.applyAsDouble(t);
            g.line(LEFT, y, LEFT + pw, y, GRID, 1, false);
            g.text(LEFT - 6, y + 4, tickLabel(t), 11, Canvas.Anchor.END, false);
        }
        g.polyline(new double[]{LEFT, LEFT, LEFT + pw}, new double[]{TOP, TOP + ph, TOP + ph}, AXIS, 1.2, false);
        g.text(LEFT + pw / 2, HEIGHT - 15, c.xLabel, 13, Canvas.Anchor.MIDDLE, false);
        g.text(20, TOP + ph / 2, c.yLabel, 13, Canvas.Anchor.MIDDLE, true);
        Map<String, Color> legend = new LinkedHashMap<>();
        for (Line l : c.lines) {
            double[] x = new double[l.x.length], y = new double[l.y.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = sx.applyAsDouble(l.x[i]);
                y[i] = sy.applyAsDouble(Math.max(c.yMin, Math.min(c.yMax, l.y[i])));
            }
            g.polyline(x, y, l.color, l.dashed ? 1.2 : 2, l.dashed);
            if (l.label != null) legend.put(l.label, l.color);
        }
        double ly = c.legendTop ? TOP + 18 : TOP + ph - 12 - 18 * (legend.size() - 1), lx = LEFT + pw - 230;
        for (Map.Entry<String, Color> e : legend.entrySet()) {
            g.line(lx, ly - 4, lx + 22, ly - 4, e.getValue(), 2.5, false);
            g.text(lx + 28, ly, e.getKey(), 12, Canvas.Anchor.START, false);
            ly += 18;
        }
    }

    private static void renderBars(Chart c, Canvas g) {
        int n = c.barLabels.length;
        double left = 200, pw = WIDTH - left - RIGHT - 50, ph = HEIGHT - TOP - 20, band = ph / n;
        double zero = left + (0 - c.xMin) / (c.xMax - c.xMin) * pw;
        for (int i = 0; i < n; i++) {
            double v = c.barValues[i], x = left + (Math.min(0, v) - c.xMin) / (c.xMax - c.xMin) * pw;
            double w = Math.abs(v) / (c.xMax - c.xMin) * pw, y = TOP + i * band;
            g.rect(x, y + band * 0.15, w, band * 0.7, color(0));
            double fontSize = Math.min(12, band * 0.7);
            g.text(left - 6, y + band / 2 + fontSize / 3, c.barLabels[i], fontSize, Canvas.Anchor.END, false);
            g.text(x + w + 4, y + band / 2 + fontSize / 3, String.format(Locale.ROOT, "%.3g", v), fontSize, Canvas.Anchor.START, false);
        }
        g.line(zero, TOP, zero, TOP + ph, AXIS, 1.2, false);
    }

    /** About five round tick values covering [lo, hi]. */
    static double[] ticks(double lo, double hi) {
        double raw = (hi - lo) / 5, mag = Math.pow(10, Math.floor(Math.log10(raw))), f = raw / mag;
        double step = (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * mag;
        double start = Math.ceil(lo / step - 1e-9) * step;
        int count = (int) Math.floor((hi - start) / step + 1e-9) + 1;
        double[] t = new double[Math.max(0, count)];
        for (int i = 0; i < t.length; i++) t[i] = start + i * step;
        return t;
    }

    private static String tickLabel(double t) {
        String s = String.format(Locale.ROOT, "%.2f", Math.abs(t) < 1e-12 ? 0 : t);
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }
}
