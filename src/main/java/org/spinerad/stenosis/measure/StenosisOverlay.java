package org.spinerad.stenosis.measure;

import org.spinerad.image.LabelMap;
import org.spinerad.image.Volume;
import org.spinerad.stenosis.geometry.LabelSampler;
import org.spinerad.stenosis.geometry.LevelPlane;
import org.spinerad.util.SpineRadException;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reader-checkable figures: the CT resliced in each level's oblique plane (60 x 60 mm, window -150..750 HU) with the measured
 * canal contour (cyan), posterior-element contour (yellow), mid-sagittal AP line (green) and the lateral recess depths
 * (red, from the SAP tip to the disc border); and a mid-sagittal reslice with the traces of all planes.
 */
public final class StenosisOverlay {
    private StenosisOverlay() {}

    static final double HALF = 30, PIXEL = 0.25;

    /** The figures by name: one per plane (its level) and "sagittal", in plane order. */
    public static java.util.Map<String, BufferedImage> figures(Volume ct, LabelMap labels, StenosisAnalysis.Result result) {
        java.util.Map<String, BufferedImage> out = new java.util.LinkedHashMap<>();
        LabelSampler s = new LabelSampler(labels);
        StenosisMeasurer m = new StenosisMeasurer(labels, ct);
        for (LevelPlane p : result.localization().planes()) {
            DiscMeasurement d = result.discs().stream().filter(x -> x.level().equals(p.level())).findFirst().orElse(null);
            out.put(p.level(), axial(ct, s, m.ctContents(), p, d, p.kind() == LevelPlane.Kind.PEDICLE ? m.ringCanal(p) : null));
        }
        out.put("sagittal", sagittal(ct, result.localization()));
        return out;
    }

    /** Writes {@code <level>.png} per plane and {@code sagittal.png} into dir; returns the files. */
    public static List<Path> write(Volume ct, LabelMap labels, StenosisAnalysis.Result result, Path dir) {
        try {
            Files.createDirectories(dir);
            List<Path> out = new java.util.ArrayList<>();
            for (var e : figures(ct, labels, result).entrySet()) {
                Path f = dir.resolve(e.getKey() + ".png");
                ImageIO.write(e.getValue(), "png", f.toFile());
                out.add(f);
            }
            return out;
        } catch (IOException e) {
            throw new SpineRadException(dir + ": cannot write the overlay figures (" + e.getMessage() + ")", e);
        }
    }

    /** Trilinear CT value at a world point (edge-clamped). */
    public static double ctAt(Volume ct, double[] w) {
        var g = ct.geometry();
        double[] f = g.worldToIndex(w);
        int x0 = (int) Math.floor(f[0]), y0 = (int) Math.floor(f[1]), z0 = (int) Math.floor(f[2]);
        double tx = f[0] - x0, ty = f[1] - y0, tz = f[2] - z0, sum = 0;
        for (int c = 0; c < 8; c++) {
            int x = clamp(x0 + (c & 1), g.nx()), y = clamp(y0 + (c >> 1 & 1), g.ny()), z = clamp(z0 + (c >> 2 & 1), g.nz());
            sum += ct.get(x, y, z) * ((c & 1) == 1 ? tx : 1 - tx) * ((c >> 1 & 1) == 1 ? ty : 1 - ty) * ((c >> 2 & 1) == 1 ? tz : 1 - tz);
        }
        return sum;
    }

    private static int clamp(int i, int n) { return Math.max(0, Math.min(n - 1, i)); }

    private static int grey(double hu) {
        int v = (int) Math.round(255 * Math.max(0, Math.min(1, (hu + 150) / 900.0)));
        return v << 16 | v << 8 | v;
    }

