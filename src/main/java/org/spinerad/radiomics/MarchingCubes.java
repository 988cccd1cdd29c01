package org.spinerad.radiomics;

/**
 * Marching-cubes surface of a binary mask as PyRadiomics' C extension ({@code cshape.c}) computes it: the mask padded
 * by one voxel, iso-level 0.5 (vertices at edge midpoints), the cube index flipped when corner 7 is set (half tables),
 * volume as the signed sum of tetrahedra to the origin, surface as the sum of triangle areas, and the vertex set for
 * diameters = the midpoints of all edges between a ROI and a non-ROI voxel. Axis order here is (z, y, x) like numpy.
 * The triangle table is the classic public-domain Lorensen/Bourke table in the variant cshape.c ships.
 */
final class MarchingCubes {
    private MarchingCubes() {}

    /** Corners of a cube relative to its origin, (z, y, x). */
    static final int[][] CORNERS = {{0, 0, 0}, {0, 0, 1}, {0, 1, 1}, {0, 1, 0}, {1, 0, 0}, {1, 0, 1}, {1, 1, 1}, {1, 1, 0}};
    /** Edge midpoints, (z, y, x). */
    static final double[][] EDGE_POINTS = {{0, 0, 0.5}, {0, 0.5, 1}, {0, 1, 0.5}, {0, 0.5, 0},
            {1, 0, 0.5}, {1, 0.5, 1}, {1, 1, 0.5}, {1, 0.5, 0},
            {0.5, 0, 0}, {0.5, 0, 1}, {0.5, 1, 1}, {0.5, 1, 0}};
    /** Triangles (edge index triples) per cube index 0..127. */
    static final int[][] TRIANGLES = {
            {},
            {0, 8, 3},
            {1, 9, 0},
            {1, 8, 3, 1, 9, 8},
            {1, 2, 10},
            {0, 8, 3, 1, 2, 10},
            {9, 2, 10, 0, 2, 9},
            {2, 8, 3, 2, 10, 8, 10, 9, 8},
            {11, 2, 3},
            {11, 2, 0, 0, 8, 11},
            {1, 9, 0, 11, 2, 3},
            {11, 2, 1, 1, 9, 11, 9, 8, 11},
            {3, 10, 1, 11, 10, 3},
            {10, 1, 0, 0, 8, 10, 8, 11, 10},
            {9, 0, 3, 3, 11, 9, 11, 10, 9},
            {9, 8, 10, 11, 10, 8},
            {4, 7, 8},
            {0, 4, 3, 4, 7, 3},
            {1, 9, 0, 4, 7, 8},
            {1, 9, 4, 1, 4, 7, 1, 7, 3},
            {1, 2, 10, 4, 7, 8},
            {3, 4, 7, 3, 0, 4, 1, 2, 10},
            {9, 2, 10, 9, 0, 2, 4, 7, 8},
            {2, 10, 9, 2, 9, 7, 2, 7, 3, 4, 7, 9},
            {4, 7, 8, 11, 2, 3},
            {11, 4, 7, 11, 2, 4, 2, 0, 4},
            {1, 9, 0, 4, 7, 8, 11, 2, 3},
            {4, 7, 11, 9, 4, 11, 11, 2, 9, 1, 9, 2},
            {3, 10, 1, 11, 10, 3, 4, 7, 8},
            {11, 10, 1, 1, 4, 11, 1, 0, 4, 4, 7, 11},
            {4, 7, 8, 9, 0, 3, 3, 11, 9, 11, 10, 9},
            {4, 7, 11, 4, 11, 9, 9, 11, 10},
            {9, 5, 4},
            {9, 5, 4, 0, 8, 3},
            {0, 5, 4, 0, 1, 5},
            {8, 5, 4, 8, 3, 5, 3, 1, 5},
            {1, 2, 10, 9, 5, 4},
            {0, 8, 3, 1, 2, 10, 9, 5, 4},
            {2, 10, 5, 5, 4, 2, 2, 4, 0},
            {2, 10, 5, 3, 2, 5, 3, 5, 4, 8, 3, 4},
            {9, 5, 4, 11, 2, 3},
            {11, 2, 0, 0, 8, 11, 9, 5, 4},
            {0, 5, 4, 0, 1, 5, 11, 2, 3},
            {2, 1, 5, 2, 5, 8, 11, 2, 8, 5, 4, 8},
            {3, 10, 1, 11, 10, 3, 9, 5, 4},
            {5, 4, 9, 10, 1, 0, 0, 8, 10, 8, 11, 10},
            {5, 4, 0, 5, 0, 11, 10, 5, 11, 11, 0, 3},
            {5, 4, 8, 10, 5, 8, 11, 10, 8},
            {7, 8, 9, 5, 7, 9},
            {3, 0, 9, 5, 3, 9, 3, 5, 7},
            {7, 8, 0, 0, 1, 7, 7, 1, 5},
            {1, 5, 7, 1, 7, 3},
            {7, 8, 9, 5, 7, 9, 1, 2, 10},
            {1, 2, 10, 3, 0, 9, 3, 9, 5, 3, 5, 7},
            {0, 2, 8, 8, 2, 5, 8, 5, 7, 2, 10, 5},
            {2, 10, 5, 2, 5, 3, 3, 5, 7},
            {5, 7, 9, 7, 8, 9, 11, 2, 3},
            {5, 7, 9, 9, 7, 2, 2, 0, 9, 11, 2, 7},
            {11, 2, 3, 0, 1, 8, 1, 7, 8, 1, 5, 7},
            {2, 1, 11, 1, 7, 11, 1, 5, 7},
            {7, 8, 9, 5, 7, 9, 3, 10, 1, 11, 10, 3},
            {5, 7, 0, 5, 0, 9, 7, 11, 0, 10, 1, 0, 11, 10, 0},
            {11, 10, 0, 0, 3, 11, 10, 5, 0, 0, 7, 8, 5, 7, 0},
            {11, 10, 5, 5, 7, 11},
            {6, 5, 10},
            {0, 8, 3, 6, 5, 10},
            {1, 9, 0, 6, 5, 10},
            {1, 8, 3, 1, 9, 8, 6, 5, 10},
            {1, 6, 5, 1, 2, 6},
            {1, 6, 5, 1, 2, 6, 0, 8, 3},
            {9, 6, 5, 9, 0, 6, 0, 2, 6},
            {5, 9, 8, 5, 8, 2, 5, 2, 6, 8, 3, 2},
            {11, 2, 3, 6, 5, 10},
            {11, 2, 0, 0, 8, 11, 6, 5, 10},
            {1, 9, 0, 11, 2, 3, 6, 5, 10},
            {11, 2, 1, 1, 9, 11, 9, 8, 11, 6, 5, 10},
            {6, 3, 11, 6, 5, 3, 5, 1, 3},
            {0, 8, 11, 0, 11, 5, 0, 5, 1, 5, 11, 6},
            {6, 3, 11, 0, 3, 6, 0, 6, 5, 0, 5, 9},
            {6, 5, 9, 6, 9, 11, 11, 9, 8},
            {4, 7, 8, 6, 5, 10},
            {0, 4, 3, 4, 7, 3, 6, 5, 10},
            {1, 9, 0, 4, 7, 8, 6, 5, 10},
            {1, 9, 4, 1, 4, 7, 1, 7, 3, 6, 5, 10},
            {4, 7, 8, 1, 6, 5, 1, 2, 6},
            {0, 4, 3, 4, 7, 3, 1, 6, 5, 1, 2, 6},
            {4, 7, 8, 9, 6, 5, 9, 0, 6, 0, 2, 6},
            {7, 3, 9, 4, 7, 9, 3, 2, 9, 5, 9, 6, 2, 6, 9},
            {11, 2, 3, 4, 7, 8, 6, 5, 10},
            {11, 4, 7, 11, 2, 4, 2, 0, 4, 6, 5, 10},
            {1, 9, 0, 11, 2, 3, 4, 7, 8, 6, 5, 10},
            {4, 7, 11, 9, 4, 11, 11, 2, 9, 1, 9, 2, 6, 5, 10},
            {4, 7, 8, 6, 3, 11, 6, 5, 3, 5, 1, 3},
            {5, 1, 11, 5, 11, 6, 1, 0, 11, 4, 7, 11, 0, 4, 11},
            {4, 7, 8, 6, 3, 11, 0, 3, 6, 0, 6, 5, 0, 5, 9},
            {6, 5, 9, 6, 9, 11, 4, 7, 9, 7, 11, 9},
            {10, 4, 9, 6, 4, 10},
            {10, 4, 9, 6, 4, 10, 0, 8, 3},
            {0, 1, 10, 10, 6, 0, 6, 4, 0},
            {1, 8, 3, 1, 6, 8, 8, 6, 4, 6, 1, 10},
            {1, 4, 9, 1, 2, 4, 2, 6, 4},
            {1, 4, 9, 1, 2, 4, 2, 6, 4, 0, 8, 3},
            {0, 2, 4, 4, 2, 6},
            {8, 3, 2, 8, 2, 4, 4, 2, 6},
            {11, 2, 3, 10, 4, 9, 6, 4, 10},
            {11, 2, 0, 0, 8, 11, 10, 4, 9, 6, 4, 10},
            {11, 2, 3, 0, 1, 10, 10, 6, 0, 6, 4, 0},
            {6, 4, 1, 6, 1, 10, 1, 4, 8, 11, 2, 1, 1, 8, 11},
            {9, 6, 4, 3, 6, 9, 1, 3, 9, 11, 6, 3},
            {1, 8, 11, 0, 8, 1, 11, 6, 1, 1, 4, 9, 6, 4, 1},
            {6, 3, 11, 0, 3, 6, 6, 4, 0},
            {8, 6, 4, 6, 8, 11},
            {6, 7, 10, 7, 8, 10, 8, 9, 10},
            {6, 7, 10, 0, 10, 7, 0, 9, 10, 0, 7, 3},
            {6, 7, 10, 1, 10, 7, 1, 7, 8, 0, 1, 8},
            {6, 7, 10, 1, 10, 7, 1, 7, 3},
            {1, 2, 6, 1, 6, 8, 1, 8, 9, 6, 7, 8},
            {2, 6, 9, 1, 2, 9, 6, 7, 9, 3, 0, 9, 7, 3, 9},
            {0, 7, 8, 7, 0, 6, 6, 0, 2},
            {2, 7, 3, 2, 6, 7},
            {11, 2, 3, 6, 7, 10, 7, 8, 10, 8, 9, 10},
            {2, 0, 7, 11, 2, 7, 0, 9, 7, 6, 7, 10, 9, 10, 7},
            {6, 7, 10, 1, 10, 7, 1, 7, 8, 0, 1, 8, 11, 2, 3},
            {11, 2, 1, 1, 7, 11, 10, 6, 1, 1, 6, 7},
            {8, 9, 6, 6, 7, 8, 1, 6, 9, 11, 6, 3, 1, 3, 6},
            {0, 9, 1, 6, 7, 11},
            {0, 7, 8, 7, 0, 6, 0, 3, 11, 11, 6, 0},
            {6, 7, 11}};

