package org.spinerad.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
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
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

class DicomSeriesReaderTest {

    /** dcm_qa_ts: the same MR slice in every transfer syntax; its README gives sum 38,036,663 and max 2362. */
    @ParameterizedTest
    @ValueSource(strings = {"1", "2", "3", "4", "5", "6", "9"})
    void everySupportedTransferSyntaxDecodesTheReferencePixels(String name) {
        Volume v = DicomSeriesReader.read(SharedData.file("dcm_qa_ts/In/" + name + ".dcm"));
        assertArrayEquals(new int[]{384, 384, 1}, v.geometry().dims());
        long sum = 0;
        for (int i = 0; i < v.size(); i++) sum += v.getInt(i);
        assertEquals(38_036_663L, sum);
        assertEquals(2362, v.range()[1]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"7", "8"})
    void jpegLsGivesAClearError(String name) {
        Path f = SharedData.file("dcm_qa_ts/In/" + name + ".dcm");
        SpineRadException e = assertThrows(SpineRadException.class, () -> DicomSeriesReader.read(f));
        assertTrue(e.getMessage().contains("unsupported transfer syntax JPEG-LS (1.2.840.10008.1.2.4.80)"), e.getMessage());
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
    }

    /** Geometry of the single slice against dcm2niix's conversion (which flips the row axis) and its JSON sidecar. */
    @Test
    void singleSliceGeometryMatchesDcm2niix() {
        Geometry g = DicomSeriesReader.read(SharedData.file("dcm_qa_ts/In/1.dcm")).geometry();
        String out = Python.run("""
                import sys, nibabel as nib
                a = nib.load(sys.argv[1]).affine
                print(' '.join(repr(float(x)) for x in a[:3, :3].flatten()))
                print(' '.join(repr(float(x)) for x in nib.load(sys.argv[1]).header.get_zooms()))
                """, SharedData.file("dcm_qa_ts/Ref/1.nii").toString());
        String[] lines = out.strip().split("\n");
        double[] a = Arrays.stream(lines[0].trim().split(" ")).mapToDouble(Double::parseDouble).toArray();
        double[] zooms = Arrays.stream(lines[1].trim().split(" ")).mapToDouble(Double::parseDouble).toArray();
        assertEquals(zooms[0], g.spacing(0), 1e-6);
        assertEquals(zooms[1], g.spacing(1), 1e-6);
        assertEquals(zooms[2], g.spacing(2), 1e-6); // single slice: SpacingBetweenSlices 3.6
        double[] d = g.direction();
        double[] lpsSign = {-1, -1, 1};
        double[] columnSign = {1, -1, 1}; // dcm2niix stores rows bottom-up
        for (int r = 0; r < 3; r++)
            for (int c = 0; c < 3; c++)
                assertEquals(columnSign[c] * lpsSign[r] * a[r * 3 + c] / zooms[c], d[r * 3 + c], 1e-5, "direction " + r + "," + c);
        // ImageOrientationPatientDICOM of the JSON sidecar: 1, -1e-16, 0, 1e-16, 0.994151, -0.107999
        assertEquals(0.994151, d[4], 1e-6);
        assertEquals(-0.107999, d[7], 1e-6);
    }

    @Test
    void ctSeriesUncompressedHasHuAndGeometry() {
        Volume v = DicomSeriesReader.read(SharedData.file("totalsegmentator/example_ct_dicom_uncompressed_DERIVED"));
        Geometry g = v.geometry();
        assertArrayEquals(new int[]{512, 512, 20}, g.dims());
        assertEquals(0.9765625, g.spacing(0), 1e-4);
        assertEquals(0.9765625, g.spacing(1), 1e-4);
        assertEquals(2.0, g.spacing(2), 1e-6); // from positions, SliceThickness says 3
        assertEquals(DataType.INT16, v.type());
        assertEquals(-1024, v.range()[0]); // RescaleIntercept -1024 applied to stored 0 (air outside the FOV)
        assertEquals("CT", v.metadata().get("modality"));
    }

    @Test
    void jpeg2000SeriesIsPixelIdenticalToUncompressed() {
        Volume raw = DicomSeriesReader.read(SharedData.file("totalsegmentator/example_ct_dicom_uncompressed_DERIVED"));
        Volume j2k = DicomSeriesReader.read(SharedData.file("totalsegmentator/example_ct_dicom"));
        assertEquals("1.2.840.10008.1.2.4.90", j2k.metadata().get("transferSyntax"));
        assertNull(raw.geometry().mismatch(j2k.geometry(), 1e-9));
        assertEquals(raw.type(), j2k.type());
        assertArrayEquals((short[]) raw.array(), (short[]) j2k.array());
    }

