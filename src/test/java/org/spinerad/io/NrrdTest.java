package org.spinerad.io;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spinerad.image.DataType;
import org.spinerad.image.Geometry;
import org.spinerad.image.Volume;
import org.spinerad.testutil.Python;
import org.spinerad.util.SpineRadException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** NRRD files written by a small numpy script read by SpineRad, and SpineRad's NRRD parsed by numpy. */
class NrrdTest {
    @TempDir
    static Path dir;
    static JsonObject manifest;

    /** Writes NRRD variants; records the expected RAS affine (nibabel convention) and voxels (float64, x fastest). */
    private static final String WRITE = """
            import sys, json, gzip, numpy as np
            out = sys.argv[1]
            rng = np.random.default_rng(11)
            cases = {}
            def fmt(v): return '(' + ', '.join(repr(float(x)) for x in v) + ')'
            def write(name, arr, ntype, dtype, space='left-posterior-superior', dirs=None, origin=None, enc='raw',
                      endian='little', detached=None, extra='', spacings=None, sizes=None, dimension=None):
                a = np.asarray(arr)
                raw = a.astype(np.dtype(dtype).newbyteorder('<' if endian == 'little' else '>')).ravel(order='F').tobytes()
                shape = sizes or list(a.shape)
                h = 'NRRD0004\\n# comment line\\ntype: %s\\ndimension: %d\\n' % (ntype, dimension or len(shape))
                if space: h += 'space: %s\\n' % space
                h += 'sizes: %s\\n' % ' '.join(str(s) for s in shape)
                if dirs is not None: h += 'space directions: %s\\n' % ' '.join('none' if d is None else fmt(d) for d in dirs)
                if spacings is not None: h += 'spacings: %s\\n' % ' '.join(str(s) for s in spacings)
                h += 'endian: %s\\nencoding: %s\\n' % (endian, enc) + extra
                if origin is not None: h += 'space origin: %s\\n' % fmt(origin)
                if enc == 'gzip': data = gzip.compress(raw)
                elif enc == 'ascii': data = (' '.join(repr(x) for x in a.ravel(order='F').tolist()) + '\\n').encode()
                else: data = raw
                if detached:
                    h += 'data file: %s\\n' % detached
                    open(out + '/' + detached, 'wb').write(data)
                    open(out + '/' + name, 'wb').write(h.encode())
                else:
                    open(out + '/' + name, 'wb').write(h.encode() + b'\\n' + data)
                # expected RAS affine
                aff = np.eye(4)
                if dirs is not None:
                    sd = [d for d in dirs if d is not None]
                    for c, d in enumerate(sd): aff[:3, c] = d
                elif spacings is not None:
                    for c, s in enumerate(spacings): aff[c, c] = s
                if origin is not None: aff[:3, 3] = origin
                to_lps = {'left-posterior-superior': [1, 1, 1], 'right-anterior-superior': [-1, -1, 1], 'RAI': [-1, -1, -1],
                          'left-anterior-inferior': [1, -1, -1], None: [1, 1, 1]}[space]
                aff = np.diag([-1, -1, 1, 1]) @ np.diag(to_lps + [1]) @ aff
                np.asarray(a, dtype='<f8').ravel(order='F').tofile(out + '/' + name + '.expected')
                cases[name] = {'affine': aff.tolist()}
            obl = [[0.9, 0.1, -0.2], [-0.15, 1.2, 0.3], [0.05, -0.25, 2.5]]
            write('int16_raw.nrrd', rng.integers(-3000, 3000, (5, 4, 3)), 'short', 'i2', dirs=obl, origin=[-10.5, 20.25, 3.0])
            write('float_gz_be_ras.nrrd', rng.standard_normal((5, 4, 3)), 'float', 'f4', space='right-anterior-superior',
                  dirs=obl, origin=[1, 2, 3], enc='gzip', endian='big')
            write('uint8_detached.nhdr', rng.integers(0, 256, (6, 5, 2)), 'uchar', 'u1', dirs=[[0, 0.7, 0], [0.6, 0, 0], [0, 0, -1.5]],
                  origin=[5, 6, 7], enc='gzip', detached='uint8_detached.raw.gz')
            write('uint16_be.nrrd', rng.integers(0, 65536, (3, 3, 3)), 'unsigned short', 'u2', dirs=obl, origin=[0, 0, 0], endian='big',
                  extra='kinds: domain domain domain\\nmodality:=CT\\n')
            write('int32_ascii.nrrd', rng.integers(-100000, 100000, (3, 2, 2)), 'int', 'i4', dirs=obl, origin=[1, 1, 1], enc='ascii')
            write('double_spacings.nrrd', rng.standard_normal((4, 3, 2)), 'double', 'f8', space=None, spacings=[0.5, 0.75, 2.0])
            write('vector1.nrrd', rng.integers(0, 100, (1, 4, 3, 2)).astype(np.int32)[0], 'int32', 'i4',
                  dirs=[None] + obl, origin=[4, 5, 6], sizes=[1, 4, 3, 2])
            write('rai.nrrd', rng.integers(0, 9, (3, 2, 2)), 'short', 'i2', space='RAI', dirs=obl, origin=[7, -8, 9])
            write('lai_spaced_vectors.nrrd', rng.integers(0, 9, (3, 2, 2)), 'short', 'i2', space='left-anterior-inferior',
                  dirs=obl, origin=[1.5, 2, 3], extra='thicknesses: NaN NaN 2.5\\n')
            write('int8.nrrd', rng.integers(-128, 128, (4, 3, 2)), 'signed char', 'i1', dirs=obl, origin=[0, 0, 0])
            json.dump(cases, open(out + '/manifest.json', 'w'))
            """;

