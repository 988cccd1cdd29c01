package org.spinerad.phantom;

import org.spinerad.image.AxisPermutation;
import org.spinerad.image.Geometry;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A CT phantom of the trunk for training segmentation networks: a curved column (T9–L5, rarely L6, and the sacrum)
 * of whole vertebrae — waisted bodies with a cortical shell around cancellous bone, pedicles, laminae, superior and
 * inferior articular processes, transverse and spinous processes around the canal (dural sac) — discs, ribs at T9–T12,
 * iliac wings with sacroiliac joints, acetabula, pubic and ischial rami, femoral heads, necks and shafts; lungs above
 * the diaphragm, liver, spleen, kidneys, aorta and IVC (native, arterial or portal phase), bowel with gas, bladder,
 * psoas and paraspinal muscles, subcutaneous and visceral fat, and the patient table. Every anatomical size, angle and
 * HU value is drawn from the seed; so are the field of view (thoracolumbar, lumbar, abdomen–pelvis, short cut-out or
 * thoracic slab), the voxel spacing (0.5–3 mm, slices up to 3 mm), noise, blur, streaks and the storage order (any
 * of the 48 axis orders/flips). World coordinates are LPS millimetres with the S1 end plate centre at the origin.
 */
public final class TorsoPhantom {
    /** What a voxel contains; the bone structures are the last ones ({@link #isBone}). */
    public enum Structure {
        AIR, TABLE, TABLE_CORE, FAT, MUSCLE, VISCERAL_FAT, LUNG, LIVER, SPLEEN, KIDNEY, AORTA, IVC, BOWEL, BOWEL_GAS,
        BLADDER, CANAL, DISC, VERTEBRAL_BODY, POSTERIOR, SACRUM_S1, SACRUM_LOWER, PELVIS, FEMUR, RIB;

        private static final Structure[] VALUES = values();

        public static Structure of(int ordinal) { return VALUES[ordinal]; }

        public boolean isBone() { return ordinal() >= VERTEBRAL_BODY.ordinal(); }
    }

    /** Field-of-view kinds, each cut from the same anatomy. */
    public enum FieldOfView { THORACOLUMBAR, LUMBAR, ABDOMEN_PELVIS, CUTOUT, THORACIC_SLAB }

    /** One vertebra (or the sacrum's S1 segment): centre, local axes (u left, v posterior, s superior), sizes (mm). */
    public record Segment(String name, double[] centre, double[] u, double[] v, double[] s, double semiWidth, double semiDepth,
                          double height, boolean thoracic) {
        double[] local(double x, double y, double z) {
            double dx = x - centre[0], dy = y - centre[1], dz = z - centre[2];
            return new double[]{dx * u[0] + dy * u[1] + dz * u[2], dx * v[0] + dy * v[1] + dz * v[2], dx * s[0] + dy * s[1] + dz * s[2]};
        }

        double[] world(double lu, double lv, double ls) {
            double[] w = new double[3];
            for (int i = 0; i < 3; i++) w[i] = centre[i] + lu * u[i] + lv * v[i] + ls * s[i];
            return w;
        }
    }

    /**
     * The rendered phantom: CT in HU and the structure and level of every voxel (level = 1 + index into
     * {@link #segments()} for the bodies, posterior elements and ribs of that vertebra, 0 elsewhere), stored in
     * {@code geometry}'s voxel order.
     */
    public record Rendered(Geometry geometry, float[] hu, byte[] structure, byte[] level) {
        public Structure structure(int i) { return Structure.of(structure[i]); }
    }

    private static final int MAX_VOXELS = 5_000_000;

    private final long seed;
    private SplittableRandom r;
    private final List<Segment> segments = new ArrayList<>();
    private final FieldOfView fov;
    private final double canalHalfWidth, canalHalfDepth;
    // torso cross-section (centre x 0), fat thickness, femoral head centre (right side mirrored), head radius
    private final double torsoSemiX, torsoSemiY, torsoCentreY, fatThickness, hipX, hipY, hipZ, headRadius, sacralSlope;
    private final double diaphragmZ, backY;
    private final int contrastPhase; // 0 native, 1 arterial, 2 portal venous

    public TorsoPhantom(long seed) {
        this(seed, null);
    }

    /** As {@link #TorsoPhantom(long)} with the given field of view instead of a random one (null = random). */
    public TorsoPhantom(long seed, FieldOfView fieldOfView) {
        this.seed = seed;
        this.r = new SplittableRandom(seed);
        double size = r.nextDouble(0.85, 1.15);
        canalHalfWidth = r.nextDouble(9, 12.5) * size;
        canalHalfDepth = r.nextDouble(6, 9) * size;
        sacralSlope = Math.toRadians(r.nextDouble(25, 50));
        int lumbar = r.nextDouble() < 0.06 ? 6 : r.nextDouble() < 0.06 ? 4 : 5;
        buildColumn(size, lumbar);
        Segment s1 = segments.get(segments.size() - 1);
        torsoSemiX = r.nextDouble(130, 190) * size;
        torsoSemiY = r.nextDouble(95, 145) * size;
        fatThickness = r.nextDouble(8, 45);
        double spineTip = s1.semiDepth() + 2 * canalHalfDepth + 40;
        backY = spineTip + r.nextDouble(15, 55);
        torsoCentreY = backY - torsoSemiY;
        hipX = r.nextDouble(80, 98) * size;
        hipY = r.nextDouble(-35, -10) * size;
        hipZ = -r.nextDouble(85, 110) * size;
        headRadius = r.nextDouble(21, 26) * size;
        Segment t12 = segments.get(3);
        diaphragmZ = t12.centre()[2] + r.nextDouble(-30, 30);
        contrastPhase = r.nextInt(3);
        double p = r.nextDouble();
        fov = fieldOfView != null ? fieldOfView : p < 0.2 ? FieldOfView.THORACOLUMBAR : p < 0.45 ? FieldOfView.LUMBAR : p < 0.7 ? FieldOfView.ABDOMEN_PELVIS
                : p < 0.92 ? FieldOfView.CUTOUT : FieldOfView.THORACIC_SLAB;
    }

