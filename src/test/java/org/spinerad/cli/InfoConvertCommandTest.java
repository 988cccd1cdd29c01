package org.spinerad.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spinerad.image.Volume;
import org.spinerad.io.VolumeIO;
import org.spinerad.testutil.Python;
import org.spinerad.testutil.SharedData;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code spinerad info} and {@code spinerad convert} run in-process, checked against nibabel. */
class InfoConvertCommandTest {
    @TempDir
    Path dir;

    private static final String NIBABEL_FACTS = """
            import sys, json, numpy as np, nibabel as nib
            res = {}
            for p in sys.argv[1:]:
                img = nib.load(p)
                data = np.asanyarray(img.dataobj)
                res[p] = {'affine': img.affine.tolist(), 'shape': list(img.shape), 'dtype': img.get_data_dtype().name,
                          'axcodes': ''.join(nib.aff2axcodes(img.affine)), 'zooms': [float(z) for z in img.header.get_zooms()[:3]],
                          'sum': float(np.sum(data, dtype=np.float64)), 'min': float(data.min()), 'max': float(data.max())}
            print(json.dumps(res))
            """;

    /** Runs the CLI, returning exit code and captured stdout + stderr. */
    static String[] run(String... args) {
        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            code = SpineRadCli.execute(args);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return new String[]{String.valueOf(code), o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8)};
    }

    static double[] flat(JsonArray rows) {
        double[] a = new double[16];
        for (int r = 0; r < 4; r++) for (int c = 0; c < 4; c++) a[r * 4 + c] = rows.get(r).getAsJsonArray().get(c).getAsDouble();
        return a;
    }

    @Test
    void infoMatchesNibabelOnReferenceFiles() {
        List<Path> files = List.of(SharedData.file("totalsegmentator/example_ct.nii.gz"),
                SharedData.file("totalsegmentator/example_mr_sm.nii.gz"),
                SharedData.file("tptbox/sample_ct/sub-ct_label-22_ct.nii.gz"));
        JsonObject nib = JsonParser.parseString(Python.run(NIBABEL_FACTS, files.stream().map(Path::toString).toArray(String[]::new)).trim())
                .getAsJsonObject();
        for (Path f : files) {
            String[] r = run("info", f.toString());
            assertEquals("0", r[0], r[2]);
            JsonObject info = JsonParser.parseString(r[1]).getAsJsonObject();
            JsonObject ref = nib.getAsJsonObject(f.toString());
            assertArrayEquals(flat(ref.getAsJsonArray("affine")), flat(info.getAsJsonArray("affine")), 1e-5, f + " affine");
            assertEquals(ref.getAsJsonArray("shape"), info.getAsJsonArray("dims"), f + " dims");
            assertEquals(ref.get("dtype").getAsString(), info.get("datatype").getAsString(), f + " datatype");
            assertEquals(ref.get("axcodes").getAsString(), info.get("orientation").getAsString(), f + " orientation");
            JsonArray sp = info.getAsJsonArray("spacing"), zooms = ref.getAsJsonArray("zooms");
            for (int d = 0; d < 3; d++) assertEquals(zooms.get(d).getAsDouble(), sp.get(d).getAsDouble(), 1e-4, f + " spacing");
            JsonArray origin = info.getAsJsonArray("origin");
            for (int d = 0; d < 3; d++)
                assertEquals(flat(ref.getAsJsonArray("affine"))[d * 4 + 3], origin.get(d).getAsDouble(), 1e-5);
            assertTrue(info.has("qform_code") && info.has("sform_code") && info.has("scl_slope") && info.has("scl_inter"));
        }
        // the README's description of these files
        JsonObject mr = JsonParser.parseString(run("info", files.get(1).toString())[1]).getAsJsonObject();
        assertEquals("LPS", mr.get("orientation").getAsString());
        JsonObject tpt = JsonParser.parseString(run("info", files.get(2).toString())[1]).getAsJsonObject();
        assertEquals("PIR", tpt.get("orientation").getAsString());
    }

    @Test
    void convertNiftiToNrrdAndBackKeepsVoxelsAndAffine() {
        Path src = SharedData.file("totalsegmentator/example_ct_sm.nii.gz");
        Path nrrd = dir.resolve("ct.nrrd"), back = dir.resolve("ct_back.nii.gz");
        String[] r1 = run("convert", src.toString(), nrrd.toString());
        assertEquals("0", r1[0], r1[2]);
        String[] r2 = run("convert", nrrd.toString(), back.toString());
        assertEquals("0", r2[0], r2[2]);
        JsonObject nib = JsonParser.parseString(Python.run(NIBABEL_FACTS, src.toString(), back.toString()).trim()).getAsJsonObject();
        JsonObject a = nib.getAsJsonObject(src.toString()), b = nib.getAsJsonObject(back.toString());
        assertArrayEquals(flat(a.getAsJsonArray("affine")), flat(b.getAsJsonArray("affine")), 1e-4);
        assertEquals(a.get("shape"), b.get("shape"));
        assertEquals(a.get("dtype"), b.get("dtype"));
        assertEquals(a.get("sum").getAsDouble(), b.get("sum").getAsDouble(), 0);
        assertEquals(a.get("min").getAsDouble(), b.get("min").getAsDouble(), 0);
        // info on the NRRD gives the same RAS affine
        JsonObject info = JsonParser.parseString(run("info", nrrd.toString())[1]).getAsJsonObject();
        assertArrayEquals(flat(a.getAsJsonArray("affine")), flat(info.getAsJsonArray("affine")), 1e-4);
        Volume v = VolumeIO.read(nrrd);
        assertEquals(a.get("max").getAsDouble(), v.range()[1], 0);
    }

    @Test
    void badInputGivesExitCode2AndNamesTheFile() {
        Path rgb = SharedData.file("totalsegmentator/spine_report/spine_report.nii.gz");
        String[] r = run("convert", rgb.toString(), dir.resolve("x.nii").toString());
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("spine_report.nii.gz") && r[2].contains("RGB"), r[2]);
        String[] missing = run("info", dir.resolve("none.nii").toString());
        assertEquals("2", missing[0]);
        assertTrue(missing[2].contains("none.nii"), missing[2]);
    }
}
