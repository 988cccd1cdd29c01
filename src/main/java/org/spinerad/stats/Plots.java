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

    /** A shaded region between two curves over the same x values (e.g. a 95% CI band). */
    private record Band(double[] x, double[] lower, double[] upper, Color color) {}

    /** Markers, optionally with vertical error bars (NaN half-widths for none). */
    private record Points(String label, double[] x, double[] y, double[] lower, double[] upper, Color color) {}

    /** A labelled vertical reference line, e.g. the chosen lambda. */
    private record VLine(double x, String label) {}

    /** A chart: axes with ranges, bands, lines and points with a legend, or horizontal bars. */
    private record Chart(String title, String xLabel, String yLabel, double xMin, double xMax, double yMin, double yMax,
                         List<Line> lines, boolean legendTop, String[] barLabels, double[] barValues,
                         List<Band> bands, List<Points> points, List<VLine> vlines, int width, int height) {
        Chart(String title, String xLabel, String yLabel, double xMin, double xMax, double yMin, double yMax, List<Line> lines,
              boolean legendTop) {
            this(title, xLabel, yLabel, xMin, xMax, yMin, yMax, lines, legendTop, null, null, List.of(), List.of(), List.of(), WIDTH, HEIGHT);
        }
    }

    /** ROC curves (1 - specificity vs sensitivity) of several models; the legend gives each AUC. */
    public static void roc(Map<String, Roc> models, Path file) {
        roc("ROC curve", models, Map.of(), file);
    }

    /**
     * ROC curves with shaded confidence bands: {@code bands} maps a model name to {1 - specificity grid, lower
     * sensitivity, upper sensitivity} (e.g. bootstrap percentiles as pROC's ci.se).
     */
    public static void roc(String title, Map<String, Roc> models, Map<String, double[][]> bands, Path file) {
        List<Line> lines = new ArrayList<>();
        List<Band> shaded = new ArrayList<>();
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
            Color col = color(i++);
            double[][] b = bands.get(e.getKey());
            if (b != null) shaded.add(new Band(b[0], b[1], b[2], col));
            lines.add(new Line(String.format(Locale.ROOT, "%s (AUC = %.3f)", e.getKey(), e.getValue().auc()), fpr, tpr, col, false));
        }
        write(new Chart(title, "1 - Specificity", "Sensitivity", 0, 1, 0, 1, lines, false, null, null, shaded, List.of(),
                List.of(), WIDTH, HEIGHT), file);
    }

    /**
     * Generic line chart: each series is {x values, y values}; axis ranges cover all points (e.g. a LASSO CV curve
     * or coefficient paths against log10 lambda). Series beyond the eighth get no legend entry.
     */
    public static void lines(String title, String xLabel, String yLabel, Map<String, double[][]> series, Path file) {
        lines(title, xLabel, yLabel, series, Double.NaN, null, 8, file);
    }

    /**
     * The same with a dashed vertical line at {@code markX} (NaN for none) labelled {@code markLabel}, and legend entries
     * for the first {@code legendEntries} series only (at most 8).
     */
    public static void lines(String title, String xLabel, String yLabel, Map<String, double[][]> series, double markX,
                             String markLabel, int legendEntries, Path file) {
        List<double[][]> xyy = new ArrayList<>();
        for (double[][] xy : series.values()) xyy.add(new double[][]{xy[0], xy[1], xy[1]});
        double[] r = range(xyy);
        List<Line> lines = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, double[][]> e : series.entrySet()) {
            lines.add(new Line(i < Math.min(8, legendEntries) ? e.getKey() : null, e.getValue()[0], e.getValue()[1], color(i), false));
            i++;
        }
        write(new Chart(title, xLabel, yLabel, r[0], r[1], r[2], r[3], lines, true, null, null, List.of(), List.of(),
                Double.isNaN(markX) ? List.of() : List.of(new VLine(markX, markLabel)), WIDTH, HEIGHT), file);
    }

    /**
     * Points with error bars (y ± err) joined by a line, and a dashed vertical line at {@code markX} (e.g. a LASSO
     * CV curve: mean deviance ± SD per log10 lambda, the chosen lambda marked); the y-axis ends at {@code yCap} at the
     * latest (NaN or +Inf: no cap), points above it are not drawn.
     */
    public static void errorBars(String title, String xLabel, String yLabel, String label, double[] x, double[] y, double[] err,
                                 double markX, String markLabel, double yCap, Path file) {
        StatsInput.sameLength(file + ": x vs y", x.length, y.length);
        StatsInput.sameLength(file + ": y vs error", y.length, err.length);
        double[] lo = new double[y.length], hi = new double[y.length];
        for (int k = 0; k < y.length; k++) { lo[k] = y[k] - err[k]; hi[k] = y[k] + err[k]; }
        // the y-range covers the points at or below the cap (e.g. not the exploding deviance of the least penalised fits)
        double cap = Double.isNaN(yCap) ? Double.POSITIVE_INFINITY : yCap;
        double[] vlo = lo.clone(), vhi = hi.clone();
        for (int k = 0; k < y.length; k++)
            if (y[k] > cap) { vlo[k] = Double.NaN; vhi[k] = Double.NaN; }
            else vhi[k] = Math.min(vhi[k], cap);
        List<double[][]> xyy = new ArrayList<>();
        xyy.add(new double[][]{x, vlo, vhi});
        double[] r = range(xyy);
        double[] all = range(List.<double[][]>of(new double[][]{x, y, y}));
        r[0] = all[0];
        r[1] = all[1];
        write(new Chart(title, xLabel, yLabel, r[0], r[1], r[2], r[3], List.of(new Line(null, x, y, color(0), false)), true, null, null,
                List.of(), List.of(new Points(label, x, y, lo, hi, color(0))),
                Double.isNaN(markX) ? List.of() : List.of(new VLine(markX, markLabel)), WIDTH, HEIGHT), file);
    }

    /** Calibration curves (mean predicted vs observed per bin) with the ideal diagonal. */
    public static void calibration(Map<String, Calibration.Curve> curves, Path file) {
        calibration("Calibration", curves, Map.of(), file);
    }

    /**
     * Calibration: binned observed proportions as markers and, per model, a smoothed curve {@code smooth} =
     * {predicted grid, observed} (e.g. loess) as a line; without a smoothed curve the bins are joined.
     */
    public static void calibration(String title, Map<String, Calibration.Curve> bins, Map<String, double[][]> smooth, Path file) {
        List<Line> lines = new ArrayList<>();
        List<Points> points = new ArrayList<>();
        lines.add(new Line("Ideal", new double[]{0, 1}, new double[]{0, 1}, GREY, true));
        int i = 0;
        for (Map.Entry<String, Calibration.Curve> e : bins.entrySet()) {
            Color col = color(i++);
            double[][] sm = smooth.get(e.getKey());
            Calibration.Curve c = e.getValue();
            if (sm != null) {
                lines.add(new Line(e.getKey(), sm[0], sm[1], col, false));
                double[] nan = new double[c.observed().length];
                java.util.Arrays.fill(nan, Double.NaN);
                points.add(new Points(null, c.meanPredicted(), c.observed(), nan, nan, col));
            } else lines.add(new Line(e.getKey(), c.meanPredicted(), c.observed(), col, false));
        }
        write(new Chart(title, "Predicted probability", "Observed proportion", 0, 1, 0, 1, lines, false, null, null,
                List.of(), points, List.of(), WIDTH, HEIGHT), file);
    }

    /**
     * Decision curves of several models plus treat-all and treat-none (taken from the first curve). The y-axis spans
     * the useful range (a little below 0 up to the largest net benefit); curve parts outside it are not drawn.
     */
    public static void decisionCurve(Map<String, DecisionCurve.Curve> curves, Path file) {
        decisionCurve("Decision curve", curves, file);
    }

    /** The same with a title. */
    public static void decisionCurve(String title, Map<String, DecisionCurve.Curve> curves, Path file) {
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
        double yMin = -0.35 * yMax; // room for models just below treat-none; treat-all falls away below
        write(new Chart(title, "Threshold probability", "Net benefit", t[0], t[t.length - 1], yMin, yMax, lines, true), file);
    }

    /** Horizontal bar chart, e.g. feature importance, bars in the given order from the top; wide enough for the labels. */
    public static void bars(String title, String[] labels, double[] values, Path file) {
        StatsInput.sameLength(file + ": bar labels vs values", labels.length, values.length);
        if (labels.length == 0) throw new SpineRadException(file + ": no bars to plot");
        StatsInput.finite(file + ": bar values", values);
        double max = 0, min = 0;
        for (double v : values) { max = Math.max(max, v); min = Math.min(min, v); }
        if (max == min) max = min + 1;
        int longest = 0;
        for (String l : labels) longest = Math.max(longest, l.length());
        int width = Math.max(WIDTH, (int) Math.ceil(labelWidth(longest)) + 360);
        int height = Math.max(200, Math.min(HEIGHT, (int) TOP + 20 + 30 * labels.length));
        write(new Chart(title, "", "", min, max, 0, 1, List.of(), false, labels, values, List.of(), List.of(), List.of(), width, height), file);
    }

    /** Width in pixels of a label of n characters at the bar-chart font size (generous for proportional fonts). */
    private static double labelWidth(int n) { return 6.8 * n + 12; }

    /** {xMin, xMax, yMin, yMax} over triples {x, y-low, y-high} (finite values), y padded by 5%. */
    private static double[] range(List<double[][]> xyy) {
        double xMin = Double.POSITIVE_INFINITY, xMax = Double.NEGATIVE_INFINITY, yMin = Double.POSITIVE_INFINITY, yMax = Double.NEGATIVE_INFINITY;
        for (double[][] s : xyy)
            for (int k = 0; k < s[0].length; k++) {
                if (!Double.isFinite(s[0][k]) || !Double.isFinite(s[1][k]) || !Double.isFinite(s[2][k])) continue;
                xMin = Math.min(xMin, s[0][k]); xMax = Math.max(xMax, s[0][k]);
                yMin = Math.min(yMin, s[1][k]); yMax = Math.max(yMax, s[2][k]);
            }
        if (!(xMax > xMin)) { xMin -= 0.5; xMax += 0.5; }
        if (!(yMax > yMin)) { yMin -= 0.5; yMax += 0.5; }
        double pad = 0.05 * (yMax - yMin);
        return new double[]{xMin, xMax, yMin - pad, yMax + pad};
    }

    // ---------------------------------------------------------------- rendering

    private static Color color(int i) { return PALETTE[i % PALETTE.length]; }

    private static void write(Chart chart, Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            if (name.endsWith(".svg")) {
                Canvas.Svg svg = new Canvas.Svg(chart.width, chart.height);
                render(chart, svg);
                Files.writeString(file, svg.finish(), StandardCharsets.UTF_8);
            } else if (name.endsWith(".png")) {
                Canvas.Png png = new Canvas.Png(chart.width, chart.height);
                render(chart, png);
                png.dispose();
                if (!ImageIO.write(png.image, "png", file.toFile())) throw new IOException("no PNG writer");
            } else throw new SpineRadException(file + ": plot file must end with .svg or .png");
        } catch (IOException e) {
            throw new SpineRadException(file + ": cannot write plot: " + e.getMessage(), e);
        }
    }

    private static void render(Chart c, Canvas g) {
        g.text(c.width / 2.0, TOP - 15, c.title, 16, Canvas.Anchor.MIDDLE, false);
        if (c.barLabels != null) {
            renderBars(c, g);
            return;
        }
        double pw = c.width - LEFT - RIGHT, ph = c.height - TOP - BOTTOM;
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
        g.text(LEFT + pw / 2, c.height - 15, c.xLabel, 13, Canvas.Anchor.MIDDLE, false);
        g.text(20, TOP + ph / 2, c.yLabel, 13, Canvas.Anchor.MIDDLE, true);
        for (Band b : c.bands) {
            int n = b.x.length;
            double[] px = new double[2 * n], py = new double[2 * n];
            for (int i = 0; i < n; i++) {
                px[i] = sx.applyAsDouble(b.x[i]);
                py[i] = sy.applyAsDouble(clamp(b.upper[i], c.yMin, c.yMax));
                px[2 * n - 1 - i] = px[i];
                py[2 * n - 1 - i] = sy.applyAsDouble(clamp(b.lower[i], c.yMin, c.yMax));
            }
            g.polygon(px, py, b.color, 0.18);
        }
        for (VLine v : c.vlines) {
            double x = sx.applyAsDouble(v.x);
            g.line(x, TOP, x, TOP + ph, GREY, 1.2, true);
            if (v.label != null) g.text(x + 4, TOP + ph - 6, v.label, 11, Canvas.Anchor.START, false);
        }
        Map<String, Color> legend = new LinkedHashMap<>();
        for (Line l : c.lines) {
            drawClipped(g, l, c, sx, sy);
            if (l.label != null) legend.put(l.label, l.color);
        }
        for (Points p : c.points) {
            for (int i = 0; i < p.x.length; i++) {
                if (!inside(p.y[i], c)) continue;
                double x = sx.applyAsDouble(p.x[i]), y = sy.applyAsDouble(p.y[i]);
                if (Double.isFinite(p.lower[i]) && Double.isFinite(p.upper[i])) {
                    double y1 = sy.applyAsDouble(clamp(p.lower[i], c.yMin, c.yMax)), y2 = sy.applyAsDouble(clamp(p.upper[i], c.yMin, c.yMax));
                    g.line(x, y1, x, y2, p.color, 1, false);
                    g.line(x - 2.5, y1, x + 2.5, y1, p.color, 1, false);
                    g.line(x - 2.5, y2, x + 2.5, y2, p.color, 1, false);
                }
                g.rect(x - 2.5, y - 2.5, 5, 5, p.color);
            }
            if (p.label != null) legend.put(p.label, p.color);
        }
        double ly = c.legendTop ? TOP + 18 : TOP + ph - 12 - 18 * (legend.size() - 1), lx = LEFT + pw - 250;
        for (Map.Entry<String, Color> e : legend.entrySet()) {
            g.line(lx, ly - 4, lx + 22, ly - 4, e.getValue(), 2.5, false);
            g.text(lx + 28, ly, abbreviate(e.getKey(), 34), 12, Canvas.Anchor.START, false);
            ly += 18;
        }
    }

    /** A legend label of at most {@code max} characters: long names keep their start and end around an ellipsis. */
    static String abbreviate(String s, int max) {
        if (s.length() <= max) return s;
        int head = (max - 1) / 2;
        return s.substring(0, head) + "…" + s.substring(s.length() - (max - 1 - head));
    }

    private static boolean inside(double y, Chart c) { return y >= c.yMin && y <= c.yMax; }

    private static double clamp(double v, double lo, double hi) { return Math.max(lo, Math.min(hi, v)); }

    /** Draws a line in runs of consecutive in-range points, so values outside the y-range leave gaps, not edge-hugging lines. */
    private static void drawClipped(Canvas g, Line l, Chart c, java.util.function.DoubleUnaryOperator sx,
                                    java.util.function.DoubleUnaryOperator sy) {
        List<double[]> run = new ArrayList<>();
        for (int i = 0; i <= l.x.length; i++) {
            boolean ok = i < l.x.length && Double.isFinite(l.x[i]) && Double.isFinite(l.y[i]) && inside(l.y[i], c);
            if (ok) run.add(new double[]{sx.applyAsDouble(l.x[i]), sy.applyAsDouble(l.y[i])});
            if (!ok || i == l.x.length - 1) {
                if (run.size() >= 2) {
                    double[] x = new double[run.size()], y = new double[run.size()];
                    for (int k = 0; k < x.length; k++) { x[k] = run.get(k)[0]; y[k] = run.get(k)[1]; }
                    g.polyline(x, y, l.color, l.dashed ? 1.2 : 2, l.dashed);
                }
                run.clear();
            }
        }
    }

    private static void renderBars(Chart c, Canvas g) {
        int n = c.barLabels.length;
        int longest = 0;
        for (String l : c.barLabels) longest = Math.max(longest, l.length());
        double left = labelWidth(longest) + 10, pw = c.width - left - RIGHT - 60, ph = c.height - TOP - 20, band = ph / n;
        double zero = left + (0 - c.xMin) / (c.xMax - c.xMin) * pw;
        for (int i = 0; i < n; i++) {
            double v = c.barValues[i], x = left + (Math.min(0, v) - c.xMin) / (c.xMax - c.xMin) * pw;
            double w = Math.abs(v) / (c.xMax - c.xMin) * pw, y = TOP + i * band;
            g.rect(x, y + band * 0.15, w, band * 0.7, color(v < 0 ? 1 : 0));
            double fontSize = Math.min(11, band * 0.7);
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
