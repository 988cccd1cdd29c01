package org.spinerad.plugins;

import ij.ImagePlus;
import ij.gui.GUI;
import org.spinerad.annotate.LabelPalette;

import java.awt.Canvas;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.Frame;
import java.awt.Graphics;
import java.awt.event.MouseAdapter;
import java.awt.event.MouseEvent;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.util.ArrayList;
import java.util.List;

/** The legend of a label map: colour, value and name of each label; a click makes a label the active one. */
final class PaletteWindow extends Frame {
    private static final int ROW = 18;
    private final ImagePlus labels;
    private final Legend legend = new Legend();

    private PaletteWindow(ImagePlus labels) {
        super("Labels of " + labels.getProp(LabelSession.IMAGE_TITLE));
        this.labels = labels;
        add(legend);
        addWindowListener(new WindowAdapter() {
            @Override
            public void windowClosing(WindowEvent e) { dispose(); }
        });
        pack();
        GUI.centerOnImageJScreen(this);
    }

    static PaletteWindow show(ImagePlus labels) {
        PaletteWindow w = new PaletteWindow(labels);
        w.setVisible(true);
        return w;
    }

    /** Top of a label's row in the legend (pixels), -1 when not listed. */
    int rowY(int label) {
        int i = rows().indexOf(label);
        return i < 0 ? -1 : i * ROW;
    }

    /** Repaints after the active label or the palette changed. */
    void refresh() {
        rows = List.of();
        legend.repaint();
    }

    private List<Integer> rows = List.of();

    /** Labels listed: those present in the map or named by it (the whole palette for an empty map). */
    private List<Integer> rows() {
        if (rows.isEmpty()) {
            java.util.TreeSet<Integer> shown = new java.util.TreeSet<>(LabelSession.names(labels).keySet());
            for (int z = 1; z <= labels.getStackSize(); z++) {
                var ip = labels.getStack().getProcessor(z);
                for (int i = 0, n = ip.getPixelCount(); i < n; i++) if (ip.get(i) != 0) shown.add(ip.get(i));
            }
            rows = new ArrayList<>(shown.isEmpty() ? LabelOverlay.state(labels).palette.entries().keySet() : shown);
        }
        return rows;
    }

    private final class Legend extends Canvas {
        Legend() {
            addMouseListener(new MouseAdapter() {
                @Override
                public void mouseClicked(MouseEvent e) {
                    List<Integer> rows = rows();
                    int i = e.getY() / ROW;
                    if (i >= 0 && i < rows.size()) {
                        LabelOverlay.state(labels).activeLabel = rows.get(i);
                        repaint();
                    }
                }
            });
        }

        @Override
        public Dimension getPreferredSize() { return new Dimension(220, Math.min(40, Math.max(1, rows().size())) * ROW); }

        @Override
        public void paint(Graphics g) {
            LabelOverlay.State s = LabelOverlay.state(labels);
            g.setFont(new Font("SansSerif", Font.PLAIN, 12));
            List<Integer> rows = rows();
            java.util.Map<Integer, String> mapNames = LabelSession.names(labels); // the map's own names win over the palette's
            for (int i = 0; i < rows.size(); i++) {
                int label = rows.get(i), y = i * ROW;
                LabelPalette.Entry e = s.palette.get(label);
                if (label == s.activeLabel) {
                    g.setColor(new Color(200, 220, 255));
                    g.fillRect(0, y, getWidth(), ROW);
                }
                g.setColor(new Color(s.palette.rgb(label)));
                g.fillRect(4, y + 3, 24, ROW - 6);
                g.setColor(Color.black);
                g.drawRect(4, y + 3, 24, ROW - 6);
                String name = mapNames.isEmpty() && e != null ? e.name() : mapNames.getOrDefault(label, "label " + label);
                g.drawString(label + "  " + name, 36, y + ROW - 5);
            }
        }
    }
}
