package org.spinerad.plugins;

import ij.ImagePlus;
import ij.measure.Calibration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spinerad.image.Geometry;
import org.spinerad.io.DicomSeriesReader;
import org.spinerad.io.VolumeIO;
import org.spinerad.testutil.HeadlessMacro;
import org.spinerad.testutil.Python;
import org.spinerad.testutil.SharedData;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Real CT and MR files open in radiological display order, checked against nibabel's own reorientation of the same
 * files ({@code aff2axcodes}, {@code ornt_transform}, {@code as_reoriented}); NIfTI, NRRD and DICOM agree; Save as NIfTI
 * gives the file's own voxel order and affine back.
 */
class RadiologicalDisplayTest {
    /** nibabel: source axis codes, the display codes for the file's slice axis, shape, data hash and affine after reorienting. */
    private static final String NIBABEL = """
            import sys, hashlib, numpy as np, nibabel as nib
            from nibabel.orientations import aff2axcodes, axcodes2ornt, io_orientation, ornt_transform
            img = nib.load(sys.argv[1])
            src = aff2axcodes(img.affine)
            target = {'S': 'LPS', 'I': 'LPS', 'L': 'PIL', 'R': 'PIL', 'A': 'LIP', 'P': 'LIP'}[src[2]]
            shown = img.as_reoriented(ornt_transform(io_orientation(img.affine), axcodes2ornt(tuple(target))))
            data = np.rint(np.asarray(shown.dataobj, dtype=np.float64)).astype('<i4')
            print(''.join(src), ''.join(aff2axcodes(shown.affine)), 'x'.join(map(str, data.shape)))
            print(hashlib.sha256(data.tobytes(order='F')).hexdigest())
            print(' '.join(repr(float(v)) for v in shown.affine.ravel()))
            """;

    @Test
    void realCtAndMrMatchNibabelsReorientation() {
        String[][] cases = {
                {"totalsegmentator/example_ct.nii.gz", "RAS", "LPS"},          // axial CT, int32
                {"tptbox/sample_ct/sub-ct_label-22_ct.nii.gz", "PIR", "PIL"},  // lumbar CT stored as sagittal slices
                {"totalsegmentator/example_mr_sm.nii.gz", "LPS", "LPS"}};      // axial MR, already radiological
        for (String[] c : cases) {
            Path file = SharedData.file(c[0]);
            String[] nib = Python.run(NIBABEL, file.toString()).strip().split("\n");
            String[] head = nib[0].split(" ");
            assertEquals(c[1], head[0], "nibabel's aff2axcodes of " + c[0]);
            assertEquals(c[2], head[1], c[0]);
            ImagePlus imp = OpenNifti.open(file);
            assertEquals(head[2], imp.getWidth() + "x" + imp.getHeight() + "x" + imp.getStackSize(), c[0]);
            assertEquals(nib[1], sha256OfValues(imp), "display voxels of " + c[0] + " = nibabel's reoriented array");
            double[] affine = ImagePlusAdapter.geometry(imp).toRasAffine();
            String[] ref = nib[2].split(" ");
            for (int i = 0; i < 16; i++) assertEquals(Double.parseDouble(ref[i]), affine[i], 1e-4, c[0] + " affine[" + i + "]");
        }
        // the int32 CT is shown as 16-bit signed (HU through ImageJ's signed calibration)
        ImagePlus ct = OpenNifti.open(SharedData.file(cases[0][0]));
        assertEquals(16, ct.getBitDepth());
        assertTrue(ct.getCalibration().isSigned16Bit());
    }

    @Test
    void dicomNrrdAndNiftiReadersAgree(@TempDir Path tmp) {
        ImagePlus dicom = ImagePlusAdapter.toImagePlus(DicomSeriesReader.read(SharedData.file("totalsegmentator/example_ct_dicom")), "dicom");
        ImagePlus labels = OpenNifti.open(SharedData.file("totalsegmentator/example_seg_dicom.nii.gz")); // NIfTI of the same series
        Geometry d = ImagePlusAdapter.geometry(dicom), n = ImagePlusAdapter.geometry(labels);
        assertEquals("LPS", d.orientationCode());
        assertNull(d.mismatch(n, 1e-3), "DICOM series and its NIfTI labels shown on the same grid");

        Path nifti = SharedData.file("totalsegmentator/example_ct.nii.gz"), nrrd = tmp.resolve("ct.nrrd");
        VolumeIO.write(VolumeIO.read(nifti), nrrd);
        ImagePlus a = OpenNifti.open(nifti), b = OpenNifti.open(nrrd);
        assertNull(ImagePlusAdapter.geometry(a).mismatch(ImagePlusAdapter.geometry(b), 1e-6));
        assertEquals(sha256OfValues(a), sha256OfValues(b));
    }

    @Test
    void saveAsNiftiRoundTripsTheFileExactly(@TempDir Path tmp) {
        for (String name : new String[]{"tptbox/sample_ct/sub-ct_label-22_ct.nii.gz", "totalsegmentator/example_ct.nii.gz"}) {
            Path in = SharedData.file(name), out = tmp.resolve("copy.nii.gz");
            HeadlessMacro.run("""
                    run("Open NIfTI...", "open=[%s]");
                    run("Save as NIfTI...", "save=[%s]");
                    """.formatted(in, out));
            String r = Python.run("""
                    import sys, numpy as np, nibabel as nib
                    a, b = nib.load(sys.argv[1]), nib.load(sys.argv[2])
                    print(np.array_equal(np.asarray(a.dataobj), np.asarray(b.dataobj)), np.abs(a.affine - b.affine).max() < 1e-5,
                          a.get_data_dtype() == b.get_data_dtype(), a.shape == b.shape)
                    """, in.toString(), out.toString()).strip();
            assertEquals("True True True True", r, name);
        }
    }

    /** SHA-256 of the calibrated pixel values as little-endian int32, x fastest, then y, then slice (nibabel's F order). */
    static String sha256OfValues(ImagePlus imp) {
        Calibration cal = imp.getCalibration();
        int plane = imp.getWidth() * imp.getHeight();
        ByteBuffer buf = ByteBuffer.allocate(4 * plane * imp.getStackSize()).order(ByteOrder.LITTLE_ENDIAN);
        for (int z = 1; z <= imp.getStackSize(); z++) {
            var ip = imp.getStack().getProcessor(z);
            for (int i = 0; i < plane; i++) buf.putInt((int) Math.rint(cal.getCValue(ip.getf(i))));
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(buf.array()));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