    /** Mesh volume (mm³), surface area (mm²) and mesh-vertex diameters of a mask. */
    record Mesh(double volume, double surfaceArea, double maxDiameter3D, double maxDiameterSlice,
                double maxDiameterColumn, double maxDiameterRow) {}

    /**
     * Runs marching cubes on {@code mask} (box nx*ny*nz, x fastest, spacing x/y/z) padded by one voxel.
     */
    static Mesh mesh(boolean[] mask, int nx, int ny, int nz, double[] spacing) {
        int px = nx + 2, py = ny + 2, pz = nz + 2;
        boolean[] p = pad(mask, nx, ny, nz);
        double[] sp = {spacing[2], spacing[1], spacing[0]}; // (z, y, x)
        int[] cornerOffset = new int[8];
        for (int c = 0; c < 8; c++) cornerOffset[c] = CORNERS[c][2] + px * (CORNERS[c][1] + py * CORNERS[c][0]);
        double volume = 0, area = 0;
        double[] a = new double[3], b = new double[3], c = new double[3];
        for (int iz = 0; iz < pz - 1; iz++)
            for (int iy = 0; iy < py - 1; iy++) {
                int rowBase = px * (iy + py * iz);
                for (int ix = 0; ix < px - 1; ix++) {
                    int base = rowBase + ix, idx = 0;
                    for (int k = 0; k < 8; k++) if (p[base + cornerOffset[k]]) idx |= 1 << k;
                    int sign = 1;
                    if ((idx & 0x80) != 0) {
                        idx ^= 0xff;
                        sign = -1;
                    }
                    if (idx == 0) continue;
                    int[] tri = TRIANGLES[idx];
                    for (int t = 0; t < tri.length; t += 3) {
                        point(EDGE_POINTS[tri[t]], iz, iy, ix, sp, a);
                        point(EDGE_POINTS[tri[t + 1]], iz, iy, ix, sp, b);
                        point(EDGE_POINTS[tri[t + 2]], iz, iy, ix, sp, c);
                        double cx = a[1] * b[2] - b[1] * a[2], cy = a[2] * b[0] - b[2] * a[0], cz = a[0] * b[1] - b[0] * a[1];
                        volume += sign * (cx * c[0] + cy * c[1] + cz * c[2]);
                        double ux = a[0] - c[0], uy = a[1] - c[1], uz = a[2] - c[2];
                        double vx = b[0] - c[0], vy = b[1] - c[1], vz = b[2] - c[2];
                        double nx0 = uy * vz - vy * uz, ny0 = uz * vx - vz * ux, nz0 = ux * vy - vx * uy;
                        area += 0.5 * Math.sqrt(nx0 * nx0 + ny0 * ny0 + nz0 * nz0);
                    }
                }
            }
        double[] d = Diameters.of3D(boundaryVertices3D(p, px, py, pz), sp);
        return new Mesh(volume / 6, area, d[3], d[0], d[1], d[2]);
    }

