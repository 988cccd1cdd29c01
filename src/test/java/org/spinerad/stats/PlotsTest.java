package org.spinerad.stats;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spinerad.util.Csv;
import org.spinerad.util.SpineRadException;

/** Plots are written headless as well-formed SVG and decodable PNG with the expected content. */
class PlotsTest {
    @TempDir
    Path dir;

    private static Map<String, Roc> models() {
        Csv d = Refs.data("roc.csv");
        int[] y = Refs.intColumn(d, "y");
        Map<String, Roc> m = new LinkedHashMap<>();
        m.put("Radiomics", new Roc(Refs.column(d, "s1"), y));
        m.put("Clinical", new Roc(Refs.column(d, "s2"), y));
        return m;
    }

    @Test
    void rocSvgAndPng() throws Exception {
        Path svg = dir.resolve("roc.svg"), png = dir.resolve("roc.png");
        Plots.roc(models(), svg);
        Plots.roc(models(), png);
        String s = Files.readString(svg);
        var doc = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(svg.toFile());
        assertEquals("svg", doc.getDocumentElement().getTagName());
        assertTrue(s.contains(String.format(java.util.Locale.ROOT, "Radiomics (AUC = %.3f)", Refs.get("roc.s1.auc"))), s);
        // two model curves (stroke width 2), the first with one point per pROC threshold
        var curves = new java.util.ArrayList<org.w3c.dom.Element>();
        var polylines = doc.getElementsByTagName("polyline");
        for (int i = 0; i < polylines.getLength(); i++) {
            var el = (org.w3c.dom.Element) polylines.item(i);
            if (el.getAttribute("stroke-width").equals("2.00")) curves.add(el);
        }
        assertEquals(2, curves.size());
        assertEquals((int) Refs.get("roc.s1.threshold.count"), curves.get(0).getAttribute("points").split(" ").length);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(Plots.WIDTH, img.getWidth());
        assertEquals(Plots.HEIGHT, img.getHeight());
        // the first palette colour (blue curve) is drawn somewhere
        boolean blue = false;
        for (int x = 0; x < img.getWidth() && !blue; x++)
            for (int y = 0; y < img.getHeight() && !blue; y++) blue = (img.getRGB(x, y) & 0xffffff) == 0x1f77b4;
        assertTrue(blue);
    }

    @Test
    void calibrationDecisionAndBars() throws Exception {
        Csv l = Refs.data("logistic.csv");
        double[] p = Refs.column(l, "p");
        int[] y = Refs.intColumn(l, "y");
        Plots.calibration(Map.of("Model", Calibration.curve(p, y, 10)), dir.resolve("cal.png"));
        Plots.decisionCurve(Map.of("Model", DecisionCurve.curve(p, y, DecisionCurve.thresholds(0.01, 0.8, 0.01))), dir.resolve("dca.svg"));
        assertTrue(Files.readString(dir.resolve("dca.svg")).contains("Treat all"));
        Plots.bars("Feature importance", new String[]{"glcm_Contrast", "shape_Volume", "firstorder_Mean"}, new double[]{0.42, 0.31, -0.05}, dir.resolve("imp.png"));
        Plots.bars("Feature importance", new String[]{"a", "b"}, new double[]{2, 1}, dir.resolve("imp.svg"));
        assertTrue(Files.readString(dir.resolve("imp.svg")).contains(">a</text>"));
        assertNotNull(ImageIO.read(dir.resolve("cal.png").toFile()));
        assertNotNull(ImageIO.read(dir.resolve("imp.png").toFile()));
        var e = assertThrows(SpineRadException.class, () -> Plots.calibration(Map.of(), dir.resolve("x.gif")));
        assertTrue(e.getMessage().contains(".svg or .png"), e.getMessage());
    }