    /**
     * The labels of example_seg_dicom.nii.gz were made on this series: read through VolumeIO, both grids put the same
     * voxel centres at the same world positions (the NIfTI stores rows bottom-up), and the labels sit on the right
     * tissue: TotalSegmentator liver (5) has soft-tissue HU, vertebra T12 (32) bone HU.
     */
    @Test
    void gridAndAnatomyMatchTheSegmentationNifti() {
        Path dir = SharedData.file("totalsegmentator/example_ct_dicom_uncompressed_DERIVED");
        Volume ct = VolumeIO.read(dir);
        Geometry g = ct.geometry();
        LabelMap seg = VolumeIO.readLabelMap(SharedData.file("totalsegmentator/example_seg_dicom.nii.gz"));
        Geometry s = seg.geometry();
        assertArrayEquals(g.dims(), s.dims());
        assertArrayEquals(g.spacing(), s.spacing(), 1e-3);
        int[][] voxels = {{0, 0, 0}, {511, 0, 0}, {0, 511, 0}, {0, 0, 19}, {511, 511, 19}, {100, 200, 7}};
        for (int[] c : voxels)
            assertArrayEquals(g.indexToWorld(c[0], c[1], c[2]), s.indexToWorld(c[0], g.ny() - 1 - c[1], c[2]), 1e-3, Arrays.toString(c));
        double[] sum = new double[128];
        int[] count = new int[128];
        for (int z = 0; z < s.nz(); z++)
            for (int y = 0; y < s.ny(); y++)
                for (int x = 0; x < s.nx(); x++) {
                    int label = seg.get(x, y, z);
                    double[] idx = g.worldToIndex(s.indexToWorld(x, y, z));
                    sum[label] += ct.get((int) Math.round(idx[0]), (int) Math.round(idx[1]), (int) Math.round(idx[2]));
                    count[label]++;
                }
        double liver = sum[5] / count[5], t12 = sum[32] / count[32];
        assertTrue(liver > 20 && liver < 120, "liver mean HU " + liver);
        assertTrue(t12 > 150, "T12 mean HU " + t12);
    }

    @Test
    void volumeIoReadsSingleDicomFiles() {
        Volume v = VolumeIO.read(SharedData.file("dcm_qa_ts/In/3.dcm"));
        assertEquals(2362, v.range()[1]);
    }

    @Test
    void nonDicomFilesAreIgnoredAndGapsRejected(@org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
        Path src = SharedData.file("totalsegmentator/example_ct_dicom_uncompressed_DERIVED");
        Path[] files;
        try (var s = Files.list(src)) { files = s.sorted().toArray(Path[]::new); }
        for (Path f : files) Files.copy(f, tmp.resolve(f.getFileName()));
        Files.writeString(tmp.resolve("README.txt"), "not dicom");
        assertEquals(20, DicomSeriesReader.read(tmp).nz());
        assertEquals(1, DicomSeriesReader.listSeries(tmp).size());
        // drop one middle slice (by sorted position): a gap must be reported, not silently resampled
        Volume full = DicomSeriesReader.read(tmp);
        double[] mid = full.geometry().indexToWorld(0, 0, 10);
        for (Path f : files) {
            Path copy = tmp.resolve(f.getFileName());
            Geometry one = DicomSeriesReader.read(copy).geometry();
            if (Math.abs(one.origin()[2] - mid[2]) < 1e-3) Files.delete(copy);
        }
        SpineRadException e = assertThrows(SpineRadException.class, () -> DicomSeriesReader.read(tmp));
        assertTrue(e.getMessage().contains("non-uniform slice spacing"), e.getMessage());
        assertThrows(SpineRadException.class, () -> DicomSeriesReader.read(tmp.resolve("README.txt")));
    }

    /** ImageJ's own DICOM reader (independent code) gives the same HU and the same slice position for each file. */
    @Test
    void agreesWithImageJsDicomReader() throws IOException {
        Path dir = SharedData.file("totalsegmentator/example_ct_dicom_uncompressed_DERIVED");
        Volume v = DicomSeriesReader.read(dir);
        Path[] files;
        try (var s = Files.list(dir)) { files = s.sorted().toArray(Path[]::new); }
        for (Path f : new Path[]{files[0], files[7], files[19]}) {
            ij.ImagePlus imp = new ij.plugin.DICOM();
            ((ij.plugin.DICOM) imp).open(f.toString());
            assertEquals(512, imp.getWidth());
            String[] ipp = ij.util.DicomTools.getTag(imp, "0020,0032").trim().split("\\\\");
            double z = Double.parseDouble(ipp[2]);
            int k = (int) Math.round(v.geometry().worldToIndex(new double[]{Double.parseDouble(ipp[0]), Double.parseDouble(ipp[1]), z})[2]);
            assertArrayEquals(new double[]{Double.parseDouble(ipp[0]), Double.parseDouble(ipp[1]), z}, v.geometry().indexToWorld(0, 0, k), 1e-4);
            ij.process.ImageProcessor ip = imp.getProcessor();
            for (int y = 0; y < 512; y += 3)
                for (int x = 0; x < 512; x += 5)
                    assertEquals(imp.getCalibration().getCValue(ip.get(x, y)), v.get(x, y, k), 1e-9, f + " pixel " + x + "," + y);
        }
    }

