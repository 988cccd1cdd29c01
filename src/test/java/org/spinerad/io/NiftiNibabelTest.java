package org.spinerad.io;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spinerad.image.DataType;
import org.spinerad.image.Geometry;
import org.spinerad.image.Volume;
import org.spinerad.util.SpineRadException;
import org.spinerad.testutil.Python;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** NIfTI files written by nibabel read by SpineRad, and SpineRad's files read by nibabel: same voxels, same affine. */
class NiftiNibabelTest {
    @TempDir
    static Path dir;
    static JsonObject manifest;

    /** nibabel writes one file per case plus the voxels it reads back (float64, x fastest) and its img.affine. */
    private static final String WRITE_CASES = """
            import sys, json, numpy as np, nibabel as nib
            out = sys.argv[1]
            rng = np.random.default_rng(7)
            shape = (4, 3, 2)
            obl = np.array([[0.9, -0.3, 0.2, -40.5], [0.25, 1.1, -0.4, 22.0], [-0.1, 0.35, 2.6, 7.25], [0, 0, 0, 1]])
            flip = np.array([[-0.8, 0.0, 0.0, 10.0], [0.0, 0.0, 1.5, -20.0], [0.0, -1.2, 0.0, 30.0], [0, 0, 0, 1]])
            cases = {}
            def save(name, img, fname):
                path = out + '/' + fname
                nib.save(img, path)
                back = nib.load(path)
                data = np.asanyarray(back.dataobj)
                vol = data if data.ndim <= 3 else data.reshape(data.shape[:3] + (-1,), order='F')[..., 0]
                np.asarray(vol, dtype='<f8').ravel(order='F').tofile(path + '.expected')
                cases[name] = {'file': fname, 'affine': back.affine.tolist(), 'shape': list(back.shape),
                               'dtype': back.get_data_dtype().name, 'scaled': bool(data.dtype.kind == 'f' and back.get_data_dtype().kind != 'f')}
            def values(dt):
                info = np.iinfo(dt) if np.dtype(dt).kind in 'iu' else None
                if info is None:
                    return (rng.standard_normal(shape) * 1000).astype(dt)
                lo, hi = max(info.min, -2**40), min(info.max, 2**40)
                v = rng.integers(lo, hi, size=shape, endpoint=True, dtype=np.int64 if dt != np.uint64 else np.uint64).astype(dt)
                v.flat[0] = lo; v.flat[1] = hi
                return v
            for dt in ['uint8', 'int8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'float32', 'float64']:
                img = nib.Nifti1Image(values(np.dtype(dt)), obl, dtype=np.dtype(dt))
                img.set_data_dtype(np.dtype(dt))
                save('dtype_' + dt, img, 'dtype_' + dt + '.nii')
            small64 = rng.integers(-5000, 5000, size=shape).astype(np.int64)
            img = nib.Nifti1Image(small64, obl, dtype=np.int64)
            save('int64_small', img, 'int64_small.nii')
            # float data stored as int16: nibabel chooses scl_slope / scl_inter
            img = nib.Nifti1Image((rng.standard_normal(shape) * 3.3 + 1.7), obl); img.set_data_dtype(np.int16)
            save('scaled_int16', img, 'scaled_int16.nii.gz')
            img = nib.Nifti1Image(rng.standard_normal(shape) * 100, obl); img.set_data_dtype(np.uint8)
            save('scaled_uint8', img, 'scaled_uint8.nii')
            # qform only (sform code 0, different sform values must be ignored), negative determinant -> qfac -1
            img = nib.Nifti1Image(values(np.dtype('int16')), flip)
            img.set_qform(flip, code=1); img.set_sform(obl, code=0)
            save('qform_only', img, 'qform_only.nii')
            img = nib.Nifti1Image(values(np.dtype('int16')), obl)
            img.set_qform(obl, code=1); img.set_sform(obl, code=2)
            save('sform_and_qform', img, 'sform_and_qform.nii')
            img = nib.Nifti1Image(values(np.dtype('int16')), obl)
            img.set_qform(flip, code=0); img.set_sform(obl, code=1)
            save('sform_only', img, 'sform_only.nii')
            img = nib.Nifti1Image(values(np.dtype('int16')), None)
            img.header.set_zooms((1.5, 2.0, 3.0)); img.set_qform(None, code=0); img.set_sform(None, code=0)
            save('no_transform', img, 'no_transform.nii')
            hdr = nib.Nifti1Header(endianness='>')
            img = nib.Nifti1Image(values(np.dtype('float32')), obl, header=hdr)
            save('big_endian', img, 'big_endian.nii')
            img = nib.Nifti1Image(values(np.dtype('int16')), obl, header=nib.Nifti1Header(endianness='>'))
            img.set_data_dtype(np.int16)
            save('big_endian_gz', img, 'big_endian_gz.nii.gz')
            save('pair', nib.Nifti1Pair(values(np.dtype('int16')), obl), 'pair.hdr')
            save('pair_gz', nib.Nifti1Pair(values(np.dtype('float32')), flip), 'pair_gz.img.gz')
            save('nifti2', nib.Nifti2Image(values(np.dtype('int32')), obl), 'nifti2.nii')
            save('nifti2_gz', nib.Nifti2Image(values(np.dtype('float64')), flip), 'nifti2_gz.nii.gz')
            save('nifti2_pair', nib.Nifti2Pair(values(np.dtype('uint16')), obl), 'nifti2_pair.hdr')
            save('trailing_dim_1', nib.Nifti1Image(values(np.dtype('int16'))[..., None], obl), 'trailing_dim_1.nii')
            v4 = (np.arange(4 * 3 * 2 * 3).reshape(4, 3, 2, 3, order='F') - 7).astype(np.int16)
            save('four_d', nib.Nifti1Image(v4, obl), 'four_d.nii.gz')
            save('two_d', nib.Nifti1Image(values(np.dtype('int16'))[:, :, 0], obl), 'two_d.nii')
            json.dump(cases, open(out + '/manifest.json', 'w'))
            """;