    @BeforeAll
    static void writeWithNumpy() throws IOException {
        Python.run(WRITE, dir.toString());
        manifest = JsonParser.parseString(Files.readString(dir.resolve("manifest.json"))).getAsJsonObject();
    }

    @Test
    void numpyWrittenNrrdVariants() throws IOException {
        Map<String, DataType> types = Map.of("int16_raw.nrrd", DataType.INT16, "float_gz_be_ras.nrrd", DataType.FLOAT32,
                "uint8_detached.nhdr", DataType.UINT8, "uint16_be.nrrd", DataType.UINT16, "int32_ascii.nrrd", DataType.INT32,
                "double_spacings.nrrd", DataType.FLOAT64, "vector1.nrrd", DataType.INT32, "int8.nrrd", DataType.INT16,
                "rai.nrrd", DataType.INT16, "lai_spaced_vectors.nrrd", DataType.INT16);
        for (var e : types.entrySet()) {
            String name = e.getKey();
            Volume v = VolumeIO.read(dir.resolve(name));
            assertEquals(e.getValue(), v.type(), name);
            assertArrayEquals(NiftiNibabelTest.affine(manifest.getAsJsonObject(name).getAsJsonArray("affine")),
                    v.geometry().toRasAffine(), 1e-9, name + " affine");
            double[] expected = NiftiNibabelTest.readDoubles(dir.resolve(name + ".expected"));
            assertArrayEquals(expected, v.toDoubleArray(), 1e-6, name + " voxels");
        }
    }

    /** Parses SpineRad's NRRD with numpy alone and prints the LPS affine and voxel sum. */
    private static final String PARSE = """
            import sys, json, gzip, numpy as np
            res = {}
            for p in sys.argv[1:]:
                raw = open(p, 'rb').read()
                head, data = raw.split(b'\\n\\n', 1) if p.endswith('.nrrd') else (raw, None)
                f = dict(l.split(': ', 1) for l in head.decode().splitlines()[1:] if ': ' in l and not l.startswith('#'))
                if data is None: data = open(p[:p.rfind('/') + 1] + f['data file'], 'rb').read()
                if f['encoding'] == 'gzip': data = gzip.decompress(data)
                dt = {'int16': '<i2', 'uint8': 'u1', 'uint16': '<u2', 'int32': '<i4', 'float': '<f4', 'double': '<f8'}[f['type']]
                sizes = [int(s) for s in f['sizes'].split()]
                arr = np.frombuffer(data, dtype=dt).reshape(sizes, order='F')
                dirs = [[float(x) for x in d.strip('()').split(',')] for d in f['space directions'].split()]
                aff = np.eye(4); aff[:3, :3] = np.array(dirs).T
                aff[:3, 3] = [float(x) for x in f['space origin'].strip('()').split(',')]
                res[p] = {'lps': aff.tolist(), 'space': f['space'], 'sum': float(arr.sum(dtype=np.float64)), 'first': float(arr.ravel(order='F')[7])}
            print(json.dumps(res))
            """;