    @Test
    void reportPlotsShowBandsErrorBarsChosenLambdaAndWholeLabels() throws Exception {
        Csv l = Refs.data("logistic.csv");
        double[] p = Refs.column(l, "p");
        int[] y = Refs.intColumn(l, "y");
        Plots.roc("ROC", Map.of("M", new Roc(p, y)), Map.of("M", new double[][]{{0, 0.5, 1}, {0, 0.3, 0.9}, {0.2, 0.8, 1}}), dir.resolve("roc.svg"));
        assertTrue(Files.readString(dir.resolve("roc.svg")).contains("<polygon fill=\"#1f77b4\" fill-opacity"), "CI band");

        Plots.errorBars("CV", "log10(lambda)", "deviance", "mean ± SD", new double[]{-3, -2, -1}, new double[]{1.2, 0.9, 1.0},
                new double[]{0.2, 0.1, 0.05}, -2, "chosen", Double.NaN, dir.resolve("cv.svg"));
        String cv = Files.readString(dir.resolve("cv.svg"));
        assertTrue(cv.contains(">chosen</text>") && cv.contains("stroke-dasharray"), "chosen lambda line");
        assertEquals(3 * 3, cv.split("stroke=\"#1f77b4\" stroke-width=\"1.00\"").length - 1, "3 error bars of 3 strokes each");
        // with a cap below the first point, that point and its bar are left out and the axis ends at the cap
        Plots.errorBars("CV", "x", "y", "m", new double[]{-3, -2, -1}, new double[]{9, 0.9, 1.0}, new double[]{3, 0.1, 0.05}, -2,
                "chosen", 1.5, dir.resolve("cap.svg"));
        assertEquals(2 * 3, Files.readString(dir.resolve("cap.svg")).split("stroke=\"#1f77b4\" stroke-width=\"1.00\"").length - 1);

        // decision curves: a model's net benefit far below the axis leaves a gap instead of a line along the bottom edge
        Plots.decisionCurve(Map.of("Model", DecisionCurve.curve(p, y, DecisionCurve.thresholds(0.01, 0.99, 0.01))), dir.resolve("dca.svg"));
        String dca = Files.readString(dir.resolve("dca.svg"));
        String bottom = String.format(java.util.Locale.ROOT, ",%.2f", (double) (Plots.HEIGHT - 60));
        for (String line : dca.split("\n"))
            if (line.contains("stroke=\"#1f77b4\"") || line.contains("stroke=\"#888888\" stroke-width=\"2.00\""))
                assertFalse(line.contains(bottom + " ") || line.contains(bottom + "\""), "clamped onto the bottom edge: " + line);

        // long feature names are shown whole, inside the image
        String name = "CT_vertebra_log-sigma-4-0-mm-3D_glszm_SmallAreaLowGrayLevelEmphasis";
        Plots.bars("Coefficients", new String[]{name, "b"}, new double[]{0.5, -0.2}, dir.resolve("bars.svg"));
        String bars = Files.readString(dir.resolve("bars.svg"));
        assertTrue(bars.contains(">" + name + "</text>"));
        var m = java.util.regex.Pattern.compile("<text x=\"([0-9.]+)\"[^>]*text-anchor=\"end\">" + name).matcher(bars);
        assertTrue(m.find());
        assertTrue(Double.parseDouble(m.group(1)) > 7 * name.length(), "room left of the bars for the whole label");
        String shortName = Plots.abbreviate(name, 36);
        assertEquals(36, shortName.length());
        assertTrue(shortName.startsWith("CT_vertebra_log-s…") && name.endsWith(shortName.substring(18)), shortName);
        assertEquals("b", Plots.abbreviate("b", 36));
    }

    @Test
    void roundTicks() {
        assertArrayEquals(new double[]{0, 0.2, 0.4, 0.6, 0.8, 1.0}, Plots.ticks(0, 1), 1e-12);
        assertArrayEquals(new double[]{-0.02, 0, 0.02, 0.04, 0.06, 0.08}, Plots.ticks(-0.025, 0.09), 1e-12);
    }
}