    private static void point(double[] edgePoint, int iz, int iy, int ix, double[] sp, double[] out) {
        out[0] = (iz + edgePoint[0]) * sp[0];
        out[1] = (iy + edgePoint[1]) * sp[1];
        out[2] = (ix + edgePoint[2]) * sp[2];
    }

    /** The mask cropped to its bounding box (size written to {@code box}), or null when empty. */
    static boolean[] cropToBoundingBox(boolean[] mask, int nx, int ny, int nz, int[] box) {
        int x0 = nx, y0 = ny, z0 = nz, x1 = -1, y1 = -1, z1 = -1;
        for (int i = 0; i < mask.length; i++) {
            if (!mask[i]) continue;
            int x = i % nx, y = (i / nx) % ny, z = i / (nx * ny);
            x0 = Math.min(x0, x); y0 = Math.min(y0, y); z0 = Math.min(z0, z);
            x1 = Math.max(x1, x); y1 = Math.max(y1, y); z1 = Math.max(z1, z);
        }
        if (x1 < 0) return null;
        box[0] = x1 - x0 + 1;
        box[1] = y1 - y0 + 1;
        box[2] = z1 - z0 + 1;
        if (box[0] == nx && box[1] == ny && box[2] == nz) return mask;
        boolean[] out = new boolean[box[0] * box[1] * box[2]];
        for (int z = 0; z < box[2]; z++)
            for (int y = 0; y < box[1]; y++)
                System.arraycopy(mask, x0 + nx * (y0 + y + ny * (z0 + z)), out, box[0] * (y + box[1] * z), box[0]);
        return out;
    }

