package org.spinerad.stats;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.Locale;

/** Minimal drawing surface for {@link Plots}: SVG text or a headless java.awt image. Coordinates in pixels, y down. */
interface Canvas {
    enum Anchor { START, MIDDLE, END }

    void polyline(double[] x, double[] y, Color color, double width, boolean dashed);

    void rect(double x, double y, double w, double h, Color fill);

    /** Closed filled polygon, e.g. a confidence band, with fill opacity in [0, 1]. */
    void polygon(double[] x, double[] y, Color fill, double opacity);

    /** Text with its baseline at y; rotated -90 degrees about (x, y) when {@code vertical}. */
    void text(double x, double y, String s, double size, Anchor anchor, boolean vertical);

    default void line(double x1, double y1, double x2, double y2, Color color, double width, boolean dashed) {
        polyline(new double[]{x1, x2}, new double[]{y1, y2}, color, width, dashed);
    }

    /** SVG 1.1 document built as a string. */
    final class Svg implements Canvas {
        private final StringBuilder sb = new StringBuilder();

        Svg(int width, int height) {
            sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                    .append(width).append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width).append(' ')
                    .append(height).append("\" font-family=\"sans-serif\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        }

        private static String c(Color c) { return String.format(Locale.ROOT, "#%02x%02x%02x", c.getRed(), c.getGreen(), c.getBlue()); }

        private static String n(double v) { return String.format(Locale.ROOT, "%.2f", v); }

        @Override
        public void polyline(double[] x, double[] y, Color color, double width, boolean dashed) {
            sb.append("<polyline fill=\"none\" stroke=\"").append(c(color)).append("\" stroke-width=\"").append(n(width)).append('"');
            if (dashed) sb.append(" stroke-dasharray=\"6,4\"");
            sb.append(" points=\"");
            for (int i = 0; i < x.length; i++) sb.append(i > 0 ? " " : "").append(n(x[i])).append(',').append(n(y[i]));
            sb.append("\"/>\n");
        }

        @Override
        public void rect(double x, double y, double w, double h, Color fill) {
            sb.append("<rect x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" width=\"").append(n(w))
                    .append("\" height=\"").append(n(h)).append("\" fill=\"").append(c(fill)).append("\"/>\n");
        }

        @Override
        public void polygon(double[] x, double[] y, Color fill, double opacity) {
            sb.append("<polygon fill=\"").append(c(fill)).append("\" fill-opacity=\"").append(n(opacity)).append("\" stroke=\"none\" points=\"");
            for (int i = 0; i < x.length; i++) sb.append(i > 0 ? " " : "").append(n(x[i])).append(',').append(n(y[i]));
            sb.append("\"/>\n");
        }

        @Override
        public void text(double x, double y, String s, double size, Anchor anchor, boolean vertical) {
            sb.append("<text x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" font-size=\"").append(n(size))
                    .append("\" text-anchor=\"").append(anchor.name().toLowerCase(Locale.ROOT)).append('"');
            if (vertical) sb.append(" transform=\"rotate(-90 ").append(n(x)).append(' ').append(n(y)).append(")\"");
            sb.append('>').append(s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")).append("</text>\n");
        }

        String finish() { return sb + "</svg>\n"; }
    }

    /** Anti-aliased RGB image (works headless). */
    final class Png implements Canvas {
        final BufferedImage image;
        private final Graphics2D g;

        Png(int width, int height) {
            image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            g = image.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
        }

        @Override
        public void polyline(double[] x, double[] y, Color color, double width, boolean dashed) {
            g.setColor(color);
            g.setStroke(dashed ? new BasicStroke((float) width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[]{6f, 4f}, 0f)
                    : new BasicStroke((float) width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            Path2D.Double p = new Path2D.Double();
            p.moveTo(x[0], y[0]);
            for (int i = 1; i < x.length; i++) p.lineTo(x[i], y[i]);
            g.draw(p);
        }

        @Override
        public void rect(double x, double y, double w, double h, Color fill) {
            g.setColor(fill);
            g.fill(new java.awt.geom.Rectangle2D.Double(x, y, w, h));
        }

        @Override
        public void polygon(double[] x, double[] y, Color fill, double opacity) {
            g.setColor(new Color(fill.getRed(), fill.getGreen(), fill.getBlue(), (int) Math.round(255 * opacity)));
            Path2D.Double p = new Path2D.Double();
            p.moveTo(x[0], y[0]);
            for (int i = 1; i < x.length; i++) p.lineTo(x[i], y[i]);
            p.closePath();
            g.fill(p);
        }

        @Override
        public void text(double x, double y, String s, double size, Anchor anchor, boolean vertical) {
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, (int) Math.round(size)));
            double w = g.getFontMetrics().stringWidth(s);
            double shift = anchor == Anchor.START ? 0 : anchor == Anchor.MIDDLE ? -w / 2 : -w;
            AffineTransform saved = g.getTransform();
            g.translate(x, y);
            if (vertical) g.rotate(-Math.PI / 2);
            g.drawString(s, (float) shift, 0f);
            g.setTransform(saved);
        }

        void dispose() { g.dispose(); }
    }
}
