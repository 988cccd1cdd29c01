package org.spinerad.phantom;

import org.junit.jupiter.api.Test;
import org.spinerad.image.Geometry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The trunk phantom: structures where its geometry puts them, realistic HU, repeatable, random storage order. */
class TorsoPhantomTest {

    private static Map<TorsoPhantom.Structure, Double> medianHu(TorsoPhantom.Rendered r) {
        Map<TorsoPhantom.Structure, List<Float>> values = new EnumMap<>(TorsoPhantom.Structure.class);
        for (int i = 0; i < r.hu().length; i++) values.computeIfAbsent(r.structure(i), k -> new ArrayList<>()).add(r.hu()[i]);
        Map<TorsoPhantom.Structure, Double> out = new EnumMap<>(TorsoPhantom.Structure.class);
        values.forEach((s, v) -> { v.sort(null); out.put(s, (double) v.get(v.size() / 2)); });
        return out;
    }

    @Test
    void abdomenPelvisHasRealisticHuAndEveryBoneWhereTheGeometryPutsIt() {
        TorsoPhantom ph = new TorsoPhantom(4, TorsoPhantom.FieldOfView.ABDOMEN_PELVIS);
        TorsoPhantom.Rendered r = ph.render();
        Map<TorsoPhantom.Structure, Double> hu = medianHu(r);
        double[][] ranges = { // published CT ranges (HU) of the tissues, generous for noise and partial volume
                {TorsoPhantom.Structure.AIR.ordinal(), -1050, -950}, {TorsoPhantom.Structure.FAT.ordinal(), -140, -60},
                {TorsoPhantom.Structure.MUSCLE.ordinal(), 20, 80}, {TorsoPhantom.Structure.LIVER.ordinal(), 35, 140},
                {TorsoPhantom.Structure.DISC.ordinal(), 40, 130}, {TorsoPhantom.Structure.CANAL.ordinal(), -20, 50},
                {TorsoPhantom.Structure.VERTEBRAL_BODY.ordinal(), 50, 700}, {TorsoPhantom.Structure.FEMUR.ordinal(), 100, 1400},
                {TorsoPhantom.Structure.PELVIS.ordinal(), 100, 1400}, {TorsoPhantom.Structure.BOWEL_GAS.ordinal(), -1050, -800}};
        for (double[] range : ranges) {
            TorsoPhantom.Structure s = TorsoPhantom.Structure.of((int) range[0]);
            assertTrue(hu.containsKey(s), s + " missing from an abdomen-pelvis phantom");
            assertTrue(hu.get(s) >= range[1] && hu.get(s) <= range[2], s + " median " + hu.get(s) + " HU outside " + range[1] + ".." + range[2]);
        }
        // bodies lie in their segment's body cylinder (one voxel diagonal of tolerance), named lumbar levels are all present
        Geometry g = r.geometry();
        double tol = Math.sqrt(Arrays.stream(g.spacing()).map(x -> x * x).sum());
        List<TorsoPhantom.Segment> segs = ph.segments();
        int[] bodyVoxels = new int[segs.size() + 1];
        int[] d = g.dims();
        for (int i = 0; i < r.hu().length; i++) {
            if (r.structure(i) != TorsoPhantom.Structure.VERTEBRAL_BODY) continue;
            int lvl = r.level()[i];
            TorsoPhantom.Segment s = segs.get(lvl - 1);
            double[] w = g.indexToWorld(i % d[0], (i / d[0]) % d[1], i / (d[0] * d[1]));
            double[] l = s.local(w[0], w[1], w[2]);
            assertTrue(Math.abs(l[2]) <= s.height() / 2 + tol, "body voxel beyond its end plates");
            assertTrue(Math.hypot(l[0] / (s.semiWidth() + tol), l[1] / (s.semiDepth() + tol)) <= 1, "body voxel outside its cylinder");
            bodyVoxels[lvl]++;
        }
        for (int k = 0; k < segs.size() - 1; k++)
            if (segs.get(k).name().equals("L3") || segs.get(k).name().equals("L5"))
                assertTrue(bodyVoxels[k + 1] > 500, segs.get(k).name() + " body missing: " + bodyVoxels[k + 1] + " voxels");
        // the canal lies behind each body, free of bone
        for (TorsoPhantom.Segment s : segs.subList(segs.size() - 4, segs.size() - 1)) {
            double[] w = s.world(0, s.semiDepth() + 6, 0);
            double[] idx = g.worldToIndex(w);
            int i = g.index((int) Math.round(idx[0]), (int) Math.round(idx[1]), (int) Math.round(idx[2]));
            assertEquals(TorsoPhantom.Structure.CANAL, r.structure(i), s.name() + ": canal behind the body");
        }
    }

    @Test
    void ribsOnlyAtThoracicLevelsWithTheirHeadsAtTheirVertebra() {
        TorsoPhantom ph = new TorsoPhantom(2, TorsoPhantom.FieldOfView.THORACOLUMBAR);
        TorsoPhantom.Rendered r = ph.render();
        List<TorsoPhantom.Segment> segs = ph.segments();
        Geometry g = r.geometry();
        int[] d = g.dims();
        double[] nearestHead = new double[segs.size() + 1];
        Arrays.fill(nearestHead, Double.MAX_VALUE);
        int ribs = 0;
        for (int i = 0; i < r.hu().length; i++) {
            if (r.structure(i) != TorsoPhantom.Structure.RIB) continue;
            ribs++;
            int lvl = r.level()[i];
            TorsoPhantom.Segment s = segs.get(lvl - 1);
            assertTrue(s.thoracic(), "rib voxel assigned to " + s.name());
            double[] w = g.indexToWorld(i % d[0], (i / d[0]) % d[1], i / (d[0] * d[1]));
            double[] l = s.local(w[0], w[1], w[2]);
            double gap = Math.hypot(l[0] / s.semiWidth(), l[1] / s.semiDepth()) - 1; // outside the body outline (relative)
            nearestHead[lvl] = Math.min(nearestHead[lvl], gap * s.semiWidth());
        }
        assertTrue(ribs > 1000, "ribs rendered: " + ribs);
        int t12 = -1;
        for (int k = 0; k < segs.size(); k++) if (segs.get(k).name().equals("T12")) t12 = k + 1;
        assertTrue(nearestHead[t12] < 6, "T12 rib head " + nearestHead[t12] + " mm from its body (a joint gap of 2-3 mm)");
    }

    @Test
    void repeatableAndStoredInRandomAxisOrders() {
        TorsoPhantom.Rendered a = new TorsoPhantom(7).render(), b = new TorsoPhantom(7).render();
        assertArrayEquals(a.hu(), b.hu());
        assertArrayEquals(a.structure(), b.structure());
        java.util.Set<String> orders = new java.util.HashSet<>();
        for (long seed = 10; seed < 16; seed++) {
            TorsoPhantom ph = new TorsoPhantom(seed, TorsoPhantom.FieldOfView.CUTOUT);
            TorsoPhantom.Rendered r = ph.render();
            orders.add(r.geometry().orientationCode());
            double[] sp = r.geometry().spacing();
            for (double s : sp) assertTrue(s >= 0.5 && s <= 3.0 + 1e-9, "spacing " + s);
        }
        assertTrue(orders.size() >= 3, "storage orders " + orders);
    }
}
