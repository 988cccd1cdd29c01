package org.spinerad.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.spinerad.image.DataType;
import org.spinerad.image.Geometry;
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

    /** The labels of example_seg_dicom.nii.gz were made on this series: same voxel centres in world space. */
    @Test
    void gridMatchesTheSegmentationNifti() {
        Geometry g = DicomSeriesReader.read(SharedData.file("totalsegmentator/example_ct_dicom_uncompressed_DERIVED")).geometry();
        String out = Python.run("""
                import sys, nibabel as nib
                img = nib.load(sys.argv[1])
                print(' '.join(str(x) for x in img.shape))
                print(' '.join(repr(float(x)) for x in img.affine.flatten()))
                """, SharedData.file("totalsegmentator/example_seg_dicom.nii.gz").toString());
        String[] lines = out.strip().split("\n");
        int[] dims = Arrays.stream(lines[0].trim().split(" ")).mapToInt(Integer::parseInt).toArray();
        Geometry seg = Geometry.fromRasAffine(dims, Arrays.stream(lines[1].trim().split(" ")).mapToDouble(Double::parseDouble).toArray());
        assertArrayEquals(g.dims(), seg.dims());
        int[][] corners = {{0, 0, 0}, {511, 0, 0}, {0, 511, 0}, {0, 0, 19}, {511, 511, 19}, {100, 200, 7}};
        boolean flippedRows = seg.direction()[4] * g.direction()[4] < 0; // the NIfTI may store rows bottom-up
        for (int[] c : corners) {
            int segY = flippedRows ? g.ny() - 1 - c[1] : c[1];
            assertArrayEquals(g.indexToWorld(c[0], c[1], c[2]), seg.indexToWorld(c[0], segY, c[2]), 1e-3, Arrays.toString(c));
        }
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
}
