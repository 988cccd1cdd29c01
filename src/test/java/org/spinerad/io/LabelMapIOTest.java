package org.spinerad.io;

import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spinerad.image.DataType;
import org.spinerad.image.Geometry;
import org.spinerad.image.LabelMap;
import org.spinerad.image.Volume;
import org.spinerad.testutil.Python;
import org.spinerad.testutil.SharedData;
import org.spinerad.util.SpineRadException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Label maps: integer check, name sidecar, grid comparison. */
class LabelMapIOTest {
    @TempDir
    Path dir;

    @Test
    void namesTravelInTheSidecar() throws IOException {
        Volume v = Volume.create(Geometry.of(4, 3, 2, 1, 1, 2), DataType.UINT8);
        v.set(0, 1);
        v.set(5, 20);
        LabelMap m = new LabelMap(v, Map.of(1, "L1", 20, "psoas \"left\""));
        Path f = dir.resolve("labels.nii.gz");
        VolumeIO.writeLabelMap(m, f);
        Path sidecar = dir.resolve("labels.labels.json");
        assertTrue(Files.exists(sidecar));
        assertEquals("L1", JsonParser.parseString(Files.readString(sidecar)).getAsJsonObject().get("1").getAsString());
        LabelMap back = VolumeIO.readLabelMap(f);
        assertEquals(m.names(), back.names());
        assertEquals(new TreeSet<>(java.util.List.of(1, 20)), back.presentLabels());
        assertArrayEquals(v.toDoubleArray(), back.volume().toDoubleArray(), 0);
        // without a sidecar labels are unnamed (no standard names assumed)
        Files.delete(sidecar);
        assertTrue(VolumeIO.readLabelMap(f).names().isEmpty());
        Files.writeString(sidecar, "{\"x\": \"L1\"}");
        SpineRadException e = assertThrows(SpineRadException.class, () -> VolumeIO.readLabelMap(f));
        assertTrue(e.getMessage().contains("labels.labels.json") && e.getMessage().contains("'x'"), e.getMessage());
    }

    @Test
    void floatLabelFilesMustHoldIntegers() {
        Python.run("""
                import sys, numpy as np, nibabel as nib
                a = np.zeros((4, 3, 2), np.float32); a[1, 2, 1] = 31; a[0, 0, 0] = 300
                nib.save(nib.Nifti1Image(a, np.eye(4), dtype=np.float32), sys.argv[1] + '/float_ok.nii')
                a[2, 1, 0] = 1.5
                nib.save(nib.Nifti1Image(a, np.eye(4), dtype=np.float32), sys.argv[1] + '/float_bad.nii')
                """, dir.toString());
        LabelMap ok = VolumeIO.readLabelMap(dir.resolve("float_ok.nii"));
        assertEquals(DataType.UINT16, ok.volume().type());
        assertEquals(31, ok.get(1, 2, 1));
        assertEquals(300, ok.get(0, 0, 0));
        SpineRadException e = assertThrows(SpineRadException.class, () -> VolumeIO.readLabelMap(dir.resolve("float_bad.nii")));
        assertTrue(e.getMessage().contains("float_bad.nii") && e.getMessage().contains("(2, 1, 0)")
                && e.getMessage().contains("1.5"), e.getMessage());
    }

    @Test
    void realSegmentationLabelsAndGrids() {
        Path ctSm = SharedData.file("totalsegmentator/example_ct_sm.nii.gz");
        Path ct = SharedData.file("totalsegmentator/example_ct.nii.gz");
        Path seg = SharedData.file("totalsegmentator/example_seg.nii.gz");
        String ref = Python.run("""
                import sys, numpy as np, nibabel as nib
                a = np.asanyarray(nib.load(sys.argv[1]).dataobj)
                u, c = np.unique(a, return_counts=True)
                print(' '.join('%d:%d' % (x, n) for x, n in zip(u, c) if x != 0))
                """, seg.toString()).trim();
        LabelMap m = VolumeIO.readLabelMap(seg);
        assertFalse(m.presentLabels().isEmpty());
        StringBuilder ours = new StringBuilder();
        for (int label : m.presentLabels()) ours.append(ours.isEmpty() ? "" : " ").append(label).append(':').append(m.count(label));
        assertEquals(ref, ours.toString());
        assertTrue(m.names().isEmpty());
        Geometry image = VolumeIO.read(ctSm).geometry();
        assertDoesNotThrow(() -> VolumeIO.requireSameGrid(image, m.geometry(), ctSm, seg, 1e-4));
        SpineRadException e = assertThrows(SpineRadException.class,
                () -> VolumeIO.requireSameGrid(VolumeIO.read(ct).geometry(), m.geometry(), ct, seg, 1e-4));
        assertTrue(e.getMessage().contains("example_ct.nii.gz") && e.getMessage().contains("example_seg.nii.gz")
                && e.getMessage().contains("dimensions differ"), e.getMessage());
    }
}
