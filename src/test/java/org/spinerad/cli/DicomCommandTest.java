package org.spinerad.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spinerad.testutil.Python;
import org.spinerad.testutil.SharedData;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** {@code spinerad dicom2nifti} in-process; the NIfTI written is checked with nibabel. */
class DicomCommandTest {

    private record Run(int code, String output) {}

    private static Run cli(String... args) {
        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(buf, true, StandardCharsets.UTF_8);
        try {
            System.setOut(capture);
            System.setErr(capture);
            return new Run(SpineRadCli.execute(args), buf.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    /**
     * The CT series becomes a NIfTI whose voxel centres coincide with those of TotalSegmentator's label file made
     * on the same series (which stores rows bottom-up), with HU values (air -1024) and int16 storage.
     */
    @Test
    void ctSeriesToNiftiMatchesTheReferenceLabelGrid(@TempDir Path tmp) {
        Path out = tmp.resolve("ct.nii.gz");
        Run r = cli("dicom2nifti", SharedData.file("totalsegmentator/example_ct_dicom_uncompressed_DERIVED").toString(), out.toString());
        assertEquals(0, r.code(), r.output());
        String facts = Python.run("""
                import sys, numpy as np, nibabel as nib
                ct, seg = nib.load(sys.argv[1]), nib.load(sys.argv[2])
                data = np.asanyarray(ct.dataobj)
                worst = 0.0
                for i, j, k in [(0, 0, 0), (511, 0, 0), (0, 511, 0), (0, 0, 19), (511, 511, 19), (100, 200, 7)]:
                    a = ct.affine @ [i, j, k, 1]
                    b = seg.affine @ [i, 511 - j, k, 1]
                    worst = max(worst, float(np.abs(a - b).max()))
                print(ct.shape, ct.get_data_dtype().name, int(data.min()), worst < 1e-3, ''.join(nib.aff2axcodes(ct.affine)))
                """, out.toString(), SharedData.file("totalsegmentator/example_seg_dicom.nii.gz").toString());
        assertEquals("(512, 512, 20) int16 -1024 True LPS", facts.strip());
    }

    @Test
    void listAndErrors(@TempDir Path tmp) {
        Run list = cli("dicom2nifti", "--list", SharedData.file("totalsegmentator/example_ct_dicom_uncompressed_DERIVED").toString());
        assertEquals(0, list.code(), list.output());
        assertTrue(list.output().contains("CT\t20 images"), list.output());

        Path jpegLs = SharedData.file("dcm_qa_ts/In/7.dcm");
        Run bad = cli("dicom2nifti", jpegLs.toString(), tmp.resolve("x.nii").toString());
        assertEquals(2, bad.code());
        assertTrue(bad.output().contains("unsupported transfer syntax JPEG-LS (1.2.840.10008.1.2.4.80) in " + jpegLs), bad.output());

        Run empty = cli("dicom2nifti", tmp.toString(), tmp.resolve("y.nii").toString());
        assertEquals(2, empty.code());
        assertTrue(empty.output().contains("No DICOM images in " + tmp), empty.output());
    }
}