    @BeforeAll
    static void writeWithNibabel() throws IOException {
        Python.run(WRITE_CASES, dir.toString());
        manifest = JsonParser.parseString(Files.readString(dir.resolve("manifest.json"))).getAsJsonObject();
    }

    static double[] readDoubles(Path f) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
        double[] d = new double[bb.remaining() / 8];
        bb.asDoubleBuffer().get(d);
        return d;
    }

    static double[] affine(JsonArray rows) {
        double[] a = new double[16];
        for (int r = 0; r < 4; r++) for (int c = 0; c < 4; c++) a[r * 4 + c] = rows.get(r).getAsJsonArray().get(c).getAsDouble();
        return a;
    }

    private Volume checkCase(String name) throws IOException {
        JsonObject c = manifest.getAsJsonObject(name);
        Path file = dir.resolve(c.get("file").getAsString());
        Volume v = VolumeIO.read(file, 0);
        assertArrayEquals(affine(c.getAsJsonArray("affine")), v.geometry().toRasAffine(), 1e-5, name + " affine");
        JsonArray shape = c.getAsJsonArray("shape");
        for (int d = 0; d < 3; d++)
            assertEquals(d < shape.size() ? shape.get(d).getAsInt() : 1, v.geometry().dims()[d], name + " dim " + d);
        double[] expected = readDoubles(Path.of(file + ".expected"));
        assertEquals(expected.length, v.size(), name + " voxel count");
        for (int i = 0; i < expected.length; i++)
            assertEquals(expected[i], v.get(i), Math.abs(expected[i]) * 1e-6 + 1e-6, name + " voxel " + i);
        assertEquals(c.get("dtype").getAsString(), v.metadata().get("nifti.datatype"), name + " datatype name");
        return v;
    }

    @Test
    void everyDatatypeKeepsValuesAndType() throws IOException {
        Map<String, DataType> expectedType = Map.of("uint8", DataType.UINT8, "int8", DataType.INT16, "int16", DataType.INT16,
                "uint16", DataType.UINT16, "int32", DataType.INT32, "uint32", DataType.FLOAT64, "int64", DataType.FLOAT64,
                "float32", DataType.FLOAT32, "float64", DataType.FLOAT64);
        for (var e : expectedType.entrySet())
            assertEquals(e.getValue(), checkCase("dtype_" + e.getKey()).type(), e.getKey());
        // int64 whose values fit 32 bits becomes INT32
        assertEquals(DataType.INT32, checkCase("int64_small").type());
    }

    @Test
    void scalingAppliedLikeNibabel() throws IOException {
        Volume v = checkCase("scaled_int16");
        assertEquals(DataType.FLOAT32, v.type());
        assertTrue(Double.parseDouble(v.metadata().get("nifti.scl_slope")) != 1.0, "nibabel stored a real slope");
        assertEquals(DataType.FLOAT32, checkCase("scaled_uint8").type());
    }

    @Test
    void affineChoiceSformQformBase() throws IOException {
        assertEquals("qform", checkCase("qform_only").metadata().get("nifti.affine_source"));
        assertEquals("sform", checkCase("sform_and_qform").metadata().get("nifti.affine_source"));
        assertEquals("sform", checkCase("sform_only").metadata().get("nifti.affine_source"));
        assertEquals("base", checkCase("no_transform").metadata().get("nifti.affine_source"));
    }

    @Test
    void bigEndianPairsGzipAndNifti2() throws IOException {
        for (String name : List.of("big_endian", "big_endian_gz", "pair", "pair_gz", "nifti2", "nifti2_gz", "nifti2_pair"))
            checkCase(name);
        assertEquals("2", checkCase("nifti2").metadata().get("nifti.version"));
        // a pair is also readable through its .img file
        Volume viaImg = VolumeIO.read(dir.resolve("pair.img"));
        assertArrayEquals(readDoubles(dir.resolve("pair.hdr.expected")), viaImg.toDoubleArray(), 0);
    }

    @Test
    void lowerAndHigherDimensionalFiles() throws IOException {
        checkCase("trailing_dim_1");
        checkCase("two_d");
        Volume v = checkCase("four_d");
        assertEquals("3", v.metadata().get("nifti.volumes"));
        assertTrue(v.metadata().get("nifti.note").contains("volume 0 loaded"));
        Path fourD = dir.resolve(manifest.getAsJsonObject("four_d").get("file").getAsString());
        SpineRadException e = assertThrows(SpineRadException.class, () -> VolumeIO.read(fourD)); // 4D needs a volume index
        assertTrue(e.getMessage().contains("3 volumes") && e.getMessage().contains("--volume"), e.getMessage());
        Volume third = NiftiReader.read(dir.resolve("four_d.nii.gz"), 2);
        for (int i = 0; i < third.size(); i++) assertEquals(i + 2 * 24 - 7, third.get(i), 0);
    }

    /** nibabel reads each of our files and returns its img.affine and voxels. */
    private static final String READ_BACK = """
            import sys, json, numpy as np, nibabel as nib
            res = {}
            for path in sys.argv[1:]:
                img = nib.load(path)
                data = np.asanyarray(img.dataobj)
                np.asarray(data, dtype='<f8').ravel(order='F').tofile(path + '.nib')
                h = img.header
                res[path] = {'affine': img.affine.tolist(), 'shape': list(img.shape), 'dtype': img.get_data_dtype().name,
                             'qform': img.get_qform().tolist(), 'sform': img.get_sform().tolist(),
                             'qform_code': int(h['qform_code']), 'sform_code': int(h['sform_code']),
                             'units': list(h.get_xyzt_units()), 'sizeof_hdr': int(h['sizeof_hdr'])}
            print(json.dumps(res))
            """;

    @Test
    void ourFilesReadByNibabel() throws IOException {
        double[] oblique = {0.9, -0.3, 0.2, -40.5, 0.25, 1.1, -0.4, 22.0, -0.1, 0.35, 2.6, 7.25, 0, 0, 0, 1};
        double[] flipped = {-0.8, 0, 0, 10, 0, 0, 1.5, -20, 0, -1.2, 0, 30, 0, 0, 0, 1};
        // orthonormalize the oblique direction so qform (a rotation) and sform describe the same grid
        Geometry obl = orthonormal(oblique, new int[]{5, 4, 3});
        Geometry flip = Geometry.fromRasAffine(new int[]{5, 4, 3}, flipped);
        List<String> files = new ArrayList<>();
        List<Volume> written = new ArrayList<>();
        int k = 0;
        for (DataType t : DataType.values()) {
            for (String ext : List.of(".nii", ".nii.gz", ".hdr", ".img.gz")) {
                Volume v = Volume.create(k % 2 == 0 ? obl : flip, t);
                for (int i = 0; i < v.size(); i++) v.set(i, t.integer ? (t.signed ? i * 37 - 900 : i * 5) : i * 1.25 - 3.3);
                Path f = dir.resolve("ours_" + t + "_" + (k++) + ext);
                VolumeIO.write(v, f);
                files.add(f.toString());
                written.add(v);
            }
        }
        Volume v2 = written.get(0);
        Path n2 = dir.resolve("ours_nifti2.nii.gz");
        NiftiWriter.write(v2, n2, true);
        files.add(n2.toString());
        written.add(v2);
        Volume wide = Volume.create(Geometry.of(40000, 1, 2, 0.5, 1, 1), DataType.UINT8); // too wide for NIfTI-1
        for (int i = 0; i < wide.size(); i++) wide.set(i, i % 251);
        Path widePath = dir.resolve("ours_wide.nii");
        VolumeIO.write(wide, widePath);
        files.add(widePath.toString());
        written.add(wide);
        JsonObject res = JsonParser.parseString(Python.run(READ_BACK, files.toArray(String[]::new)).trim()).getAsJsonObject();
        for (int i = 0; i < files.size(); i++) {
            String f = files.get(i);
            Volume v = written.get(i);
            JsonObject r = res.getAsJsonObject(f);
            double[] expectedAffine = v.geometry().toRasAffine();
            assertArrayEquals(expectedAffine, affine(r.getAsJsonArray("affine")), 1e-5, f);
            assertArrayEquals(expectedAffine, affine(r.getAsJsonArray("qform")), 1e-5, f + " qform");
            assertArrayEquals(expectedAffine, affine(r.getAsJsonArray("sform")), 1e-5, f + " sform");
            assertTrue(r.get("qform_code").getAsInt() > 0 && r.get("sform_code").getAsInt() > 0, f + " codes");
            assertEquals("mm", r.getAsJsonArray("units").get(0).getAsString());
            boolean nifti2 = f.endsWith("ours_nifti2.nii.gz") || f.endsWith("ours_wide.nii");
            assertEquals(nifti2 ? 540 : 348, r.get("sizeof_hdr").getAsInt(), f);
            String ext = f.endsWith(".img.gz") ? ".img.gz" : "";
            Path nib = Path.of(f + ".nib");
            assertArrayEquals(v.toDoubleArray(), readDoubles(nib), 1e-6, f + " voxels");
            assertEquals(ElementType.of(v.type()).label, r.get("dtype").getAsString(), f + ext);
            // and back through our own reader: same grid and type
            Volume back = VolumeIO.read(Path.of(f));
            assertEquals(v.type(), back.type());
            assertEquals(null, v.geometry().mismatch(back.geometry(), 1e-5), f);
        }
    }

    static Geometry orthonormal(double[] affine, int[] dims) {
        Geometry g = Geometry.fromRasAffine(dims, affine);
        double[] d = g.direction();
        double[][] cols = new double[3][3];
        for (int c = 0; c < 3; c++) for (int r = 0; r < 3; r++) cols[c][r] = d[r * 3 + c];
        for (int c = 0; c < 3; c++) { // Gram-Schmidt
            for (int p = 0; p < c; p++) {
                double dot = 0;
                for (int r = 0; r < 3; r++) dot += cols[c][r] * cols[p][r];
                for (int r = 0; r < 3; r++) cols[c][r] -= dot * cols[p][r];
            }
            double n = Math.sqrt(cols[c][0] * cols[c][0] + cols[c][1] * cols[c][1] + cols[c][2] * cols[c][2]);
            for (int r = 0; r < 3; r++) cols[c][r] /= n;
        }
        double[] dir = new double[9];
        for (int c = 0; c < 3; c++) for (int r = 0; r < 3; r++) dir[r * 3 + c] = cols[c][r];
        return new Geometry(dims, g.spacing(), g.origin(), dir);
    }

}