    /**
     * ring: the measured canal region of a pedicle plane ({@link StenosisMeasurer#ringCanal}), null for a disc plane;
     * contents: the CT canal contents of the disc planes (cyan; the canal labels then in blue), or null.
     */
    private static BufferedImage axial(Volume ct, LabelSampler s, LabelSampler contents, LevelPlane p, DiscMeasurement d, boolean[][] ring) {
        int n = (int) Math.round(2 * HALF / PIXEL);
        BufferedImage img = new BufferedImage(n, n, BufferedImage.TYPE_INT_RGB);
        boolean[][] canal = new boolean[n][n], post = new boolean[n][n], fromCt = new boolean[n][n];
        boolean disc = p.kind() == LevelPlane.Kind.DISC && contents != null;
        boolean[] canalGroup = p.kind() == LevelPlane.Kind.DISC ? StenosisMeasurer.CANAL_SPACE : StenosisMeasurer.BONY_CANAL;
        // image x = patient right on the left (radiological view), image y = anterior at the top
        for (int j = 0; j < n; j++)
            for (int i = 0; i < n; i++) {
                double u = HALF - (i + 0.5) * PIXEL, v = -HALF + (j + 0.5) * PIXEL;
                double[] w = p.point(u, v, 0);
                img.setRGB(i, j, grey(ctAt(ct, w)));
                canal[j][i] = s.fraction(w, canalGroup) >= 0.5 && (ring == null || inRing(ring, u, v));
                post[j][i] = s.fraction(w, StenosisMeasurer.POSTERIOR) >= 0.5;
                if (disc) fromCt[j][i] = contents.fraction(w, StenosisMeasurer.CONTENTS) >= 0.5;
            }
        contour(img, canal, disc ? 0x3060ff : 0x00e5ff);
        if (disc) contour(img, fromCt, 0x00e5ff);
        contour(img, post, 0xffd400);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setStroke(new BasicStroke(2f));
        if (d != null) {
            for (int side = 0; side < 2; side++) {
                double[] tip = d.tips()[side], border = d.tips()[2 + side];
                if (tip == null) continue;
                g.setColor(Color.RED);
                g.drawLine(px(-tip[0]), px(tip[1]), px(-border[0]), px(border[1]));
                g.fillOval(px(-tip[0]) - 3, px(tip[1]) - 3, 6, 6);
            }
        }
        g.setColor(Color.WHITE);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(p.level() + (p.kind() == LevelPlane.Kind.DISC ? " disc" : " pedicle") + " plane", 6, 18);
        g.drawString("R", 6, n - 8);
        g.drawString("L", n - 16, n - 8);
        g.drawString("10 mm", 8, n - 26);
        g.fillRect(8, n - 22, (int) Math.round(10 / PIXEL), 3);
        g.dispose();
        return img;
    }

    private static boolean inRing(boolean[][] ring, double u, double v) {
        int n = ring.length / 2, i = (int) Math.floor(u / StenosisMeasurer.AREA_STEP) + n, j = (int) Math.floor(v / StenosisMeasurer.AREA_STEP) + n;
        return i >= 0 && j >= 0 && i < ring.length && j < ring.length && ring[j][i];
    }

    private static int px(double mm) { return (int) Math.round((mm + HALF) / PIXEL); }

    private static void contour(BufferedImage img, boolean[][] m, int rgb) {
        int n = m.length;
        for (int j = 1; j < n - 1; j++)
            for (int i = 1; i < n - 1; i++)
                if (m[j][i] && (!m[j - 1][i] || !m[j + 1][i] || !m[j][i - 1] || !m[j][i + 1])) img.setRGB(i, j, rgb);
    }

    /** Mid-sagittal reslice through the middle plane's origin (anterior left, superior up) with all plane traces. */
    private static BufferedImage sagittal(Volume ct, org.spinerad.stenosis.geometry.Localizer.Localization loc) {
        List<LevelPlane> planes = loc.planes();
        LevelPlane mid = planes.get(planes.size() / 2);
        double halfH = 0;
        for (LevelPlane p : planes) halfH = Math.max(halfH, Math.abs(org.spinerad.stenosis.geometry.Vec.dot(
                org.spinerad.stenosis.geometry.Vec.sub(p.origin(), mid.origin()), mid.normal())));
        halfH += 40;
        double pix = 0.5;
        int w = (int) Math.round(2 * 50 / pix), h = (int) Math.round(2 * halfH / pix);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int j = 0; j < h; j++)
            for (int i = 0; i < w; i++) {
                double v = -60 + (i + 0.5) * pix, s = halfH - (j + 0.5) * pix;
                img.setRGB(i, j, grey(ctAt(ct, mid.point(0, v, s))));
            }
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        for (LevelPlane p : planes) {
            // trace of plane p in the sagittal image: points p.point(0, v, 0) for v in [-40, 25]
            double[] a = p.point(0, -40, 0), b = p.point(0, 25, 0);
            int[] pa = sagPixel(mid, a, halfH, pix), pb = sagPixel(mid, b, halfH, pix);
            g.setColor(p.kind() == LevelPlane.Kind.DISC ? Color.GREEN : Color.ORANGE);
            g.setStroke(new BasicStroke(p.kind() == LevelPlane.Kind.DISC ? 2f : 1f));
            g.drawLine(pa[0], pa[1], pb[0], pb[1]);
            g.drawString(p.level(), pb[0] + 3, pb[1] + 4);
        }
        g.setColor(Color.CYAN);
        int[] prev = null;
        for (double[] c : loc.centreline().samples(2)) {
            int[] q = sagPixel(mid, c, halfH, pix);
            if (prev != null) g.drawLine(prev[0], prev[1], q[0], q[1]);
            prev = q;
        }
        g.dispose();
        return img;
    }

    private static int[] sagPixel(LevelPlane mid, double[] w, double halfH, double pix) {
        double[] d = org.spinerad.stenosis.geometry.Vec.sub(w, mid.origin());
        double v = org.spinerad.stenosis.geometry.Vec.dot(d, mid.posterior()), s = org.spinerad.stenosis.geometry.Vec.dot(d, mid.normal());
        return new int[]{(int) Math.round((v + 60) / pix), (int) Math.round((halfH - s) / pix)};
    }
}