    static boolean[] pad(boolean[] mask, int nx, int ny, int nz) {
        int px = nx + 2, py = ny + 2;
        boolean[] p = new boolean[px * py * (nz + 2)];
        for (int z = 0; z < nz; z++)
            for (int y = 0; y < ny; y++)
                System.arraycopy(mask, nx * (y + ny * z), p, 1 + px * (y + 1 + py * (z + 1)), nx);
        return p;
    }

    /**
     * Mesh vertices = midpoints of edges between a set and an unset voxel of the padded mask, as doubled integer
     * coordinates (z, y, x) packed in an int array of triples.
     */
    static int[] boundaryVertices3D(boolean[] p, int px, int py, int pz) {
        int[] v = new int[3 * 1024];
        int n = 0;
        for (int z = 0; z < pz; z++)
            for (int y = 0; y < py; y++)
                for (int x = 0, i = px * (y + py * z); x < px; x++, i++) {
                    boolean in = p[i];
                    boolean ex = x + 1 < px && in != p[i + 1];
                    boolean ey = y + 1 < py && in != p[i + px];
                    boolean ez = z + 1 < pz && in != p[i + px * py];
                    if (!(ex || ey || ez)) continue;
                    if (n + 9 > v.length) v = java.util.Arrays.copyOf(v, v.length * 2);
                    if (ez) { v[n++] = 2 * z + 1; v[n++] = 2 * y; v[n++] = 2 * x; }
                    if (ey) { v[n++] = 2 * z; v[n++] = 2 * y + 1; v[n++] = 2 * x; }
                    if (ex) { v[n++] = 2 * z; v[n++] = 2 * y; v[n++] = 2 * x + 1; }
                }
        return java.util.Arrays.copyOf(v, n);
    }