    /** Deflated explicit VR little endian (1.2.840.10008.1.2.1.99), made here from the explicit VR file of dcm_qa_ts. */
    @Test
    void deflatedTransferSyntax(@org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
        byte[] in = Files.readAllBytes(SharedData.file("dcm_qa_ts/In/1.dcm"));
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(in).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int metaLength = b.getInt(132 + 8); // (0002,0000) UL value
        int dataStart = 132 + 12 + metaLength;
        java.io.ByteArrayOutputStream meta = new java.io.ByteArrayOutputStream();
        b.position(132 + 12);
        while (b.position() < dataStart) { // copy meta elements, replacing the transfer syntax
            int start = b.position();
            int tag = (b.getShort() & 0xffff) << 16 | (b.getShort() & 0xffff);
            String vr = "" + (char) b.get() + (char) b.get();
            int len = vr.equals("OB") || vr.equals("UN") ? skip2ThenInt(b) : b.getShort() & 0xffff;
            b.position(b.position() + len);
            if (tag == 0x00020010) {
                byte[] uid = "1.2.840.10008.1.2.1.99".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                java.nio.ByteBuffer e = java.nio.ByteBuffer.allocate(8 + uid.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                e.putShort((short) 2).putShort((short) 0x10).put((byte) 'U').put((byte) 'I').putShort((short) uid.length).put(uid);
                meta.write(e.array());
            } else {
                meta.write(in, start, b.position() - start);
            }
        }
        java.util.zip.Deflater deflater = new java.util.zip.Deflater(6, true);
        deflater.setInput(in, dataStart, in.length - dataStart);
        deflater.finish();
        java.io.ByteArrayOutputStream deflated = new java.io.ByteArrayOutputStream();
        byte[] buf = new byte[65536];
        while (!deflater.finished()) deflated.write(buf, 0, deflater.deflate(buf));
        java.nio.ByteBuffer groupLength = java.nio.ByteBuffer.allocate(12).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        groupLength.putShort((short) 2).putShort((short) 0).put((byte) 'U').put((byte) 'L').putShort((short) 4).putInt(meta.size());
        Path out = tmp.resolve("deflated.dcm");
        try (var os = Files.newOutputStream(out)) {
            os.write(in, 0, 132);
            os.write(groupLength.array());
            meta.writeTo(os);
            deflated.writeTo(os);
        }
        assertTrue(Files.size(out) < in.length);
        Volume v = DicomSeriesReader.read(out);
        assertEquals("1.2.840.10008.1.2.1.99", v.metadata().get("transferSyntax"));
        long sum = 0;
        for (int i = 0; i < v.size(); i++) sum += v.getInt(i);
        assertEquals(38_036_663L, sum);
    }

    /** Truncated or corrupted files give a SpineRadException naming the file, for every encoding. */
    @ParameterizedTest
    @ValueSource(strings = {"1", "3", "4", "5", "9"})
    void damagedFilesGiveClearErrors(String name, @org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
        byte[] in = Files.readAllBytes(SharedData.file("dcm_qa_ts/In/" + name + ".dcm"));
        Path truncated = tmp.resolve("truncated.dcm");
        Files.write(truncated, Arrays.copyOf(in, in.length * 2 / 3));
        SpineRadException e = assertThrows(SpineRadException.class, () -> DicomSeriesReader.read(truncated));
        assertTrue(e.getMessage().contains(truncated.toString()), e.getMessage());

        byte[] scrambled = in.clone();
        java.util.Random random = new java.util.Random(42);
        for (int i = in.length - 20000; i < in.length; i++) scrambled[i] = (byte) random.nextInt(256);
        Path garbage = tmp.resolve("garbage.dcm");
        Files.write(garbage, scrambled);
        try {
            Volume v = DicomSeriesReader.read(garbage); // native pixels may still decode (to wrong values)
            assertEquals(384 * 384, v.size());
        } catch (SpineRadException ok) {
            assertTrue(ok.getMessage().contains(garbage.toString()), ok.getMessage());
        }
    }

    private static int skip2ThenInt(java.nio.ByteBuffer b) {
        b.getShort();
        return b.getInt();
    }
}