    /** The vertebrae top to bottom (T9 … L5/L6), then S1. */
    public List<Segment> segments() { return List.copyOf(segments); }

    public FieldOfView fieldOfView() { return fov; }

    /** Stacks the column from the S1 end plate upwards: sacral slope, lordosis, kyphosis and a little scoliosis. */
    private void buildColumn(double size, int lumbar) {
        // axis angle theta from +z towards anterior (-y); phi towards the left (+x)
        double theta = sacralSlope, phi = r.nextDouble(-0.04, 0.04), scoliosis = r.nextDouble() < 0.3 ? r.nextDouble(-0.05, 0.05) : 0;
        double lordosis = sacralSlope + Math.toRadians(r.nextDouble(0, 15));
        double[] plate = {0, 0, 0}; // top end plate centre of the segment below
        List<Segment> up = new ArrayList<>();
        up.add(segment("S1", new double[]{0, 0, 0}, theta, phi, r.nextDouble(22, 27) * size, r.nextDouble(15, 19) * size,
                r.nextDouble(24, 30) * size, false, true));
        String[] names = new String[lumbar + 4];
        for (int k = 0; k < lumbar; k++) names[k] = "L" + (lumbar - k);
        for (int k = 0; k < 4; k++) names[lumbar + k] = "T" + (12 - k);
        double prevW = up.get(0).semiWidth(), prevD = up.get(0).semiDepth();
        for (int k = 0; k < names.length; k++) {
            boolean thoracic = names[k].startsWith("T");
            double wedge = thoracic ? -Math.toRadians(r.nextDouble(2, 6)) : lordosis * (k == 0 ? 0.35 : 0.65 / (lumbar - 1));
            double disc = (thoracic ? r.nextDouble(4, 7) : k == 0 ? r.nextDouble(6, 11) : r.nextDouble(8, 13)) * size
                    * (r.nextDouble() < 0.2 ? r.nextDouble(0.35, 0.8) : 1);
            double[] a = axis(theta - wedge / 2, phi);
            double[] bottom = add(plate, a, disc);
            theta -= wedge;
            phi += scoliosis + r.nextDouble(-0.02, 0.02);
            a = axis(theta, phi);
            double h = (thoracic ? r.nextDouble(17, 22) : r.nextDouble(24, 29)) * size;
            double w = prevW * r.nextDouble(0.93, 1.0), d = prevD * r.nextDouble(0.94, 1.01);
            up.add(segment(names[k], add(bottom, a, h / 2), theta, phi, w, d, h, thoracic, false));
            prevW = w;
            prevD = d;
            plate = add(bottom, a, h);
        }
        for (int k = up.size() - 1; k >= 0; k--) segments.add(up.get(k));
    }

    private Segment segment(String name, double[] plateOrCentre, double theta, double phi, double w, double d, double h,
                            boolean thoracic, boolean sacrum) {
        double[] s = axis(theta, phi);
        double[] u = {1, 0, 0};
        double dot = u[0] * s[0];
        for (int i = 0; i < 3; i++) u[i] -= dot * s[i];
        normalise(u);
        double[] v = {s[1] * u[2] - s[2] * u[1], s[2] * u[0] - s[0] * u[2], s[0] * u[1] - s[1] * u[0]};
        double[] centre = sacrum ? add(plateOrCentre, s, -h / 2) : plateOrCentre;
        return new Segment(name, centre, u, v, s, w, d, h, thoracic);
    }

    private static double[] axis(double theta, double phi) {
        double[] a = {Math.sin(phi), -Math.sin(theta) * Math.cos(phi), Math.cos(theta) * Math.cos(phi)};
        normalise(a);
        return a;
    }