    /** 2D marching squares result (PyRadiomics calculate_coefficients2D). */
    record Contour(double surface, double perimeter, double maxDiameter) {}

    /** Marching squares on a 2D mask (rows x cols, row-major, spacing {row, col}) padded by one pixel. */
    static Contour contour(boolean[] mask, int rows, int cols, double[] spacing) {
        int pr = rows + 2, pc = cols + 2;
        boolean[] p = new boolean[pr * pc];
        for (int r = 0; r < rows; r++) System.arraycopy(mask, r * cols, p, (r + 1) * pc + 1, cols);
        double surface = 0, perimeter = 0;
        for (int iy = 0; iy < pr - 1; iy++)
            for (int ix = 0; ix < pc - 1; ix++) {
                int idx = 0;
                for (int k = 0; k < 4; k++)
                    if (p[(iy + SQUARE_CORNERS[k][0]) * pc + ix + SQUARE_CORNERS[k][1]]) idx |= 1 << k;
                if (idx == 0 || idx == 0xF) continue;
                int[] lines = LINES_2D[idx];
                for (int t = 0; t < lines.length; t += 2) {
                    double a0 = (iy + SQUARE_EDGE_POINTS[lines[t]][0]) * spacing[0];
                    double a1 = (ix + SQUARE_EDGE_POINTS[lines[t]][1]) * spacing[1];
                    double b0 = (iy + SQUARE_EDGE_POINTS[lines[t + 1]][0]) * spacing[0];
                    double b1 = (ix + SQUARE_EDGE_POINTS[lines[t + 1]][1]) * spacing[1];
                    surface += a0 * b1 - b0 * a1;
                    perimeter += Math.hypot(a0 - b0, a1 - b1);
                }
            }
        // vertices: midpoints of edges between set and unset pixels, doubled (row, col)
        int[] v = new int[2 * 256];
        int n = 0;
        for (int r = 0; r < pr; r++)
            for (int c = 0; c < pc; c++) {
                int i = r * pc + c;
                if (c + 1 < pc && p[i] != p[i + 1]) {
                    if (n + 2 > v.length) v = java.util.Arrays.copyOf(v, v.length * 2);
                    v[n++] = 2 * r;
                    v[n++] = 2 * c + 1;
                }
                if (r + 1 < pr && p[i] != p[i + pc]) {
                    if (n + 2 > v.length) v = java.util.Arrays.copyOf(v, v.length * 2);
                    v[n++] = 2 * r + 1;
                    v[n++] = 2 * c;
                }
            }
        return new Contour(surface / 2, perimeter, Diameters.of2D(java.util.Arrays.copyOf(v, n), spacing[0], spacing[1]));
    }

    static final int[][] SQUARE_CORNERS = {{0, 0}, {0, 1}, {1, 1}, {1, 0}};
    static final double[][] SQUARE_EDGE_POINTS = {{0, 0.5}, {0.5, 1}, {1, 0.5}, {0.5, 0}};
    static final int[][] LINES_2D = {{}, {3, 0}, {0, 1}, {3, 1}, {1, 2}, {1, 2, 3, 0}, {0, 2}, {3, 2},
            {2, 3}, {2, 0}, {0, 1, 2, 3}, {2, 1}, {1, 3}, {1, 0}, {0, 3}, {}};
}
