package org.spinerad.annotate;

/**
 * Pixels of one slice inside a shape, within the box [x0, x0+width) x [y0, y0+height) of the slice (already clipped
 * to the slice). {@code inside[x + width * y]} refers to slice pixel (x0 + x, y0 + y).
 */
public record SliceMask(int x0, int y0, int width, int height, boolean[] inside) {
    public SliceMask {
        if (width < 0 || height < 0 || inside.length != width * height)
            throw new IllegalArgumentException("mask of " + inside.length + " pixels does not fill a " + width + " x " + height + " box");
    }

    static SliceMask empty() { return new SliceMask(0, 0, 0, 0, new boolean[0]); }

    /** Number of pixels inside. */
    public int count() {
        int c = 0;
        for (boolean b : inside) if (b) c++;
        return c;
    }

    /**
     * A mask from a byte mask such as ImageJ's {@code Roi.getMask()} (non-zero = inside) placed at (x0, y0) in a slice
     * of nx x ny pixels; the part outside the slice is dropped.
     */
    public static SliceMask fromBytes(int x0, int y0, int width, int height, byte[] mask, int nx, int ny) {
        if (mask.length != width * height)
            throw new IllegalArgumentException("byte mask of " + mask.length + " pixels does not fill a " + width + " x " + height + " box");
        int bx0 = Math.max(0, x0), by0 = Math.max(0, y0);
        int bx1 = Math.min(nx, x0 + width), by1 = Math.min(ny, y0 + height);
        if (bx1 <= bx0 || by1 <= by0) return empty();
        int w = bx1 - bx0, h = by1 - by0;
        boolean[] inside = new boolean[w * h];
        for (int y = by0; y < by1; y++)
            for (int x = bx0; x < bx1; x++)
                inside[(x - bx0) + w * (y - by0)] = mask[(x - x0) + width * (y - y0)] != 0;
        return new SliceMask(bx0, by0, w, h, inside);
    }
}