    private static void normalise(double[] a) {
        double n = Math.sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]);
        for (int i = 0; i < 3; i++) a[i] /= n;
    }

    private static double[] add(double[] p, double[] dir, double t) {
        return new double[]{p[0] + dir[0] * t, p[1] + dir[1] * t, p[2] + dir[2] * t};
    }

    // ------------------------------------------------------------------ rendering

    /** Renders the phantom on its randomised grid and storage order. */
    public Rendered render() {
        r = new SplittableRandom(seed ^ 0x5DEECE66DL); // rendering draws its own stream: render() is repeatable
        Geometry g = grid();
        Painter p = new Painter(g);
        paintSoftTissue(p);
        paintColumn(p);
        paintRibs(p);
        paintPelvis(p);
        float[] hu = intensities(p);
        return store(new Rendered(g, hu, p.structure, p.level));
    }

    /** The canonical (LPS, identity direction) grid of the drawn field of view and spacing. */
    private Geometry grid() {
        int n = segments.size();
        Segment s1 = segments.get(n - 1), t12 = segments.get(3);
        double zTop, zBottom;
        double x0 = -torsoSemiX - 15, x1 = torsoSemiX + 15, y0 = torsoCentreY - torsoSemiY - 15, y1 = backY + 45;
        switch (fov) {
            case THORACOLUMBAR -> { zTop = segments.get(r.nextInt(2)).centre()[2]; zBottom = segments.get(n - 1 - r.nextInt(1, 4)).centre()[2]; }
            case LUMBAR -> { zTop = t12.centre()[2] + r.nextDouble(-10, 20); zBottom = s1.centre()[2] - r.nextDouble(10, 70); }
            case ABDOMEN_PELVIS -> { zTop = segments.get(2 + r.nextInt(2)).centre()[2]; zBottom = hipZ - r.nextDouble(20, 70); }
            case CUTOUT -> {
                int top = r.nextInt(3, n - 3), len = r.nextInt(2, 5);
                zTop = segments.get(top).centre()[2] + r.nextDouble(0, 15);
                zBottom = segments.get(Math.min(n - 1, top + len - 1)).centre()[2] - r.nextDouble(0, 15);
                double halfX = r.nextDouble(50, 110), front = r.nextDouble(40, 70), back = r.nextDouble(60, 110);
                double cy = segments.get(top).centre()[1];
                x0 = Math.max(x0, -halfX); x1 = Math.min(x1, halfX); y0 = Math.max(y0, cy - front); y1 = Math.min(y1, cy + back);
            }
            default -> { // thoracic slab around T11/T12 as a short DICOM series
                double c = segments.get(2 + r.nextInt(2)).centre()[2];
                double half = r.nextDouble(20, 45);
                zTop = c + half; zBottom = c - half;
            }
        }
        double inPlane = fov == FieldOfView.CUTOUT ? r.nextDouble(0.5, 1.6) : r.nextDouble(0.6, 1.2);
        double slice = r.nextDouble() < 0.25 ? 3.0 : r.nextDouble(Math.max(0.5, inPlane * 0.8), 3.0);
        if (r.nextDouble() < 0.2) inPlane = slice = r.nextDouble(1.5, 3.0); // isotropic coarse, as TotalSegmentator's 3 mm
        double[] sp = {inPlane, inPlane, slice};
        double[] lo = {x0, y0, zBottom}, hi = {x1, y1, zTop};
        int[] dims = new int[3];
        while (true) {
            long voxels = 1;
            for (int a = 0; a < 3; a++) voxels *= dims[a] = Math.max(8, (int) Math.ceil((hi[a] - lo[a]) / sp[a]));
            if (voxels <= MAX_VOXELS) break;
            sp[0] = sp[1] = sp[0] * 1.08; // coarser in-plane first: a big field of view is reconstructed coarser
            if (sp[0] > 3) sp[2] = Math.min(3, sp[2] * 1.08);
        }
        return new Geometry(dims, sp, lo, Geometry.identity());
    }

    /** Writes structures into a canonical grid; a later paint wins. */
    private static final class Painter {
        final Geometry g;
        final int nx, ny, nz;
        final double[] sp, o;
        final byte[] structure, level;

        Painter(Geometry g) {
            this.g = g;
            nx = g.nx(); ny = g.ny(); nz = g.nz();
            sp = g.spacing(); o = g.origin();
            structure = new byte[g.voxelCount()];
            level = new byte[g.voxelCount()];
        }

        interface Inside { boolean at(double x, double y, double z); }

        /** Paints {@code s} (and level) wherever {@code inside} holds within the world box centre ± half. */
        void paint(double[] c, double half, Structure s, int lvl, Inside inside) {
            paint(new double[]{c[0] - half, c[1] - half, c[2] - half}, new double[]{c[0] + half, c[1] + half, c[2] + half}, s, lvl, inside);
        }

        void paint(double[] lo, double[] hi, Structure s, int lvl, Inside inside) {
            int[] a = new int[3], b = new int[3];
            int[] n = {nx, ny, nz};
            for (int d = 0; d < 3; d++) {
                a[d] = Math.max(0, (int) Math.floor((Math.min(lo[d], hi[d]) - o[d]) / sp[d]));
                b[d] = Math.min(n[d] - 1, (int) Math.ceil((Math.max(lo[d], hi[d]) - o[d]) / sp[d]));
            }
            for (int z = a[2]; z <= b[2]; z++) {
                double wz = o[2] + z * sp[2];
                for (int y = a[1]; y <= b[1]; y++) {
                    double wy = o[1] + y * sp[1];
                    int row = nx * (y + ny * z);
                    for (int x = a[0]; x <= b[0]; x++)
                        if (inside.at(o[0] + x * sp[0], wy, wz)) {
                            structure[row + x] = (byte) s.ordinal();
                            level[row + x] = (byte) lvl;
                        }
                }
            }
        }

        double zMin() { return o[2]; }

        double zMax() { return o[2] + (nz - 1) * sp[2]; }
    }

    private static double sq(double a) { return a * a; }

    private static boolean inEllipsoid(double x, double y, double z, double[] c, double ax, double ay, double az) {
        return sq((x - c[0]) / ax) + sq((y - c[1]) / ay) + sq((z - c[2]) / az) <= 1;
    }

    /** Distance from p to the segment a–b at most radius. */
    private static boolean inCapsule(double x, double y, double z, double[] a, double[] b, double radius) {
        double dx = b[0] - a[0], dy = b[1] - a[1], dz = b[2] - a[2];
        double t = ((x - a[0]) * dx + (y - a[1]) * dy + (z - a[2]) * dz) / (dx * dx + dy * dy + dz * dz);
        t = Math.max(0, Math.min(1, t));
        return sq(x - a[0] - t * dx) + sq(y - a[1] - t * dy) + sq(z - a[2] - t * dz) <= radius * radius;
    }

    private void capsule(Painter p, double[] a, double[] b, double radius, Structure s, int lvl) {
        double[] lo = new double[3], hi = new double[3];
        for (int i = 0; i < 3; i++) { lo[i] = Math.min(a[i], b[i]) - radius; hi[i] = Math.max(a[i], b[i]) + radius; }
        p.paint(lo, hi, s, lvl, (x, y, z) -> inCapsule(x, y, z, a, b, radius));
    }

    private void paintSoftTissue(Painter p) {
        double zLo = p.zMin() - 5, zHi = p.zMax() + 5;
        // patient table: carbon skins around a foam core, slightly curved, below the back
        if (r.nextDouble() < 0.85) {
            double top = backY + r.nextDouble(0, 12), thick = r.nextDouble(12, 30), halfW = r.nextDouble(200, 260), curve = r.nextDouble(0, 6e-4);
            p.paint(new double[]{-halfW, top - 20, zLo}, new double[]{halfW, top + thick, zHi}, Structure.TABLE, 0, (x, y, z) -> {
                double t = y - (top - curve * x * x);
                return Math.abs(x) <= halfW && t >= 0 && t <= thick;
            });
            p.paint(new double[]{-halfW, top - 20, zLo}, new double[]{halfW, top + thick, zHi}, Structure.TABLE_CORE, 0, (x, y, z) -> {
                double t = y - (top - curve * x * x);
                return Math.abs(x) <= halfW - 3 && t >= 2 && t <= thick - 2;
            });
        }
        double widen = r.nextDouble(0, 0.0015); // the trunk widens towards the pelvis
        double[] lo = {-torsoSemiX * 1.3, torsoCentreY - torsoSemiY, zLo}, hi = {torsoSemiX * 1.3, backY, zHi};
        p.paint(lo, hi, Structure.FAT, 0, (x, y, z) -> torso(x, y, z, 0, widen) <= 1);
        p.paint(lo, hi, Structure.MUSCLE, 0, (x, y, z) -> torso(x, y, z, fatThickness, widen) <= 1);
        double wall = r.nextDouble(8, 16);
        p.paint(lo, hi, Structure.VISCERAL_FAT, 0, (x, y, z) -> torso(x, y, z, fatThickness + wall, widen) <= 1);
        Segment s1 = segments.get(segments.size() - 1);
        double bodyFront = s1.centre()[1] - s1.semiDepth();
        // lungs above the domed diaphragm (right dome higher), posterior recesses reach lowest
        double dome = r.nextDouble(0.002, 0.004), rightHigher = r.nextDouble(5, 20);
        p.paint(lo, hi, Structure.LUNG, 0, (x, y, z) -> torso(x, y, z, fatThickness + wall + 4, widen) <= 1 && Math.abs(x) > 25
                && z > diaphragmZ + (x < 0 ? rightHigher : 0) + dome * sq(Math.abs(x) - 80) - 0.25 * (y - torsoCentreY));
        // liver right (x < 0), spleen left, below the diaphragm
        double[] liver = {-torsoSemiX * 0.45, torsoCentreY - 10, diaphragmZ + rightHigher - r.nextDouble(55, 75)};
        double lx = torsoSemiX * 0.55, ly = torsoSemiY * 0.7, lz = r.nextDouble(70, 95);
        p.paint(liver, Math.max(lx, Math.max(ly, lz)), Structure.LIVER, 0, (x, y, z) -> inEllipsoid(x, y, z, liver, lx, ly, lz)
                && torso(x, y, z, fatThickness + wall, widen) <= 1 && z < diaphragmZ + rightHigher + 10);
        double[] spleen = {torsoSemiX * 0.55, torsoCentreY + torsoSemiY * 0.35, diaphragmZ - r.nextDouble(35, 60)};
        p.paint(spleen, 60, Structure.SPLEEN, 0, (x, y, z) -> inEllipsoid(x, y, z, spleen, 30, 45, 55));
        // kidneys beside L1–L3 (right lower), psoas along the lumbar bodies
        Segment l2 = segments.get(segments.size() - 5);
        for (int side = -1; side <= 1; side += 2) {
            double[] kidney = {side * r.nextDouble(55, 75), l2.centre()[1] + r.nextDouble(5, 25), l2.centre()[2] + (side < 0 ? -15 : 0) + r.nextDouble(-15, 15)};
            p.paint(kidney, 65, Structure.KIDNEY, 0, (x, y, z) -> inEllipsoid(x, y, z, kidney, 28, 24, 55));
        }
        Segment l1 = segments.get(segments.size() - 6);
        double psoasMax = r.nextDouble(18, 30);
        for (int side = -1; side <= 1; side += 2) {
            double sgn = side;
            p.paint(new double[]{-150, -150, s1.centre()[2]}, new double[]{150, 150, l1.centre()[2]}, Structure.MUSCLE, 0, (x, y, z) -> {
                double f = (l1.centre()[2] - z) / (l1.centre()[2] - s1.centre()[2]);
                double rad = 8 + (psoasMax - 8) * f, cx = sgn * (s1.semiWidth() + rad * 0.8 + 8 * f), cy = l2.centre()[1] + 2;
                return sq(x - cx) + sq(y - cy) <= rad * rad;
            });
        }
        // aorta (bifurcating at L4) and IVC in front of the column; bowel loops, some with gas; bladder in the pelvis
        Segment l4 = segments.get(segments.size() - 3);
        double aortaR = r.nextDouble(9, 14), ivcR = r.nextDouble(9, 14);
        double[] aTop = {r.nextDouble(5, 20), columnY(zHi) - segments.get(0).semiDepth() - aortaR - 6, zHi}, aBif = {5, l4.centre()[1] - l4.semiDepth() - aortaR - 4, l4.centre()[2]};
        capsule(p, aTop, aBif, aortaR, Structure.AORTA, 0);
        for (int side = -1; side <= 1; side += 2)
            capsule(p, aBif, new double[]{side * 60, aBif[1] + 5, hipZ + 30}, aortaR * 0.65, Structure.AORTA, 0);
        capsule(p, new double[]{-r.nextDouble(18, 30), columnY(zHi) - segments.get(0).semiDepth() - ivcR - 4, zHi}, new double[]{-20, aBif[1], l4.centre()[2] - 10}, ivcR, Structure.IVC, 0);
        int loops = r.nextInt(8, 20);
        for (int k = 0; k < loops; k++) {
            double[] c = {r.nextDouble(-0.7, 0.7) * torsoSemiX, torsoCentreY - r.nextDouble(0, 0.7) * torsoSemiY,
                    r.nextDouble(hipZ, diaphragmZ - 60)};
            double ax = r.nextDouble(12, 30), ay = r.nextDouble(12, 30), az = r.nextDouble(12, 40);
            boolean gas = r.nextDouble() < 0.5;
            p.paint(c, Math.max(ax, Math.max(ay, az)), Structure.BOWEL, 0, (x, y, z) -> inEllipsoid(x, y, z, c, ax, ay, az)
                    && torso(x, y, z, fatThickness + wall, widen) <= 1);
            if (gas) p.paint(c, Math.max(ax, Math.max(ay, az)), Structure.BOWEL_GAS, 0,
                    (x, y, z) -> inEllipsoid(x, y, z, c, ax - 3, ay - 3, az - 3) && (y - c[1]) < ay * 0.3);
        }
        double[] bladder = {0, hipY - r.nextDouble(40, 60), hipZ + r.nextDouble(-20, 10)};
        double bx = r.nextDouble(25, 45);
        p.paint(bladder, 50, Structure.BLADDER, 0, (x, y, z) -> inEllipsoid(x, y, z, bladder, bx, bx * 0.8, bx * 0.8));
        // erector spinae either side of the spinous processes, from the laminae to the subcutaneous fat
        double erector = r.nextDouble(25, 40);
        p.paint(lo, hi, Structure.MUSCLE, 0, (x, y, z) -> {
            double cy = columnY(z) + s1.semiDepth() + 2 * canalHalfDepth + 12;
            return Math.abs(x) > 3 && sq((Math.abs(x) - 28) / erector) + sq((y - cy) / 22) <= 1 && torso(x, y, z, fatThickness, widen) <= 1;
        });
    }

    /** Normalised radius of the trunk ellipse shrunk by {@code inset} mm (1 = on its border). */
    private double torso(double x, double y, double z, double inset, double widen) {
        double grow = 1 + widen * Math.max(0, -z + 40), back = Math.max(0, -z) * Math.sin(sacralSlope) * 0.7; // buttocks
        return sq(x / (torsoSemiX * grow - inset)) + sq((y - torsoCentreY - back / 2) / (torsoSemiY + back / 2 - inset));
    }

    /** Antero-posterior position of the column's body centre at height z (linear between segment centres). */
    private double columnY(double z) {
        Segment prev = segments.get(0);
        if (z >= prev.centre()[2]) return prev.centre()[1];
        for (Segment s : segments) {
            if (s.centre()[2] <= z) {
                double t = (z - s.centre()[2]) / (prev.centre()[2] - s.centre()[2]);
                return s.centre()[1] + t * (prev.centre()[1] - s.centre()[1]);
            }
            prev = s;
        }
        return prev.centre()[1];
    }

    private void paintColumn(Painter p) {
        int n = segments.size();
        // discs first (the bodies overwrite their ends), then vertebrae, then the canal through all of them
        for (int k = 0; k + 1 < n; k++) {
            Segment up = segments.get(k), down = segments.get(k + 1);
            double[] b = up.world(0, 0, -up.height() / 2);
            double[] t = down.world(0, 0, down.height() / 2);
            double[] mid = {(b[0] + t[0]) / 2, (b[1] + t[1]) / 2, (b[2] + t[2]) / 2};
            double gap = Math.sqrt(sq(b[0] - t[0]) + sq(b[1] - t[1]) + sq(b[2] - t[2]));
            double w = Math.min(up.semiWidth(), down.semiWidth()) + 1, d = Math.min(up.semiDepth(), down.semiDepth()) + 1.5;
            Segment frame = new Segment("disc", mid, up.u(), up.v(), avg(up.s(), down.s()), w, d, gap, up.thoracic());
            p.paint(mid, Math.max(w, gap) + 12, Structure.DISC, 0, (x, y, z) -> {
                double[] l = frame.local(x, y, z);
                return Math.abs(l[2]) <= gap / 2 + 6 && sq(l[0] / w) + sq(l[1] / d) <= 1;
            });
        }
        for (int k = 0; k < n - 1; k++) paintVertebra(p, segments.get(k), k + 1);
        paintSacrum(p, segments.get(n - 1), n);
        for (int k = 0; k < n; k++) {
            Segment s = segments.get(k);
            boolean sacrum = k == n - 1;
            double cw = canalHalfWidth * (sacrum ? 0.8 : 1), cd = canalHalfDepth * (sacrum ? 0.7 : 1), vc = s.semiDepth() + cd - 0.5;
            double reach = s.height() / 2 + (sacrum ? 0 : 9);
            p.paint(s.centre(), 60, Structure.CANAL, 0, (x, y, z) -> {
                double[] l = s.local(x, y, z);
                return l[2] <= reach && l[2] >= -reach && sq(l[0] / cw) + sq((l[1] - vc) / cd) <= 1;
            });
        }
        if (n > 1) { // the sacral canal runs down the sacrum
            Segment s1 = segments.get(n - 1);
            double cw = canalHalfWidth * 0.75, vc = s1.semiDepth() + 4;
            p.paint(s1.centre(), 110, Structure.CANAL, 0, (x, y, z) -> {
                double[] l = sacralLocal(s1, x, y, z);
                double t = -l[2] / sacrumLength, v = l[1] + sacralBend * l[2] * l[2];
                return t >= 0 && t <= 0.85 && sq(l[0] / (cw * (1 - 0.4 * t))) + sq((v - vc * (1 - 0.5 * t)) / 4.5) <= 1;
            });
        }
    }

    private static double[] avg(double[] a, double[] b) {
        double[] m = {(a[0] + b[0]) / 2, (a[1] + b[1]) / 2, (a[2] + b[2]) / 2};
        normalise(m);
        return m;
    }

    /** A whole vertebra: body, pedicles, laminae, articular, transverse and spinous processes (local frame). */
    private void paintVertebra(Painter p, Segment s, int lvl) {
        double a = s.semiWidth(), b = s.semiDepth(), h = s.height(), cw = canalHalfWidth, cd = canalHalfDepth;
        double vc = b + cd - 0.5, sp = h * 0.12, pedR = r.nextDouble(3.5, 5) * (s.thoracic() ? 0.8 : 1);
        double tpLen = s.thoracic() ? r.nextDouble(14, 20) : r.nextDouble(14, 30), spLen = r.nextDouble(22, 32);
        double lamina = r.nextDouble(4.5, 7);
        boolean thoracic = s.thoracic();
        p.paint(s.centre(), 80, Structure.POSTERIOR, lvl, (x, y, z) -> {
            double[] l = s.local(x, y, z);
            double u = Math.abs(l[0]), v = l[1], w = l[2];
            if (v < b * 0.4) return false;
            boolean pedicle = v <= vc + 2 && sq((u - cw - pedR * 0.7) / pedR) + sq((w - sp) / (pedR * 1.5)) <= 1;
            boolean ring = v >= vc - 1 && w >= sp - 12 && w <= sp + 6 && sq(u / (cw + lamina)) + sq((v - vc) / (cd + lamina)) <= 1;
            double back = v - vc - cd;
            boolean spinous = u <= 3.2 && back >= 0 && back <= spLen
                    && Math.abs(w - (sp - 4 - back * (thoracic ? 0.9 : 0.2))) <= (thoracic ? 5 : 8) * (1 - 0.3 * back / spLen);
            double out = u - cw - 4;
            boolean transverse = thoracic
                    ? out >= 0 && out <= tpLen && Math.abs(v - (vc + out * 0.6)) <= 4.5 && Math.abs(w - sp) <= 5
                    : out >= 0 && out <= tpLen && Math.abs(v - (vc - 1)) <= 4 - 1.5 * out / tpLen && Math.abs(w - sp) <= 5 - 2 * out / tpLen;
            boolean superior = w >= sp && w <= h / 2 + 7 && sq((u - cw - 5) / 4.5) + sq((v - vc - 4) / 5) <= 1;
            boolean inferior = w <= sp - 6 && w >= -h / 2 - 7 && sq((u - cw - 2.5) / 3.5) + sq((v - vc - 10) / 4) <= 1;
            return pedicle || ring || spinous || transverse || superior || inferior;
        });
        p.paint(s.centre(), Math.max(a, h) + 2, Structure.VERTEBRAL_BODY, lvl, (x, y, z) -> {
            double[] l = s.local(x, y, z);
            if (Math.abs(l[2]) > h / 2) return false;
            double waist = 0.9 + 0.1 * sq(2 * l[2] / h);
            return sq(l[0] / (a * waist)) + sq(l[1] / (b * waist)) <= 1;
        });
    }

    private double sacrumLength, sacralBend;

    /** Coordinates in the sacrum's frame: S1's axes tilted back by a further 10–20° below the S1 end plate. */
    private double[] sacralLocal(Segment s1, double x, double y, double z) {
        double[] l = s1.local(x, y, z);
        l[2] -= s1.height() / 2; // 0 at the end plate, negative downwards
        return l;
    }

    /** S1 (body, alae, posterior arch) and the lower sacrum (S2–coccyx), tapering along the sacral axis. */
    private void paintSacrum(Painter p, Segment s1, int lvl) {
        sacrumLength = r.nextDouble(90, 115);
        double a = s1.semiWidth(), b = s1.semiDepth(), h1 = s1.height(), ala = r.nextDouble(42, 55);
        double bend = sacralBend = r.nextDouble(0.0012, 0.003); // sacral kyphosis: the lower sacrum curves forwards
        for (Structure part : new Structure[]{Structure.SACRUM_LOWER, Structure.SACRUM_S1})
            p.paint(s1.centre(), sacrumLength + 30, part, part == Structure.SACRUM_S1 ? lvl : 0, (x, y, z) -> {
                double[] l = sacralLocal(s1, x, y, z);
                double t = -l[2];
                if (t < 0 || t > sacrumLength || (part == Structure.SACRUM_S1) != (t <= h1)) return false;
                double f = t / sacrumLength, v = l[1] + bend * t * t, u = Math.abs(l[0]);
                double bw = a * (1 - 0.65 * f), bd = b * (1 - 0.55 * f);
                if (sq(u / bw) + sq(v / bd) <= 1) return true;
                double wing = ala * Math.max(0, 1 - sq(t / (sacrumLength * 0.55)));
                if (u <= wing && v >= -bd * 0.5 && v <= bd + 2 * canalHalfDepth + 4) return true;
                return u <= canalHalfWidth + 8 - 5 * f && v >= bd && v <= bd + 2 * canalHalfDepth * (1 - 0.4 * f) + 6
                        || u <= 3 && v >= bd && v <= bd + 2 * canalHalfDepth + 14;
            });
    }

    /** Ribs of T9–T12: head at the body (2–3 mm joint gap), along the transverse process, around the trunk, descending. */
    private void paintRibs(Painter p) {
        for (int k = 0; k < segments.size(); k++) {
            Segment s = segments.get(k);
            if (!s.thoracic()) continue;
            int number = Integer.parseInt(s.name().substring(1));
            double sweep = Math.toRadians(number == 12 ? r.nextDouble(60, 100) : number == 11 ? r.nextDouble(100, 140) : r.nextDouble(140, 170));
            double radius = r.nextDouble(3.5, 5.5), drop = r.nextDouble(20, 55), gap = r.nextDouble(2, 3.2);
            for (int side = -1; side <= 1; side += 2) {
                List<double[]> pts = new ArrayList<>();
                pts.add(s.world(side * (s.semiWidth() * 0.75 + gap + radius), s.semiDepth() * 0.75, s.height() * 0.3));
                double tu = canalHalfWidth + 4 + 16, tv = s.semiDepth() + canalHalfDepth + 10;
                double[] tubercle = s.world(side * tu, tv, s.height() * 0.1);
                pts.add(tubercle);
                // arc around the trunk centre from the tubercle's angle
                double rx = torsoSemiX - fatThickness - 18, ry = torsoSemiY - fatThickness - 18;
                double a0 = Math.atan2(Math.abs(tubercle[0]) / rx, (tubercle[1] - torsoCentreY) / ry);
                for (int j = 1; j <= 10; j++) {
                    double ang = a0 + sweep * j / 10;
                    pts.add(new double[]{side * rx * Math.sin(ang), torsoCentreY + ry * Math.cos(ang), tubercle[2] - drop * j / 10.0});
                }
                for (int j = 0; j + 1 < pts.size(); j++)
                    capsule(p, pts.get(j), pts.get(j + 1), j == 0 ? radius * 1.2 : radius, Structure.RIB, k + 1);
            }
        }
    }

    /** Iliac wings (a bowl-shaped shell) with sacroiliac joints, acetabula, rami and the femora. */
    private void paintPelvis(Painter p) {
        Segment s1 = segments.get(segments.size() - 1);
        for (int side = -1; side <= 1; side += 2) {
            double sgn = side;
            double[] bowl = {0, s1.centre()[1] - r.nextDouble(20, 40), r.nextDouble(-20, 5)};
            double ax = r.nextDouble(120, 150), ay = r.nextDouble(65, 90), az = r.nextDouble(60, 80), thick = r.nextDouble(4, 9);
            double jointX = r.nextDouble(40, 52);
            p.paint(new double[]{sgn * (jointX + 1), bowl[1] - ay, hipZ + 10}, new double[]{sgn * (ax + 5), bowl[1] + ay, bowl[2] + az},
                    Structure.PELVIS, 0, (x, y, z) -> {
                        if (sgn * x < jointX + 2.5 || z < hipZ + 20) return false;
                        double rr = Math.sqrt(sq(x / ax) + sq((y - bowl[1]) / ay) + sq((z - bowl[2]) / az));
                        return rr <= 1 && rr >= 1 - thick / ay && y > bowl[1] - ay * 0.25;
                    });
            double[] posterior = {sgn * (jointX + 14), s1.centre()[1] + r.nextDouble(10, 25), r.nextDouble(-45, -20)};
            p.paint(posterior, 40, Structure.PELVIS, 0, (x, y, z) -> sgn * x >= jointX + 2.5 && inEllipsoid(x, y, z, posterior, 12, 22, 30));
            double[] head = {sgn * hipX, hipY, hipZ};
            capsule(p, posterior, head, r.nextDouble(12, 17), Structure.PELVIS, 0);
            double inner = headRadius + 2, outer = headRadius + r.nextDouble(7, 11);
            p.paint(head, outer, Structure.PELVIS, 0, (x, y, z) -> {
                double d2 = sq(x - head[0]) + sq(y - head[1]) + sq(z - head[2]);
                return d2 <= outer * outer && d2 >= inner * inner && z >= hipZ - 8 && sgn * (x - head[0]) <= 10;
            });
            capsule(p, new double[]{sgn * (hipX - 12), hipY - 15, hipZ - 10}, new double[]{sgn * 4, hipY - r.nextDouble(55, 75), hipZ - 25},
                    r.nextDouble(7, 10), Structure.PELVIS, 0);
            capsule(p, new double[]{sgn * (hipX - 5), hipY + 12, hipZ - 15}, new double[]{sgn * (hipX - 25), hipY + 25, hipZ - 60},
                    r.nextDouble(9, 13), Structure.PELVIS, 0);
            double[] neck = {sgn * (hipX + 38), hipY + 5, hipZ - 28}, knee = {sgn * (hipX + 50), hipY, hipZ - 320};
            capsule(p, head, neck, headRadius * 0.6, Structure.FEMUR, 0);
            capsule(p, neck, knee, r.nextDouble(12, 15), Structure.FEMUR, 0);
            double[] trochanter = {sgn * (hipX + 46), hipY + 8, hipZ - 18};
            p.paint(trochanter, 20, Structure.FEMUR, 0, (x, y, z) -> inEllipsoid(x, y, z, trochanter, 14, 16, 18));
            p.paint(head, headRadius, Structure.FEMUR, 0, (x, y, z) -> sq(x - head[0]) + sq(y - head[1]) + sq(z - head[2]) <= headRadius * headRadius);
        }
    }

    // ------------------------------------------------------------------ intensities

    /** HU per structure (randomised means), a cortical shell on every bone surface, texture, noise, blur, streaks. */
    private float[] intensities(Painter p) {
        double[] mean = new double[Structure.values().length], sd = new double[mean.length];
        double bmd = r.nextDouble(60, 260);
        set(mean, sd, Structure.AIR, r.nextDouble(-1010, -990), 3);
        set(mean, sd, Structure.TABLE, r.nextDouble(150, 500), 30);
        set(mean, sd, Structure.TABLE_CORE, r.nextDouble(-950, -600), 20);
        set(mean, sd, Structure.FAT, r.nextDouble(-120, -80), 10);
        set(mean, sd, Structure.VISCERAL_FAT, r.nextDouble(-110, -70), 12);
        set(mean, sd, Structure.MUSCLE, r.nextDouble(35, 60), 8);
        set(mean, sd, Structure.LUNG, r.nextDouble(-900, -780), 25);
        double[] liver = {r.nextDouble(45, 65), r.nextDouble(60, 85), r.nextDouble(95, 125)};
        double[] kidney = {r.nextDouble(25, 40), r.nextDouble(140, 200), r.nextDouble(150, 210)};
        double[] vessel = {r.nextDouble(35, 50), r.nextDouble(220, 380), r.nextDouble(130, 190)};
        set(mean, sd, Structure.LIVER, liver[contrastPhase], 8);
        set(mean, sd, Structure.SPLEEN, liver[contrastPhase] + r.nextDouble(-10, 15), 8);
        set(mean, sd, Structure.KIDNEY, kidney[contrastPhase], 12);
        set(mean, sd, Structure.AORTA, vessel[contrastPhase], 10);
        set(mean, sd, Structure.IVC, contrastPhase == 1 ? r.nextDouble(40, 90) : vessel[contrastPhase] * 0.9, 10);
        set(mean, sd, Structure.BOWEL, r.nextDouble(0, 60), 15);
        set(mean, sd, Structure.BOWEL_GAS, r.nextDouble(-1000, -850), 20);
        set(mean, sd, Structure.BLADDER, r.nextDouble(0, 20), 6);
        set(mean, sd, Structure.CANAL, r.nextDouble(0, 30), 8);
        set(mean, sd, Structure.DISC, r.nextDouble(60, 110), 12);
        set(mean, sd, Structure.VERTEBRAL_BODY, bmd, 35);
        set(mean, sd, Structure.POSTERIOR, bmd * 1.2 + r.nextDouble(40, 150), 40);
        set(mean, sd, Structure.SACRUM_S1, bmd * 0.9 + r.nextDouble(0, 60), 40);
        set(mean, sd, Structure.SACRUM_LOWER, bmd * 0.9 + r.nextDouble(0, 60), 40);
        set(mean, sd, Structure.PELVIS, bmd * 0.8 + r.nextDouble(50, 150), 40);
        set(mean, sd, Structure.FEMUR, bmd * 0.9 + r.nextDouble(50, 200), 40);
        set(mean, sd, Structure.RIB, r.nextDouble(120, 320), 40);
        double cortical = r.nextDouble(700, 1400), cortex = r.nextDouble(0.8, 2.0);
        Geometry g = p.g;
        int nx = p.nx, ny = p.ny, nz = p.nz, n = g.voxelCount();
        double minSp = Math.min(g.spacing(0), Math.min(g.spacing(1), g.spacing(2)));
        double shellWeight = Math.min(1, cortex / minSp); // partial volume of a thin cortex in a coarse voxel
        float[] texture = SmoothNoise.field(g, r.nextDouble(0.8, 2.0), r);
        float[] hu = new float[n];
        for (int z = 0, i = 0; z < nz; z++)
            for (int y = 0; y < ny; y++)
                for (int x = 0; x < nx; x++, i++) {
                    Structure s = Structure.of(p.structure[i]);
                    double v = mean[s.ordinal()] + sd[s.ordinal()] * texture[i];
                    if (s.isBone() && surface(p, x, y, z, i)) v += shellWeight * (cortical - v);
                    hu[i] = (float) v;
                }
        double blur = r.nextDouble(0.3, 0.9) * minSp;
        SmoothNoise.blur(hu, g, blur);
        double noise = r.nextDouble(4, 35);
        float[] grain = SmoothNoise.field(g, r.nextDouble(0.2, 0.8), r);
        for (int i = 0; i < n; i++) hu[i] += (float) (noise * grain[i]);
        int streaks = r.nextDouble() < 0.3 ? r.nextInt(1, 6) : 0;
        for (int k = 0; k < streaks; k++) {
            double ang = r.nextDouble(Math.PI), amp = r.nextDouble(-150, 150), width = r.nextDouble(1, 4);
            double cx = r.nextDouble(0, nx), cy = r.nextDouble(0, ny), ca = Math.cos(ang), sa = Math.sin(ang);
            int z0 = r.nextInt(nz), z1 = Math.min(nz, z0 + r.nextInt(1, 1 + Math.max(1, nz / 6)));
            for (int z = z0; z < z1; z++)
                for (int y = 0; y < ny; y++)
                    for (int x = 0; x < nx; x++) {
                        double d = ((x - cx) * sa - (y - cy) * ca) * g.spacing(0);
                        hu[x + nx * (y + ny * z)] += (float) (amp * Math.exp(-d * d / (width * width)));
                    }
        }
        return hu;
    }

    private static void set(double[] mean, double[] sd, Structure s, double m, double spread) {
        mean[s.ordinal()] = m;
        sd[s.ordinal()] = spread;
    }

    /** A bone voxel with a non-bone 6-neighbour. */
    private static boolean surface(Painter p, int x, int y, int z, int i) {
        int nx = p.nx, nxy = p.nx * p.ny;
        return x > 0 && !bone(p, i - 1) || x < nx - 1 && !bone(p, i + 1) || y > 0 && !bone(p, i - nx)
                || y < p.ny - 1 && !bone(p, i + nx) || z > 0 && !bone(p, i - nxy) || z < p.nz - 1 && !bone(p, i + nxy);
    }

    private static boolean bone(Painter p, int i) { return Structure.of(p.structure[i]).isBone(); }

    /** Stores the canonical rendering in a random one of the 48 axis orders and flips (world positions unchanged). */
    private Rendered store(Rendered canonical) {
        int[] axis = {0, 1, 2};
        for (int i = 2; i > 0; i--) { int j = r.nextInt(i + 1), t = axis[i]; axis[i] = axis[j]; axis[j] = t; }
        boolean[] flip = {r.nextBoolean(), r.nextBoolean(), r.nextBoolean()};
        AxisPermutation perm = new AxisPermutation(canonical.geometry(), axis, flip);
        int[] src = perm.sourceIndex();
        float[] hu = new float[src.length];
        byte[] st = new byte[src.length], lv = new byte[src.length];
        for (int i = 0; i < src.length; i++) { hu[i] = canonical.hu()[src[i]]; st[i] = canonical.structure()[src[i]]; lv[i] = canonical.level()[src[i]]; }
        return new Rendered(perm.target(), hu, st, lv);
    }

    public long seed() { return seed; }
}