    @Test
    void ourNrrdParsedByNumpy() {
        double[] ras = {0.9, -0.3, 0.2, -40.5, 0.25, 1.1, -0.4, 22.0, -0.1, 0.35, 2.6, 7.25, 0, 0, 0, 1};
        Geometry g = Geometry.fromRasAffine(new int[]{5, 4, 3}, ras);
        String[] names = {"ours.nrrd", "ours_raw.nrrd", "ours.nhdr"};
        DataType[] types = {DataType.FLOAT32, DataType.INT16, DataType.UINT8};
        double[] sums = new double[3], seventh = new double[3];
        for (int k = 0; k < 3; k++) {
            Volume v = Volume.create(g, types[k]);
            for (int i = 0; i < v.size(); i++) v.set(i, types[k].integer ? (i * 7) % 250 : i * 0.5 - 3);
            Path f = dir.resolve(names[k]);
            if (k == 1) NrrdWriter.write(v, f, false);
            else VolumeIO.write(v, f);
            for (int i = 0; i < v.size(); i++) sums[k] += v.get(i);
            seventh[k] = v.get(7);
            Volume back = VolumeIO.read(f);
            assertEquals(types[k], back.type());
            assertEquals(null, g.mismatch(back.geometry(), 1e-12));
            assertArrayEquals(v.toDoubleArray(), back.toDoubleArray(), 0);
        }
        String[] paths = new String[3];
        for (int k = 0; k < 3; k++) paths[k] = dir.resolve(names[k]).toString();
        JsonObject res = JsonParser.parseString(Python.run(PARSE, paths).trim()).getAsJsonObject();
        double[] lps = ras.clone();
        for (int c = 0; c < 4; c++) { lps[c] = -lps[c]; lps[4 + c] = -lps[4 + c]; }
        for (int k = 0; k < 3; k++) {
            JsonObject r = res.getAsJsonObject(paths[k]);
            assertEquals("left-posterior-superior", r.get("space").getAsString());
            assertArrayEquals(lps, NiftiNibabelTest.affine(r.getAsJsonArray("lps")), 1e-9, names[k]);
            assertEquals(sums[k], r.get("sum").getAsDouble(), 1e-9);
            assertEquals(seventh[k], r.get("first").getAsDouble(), 0);
        }
    }

    @Test
    void badNrrdInput() throws IOException {
        Path notNrrd = dir.resolve("bad_magic.nrrd");
        Files.writeString(notNrrd, "hello\n\n");
        assertMessage(notNrrd, "not a NRRD file");
        Path noType = dir.resolve("no_type.nrrd");
        Files.writeString(noType, "NRRD0004\ndimension: 3\nsizes: 2 2 2\nencoding: raw\n\n");
        assertMessage(noType, "required field 'type'");
        Path truncated = dir.resolve("truncated.nrrd");
        Files.writeString(truncated, "NRRD0004\ntype: short\ndimension: 3\nsizes: 10 10 10\nencoding: raw\n\n0123456789");
        assertMessage(truncated, "header claims 2000 bytes");
        Path huge = dir.resolve("huge.nrrd");
        Files.writeString(huge, "NRRD0004\ntype: short\ndimension: 3\nsizes: 1000 1000 1000\nencoding: gzip\n\nxx");
        assertMessage(huge, "cannot hold");
        Path vector = dir.resolve("rgb.nrrd");
        Files.writeString(vector, "NRRD0004\ntype: uchar\ndimension: 4\nsizes: 3 2 2 2\nspace: LPS\n"
                + "space directions: none (1,0,0) (0,1,0) (0,0,1)\nencoding: raw\n\n" + "x".repeat(24));
        assertMessage(vector, "not spatial and has 3 samples");
        Path scanner = dir.resolve("scanner.nrrd");
        Files.writeString(scanner, "NRRD0004\ntype: uchar\ndimension: 3\nsizes: 1 1 1\nspace: scanner-xyz\nencoding: raw\n\nx");
        assertMessage(scanner, "space 'scanner-xyz' is not supported");
        Path detached = dir.resolve("lost.nhdr");
        Files.writeString(detached, "NRRD0004\ntype: short\ndimension: 3\nsizes: 2 2 2\nencoding: raw\ndata file: gone.raw\n");
        assertMessage(detached, "gone.raw not found");
    }

    private static void assertMessage(Path f, String fragment) {
        SpineRadException e = assertThrows(SpineRadException.class, () -> VolumeIO.read(f));
        assertTrue(e.getMessage().contains(f.getFileName().toString()) && e.getMessage().contains(fragment), e.getMessage());
    }
}
