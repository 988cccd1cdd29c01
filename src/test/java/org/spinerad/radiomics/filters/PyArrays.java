package org.spinerad.radiomics.filters;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.spinerad.testutil.Python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs a numpy/scipy/pywt reference on a float32 volume. The script body sees {@code im} (numpy array z, y, x),
 * {@code spacing} (x, y, z), {@code extra} (further arguments) and calls {@code emit(name, array)} for each result.
 */
final class PyArrays {
    private PyArrays() {}

    private static final String PRELUDE = """
            import sys
            import numpy as np
            inp, outp = sys.argv[1], sys.argv[2]
            nx, ny, nz = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
            spacing = [float(v) for v in sys.argv[6:9]]
            extra = sys.argv[9:]
            im = np.fromfile(inp, dtype='<f4').reshape(nz, ny, nx)
            results = []
            def emit(name, arr):
                results.append((name, np.array(arr, dtype='<f8').reshape(nz, ny, nx)))
            """;
    private static final String EPILOGUE = """
            with open(outp, 'wb') as f:
                for n, a in results:
                    f.write(a.astype('<f8').tobytes())
            with open(outp + '.names', 'w') as f:
                f.write('\\n'.join(n for n, _ in results))
            """;

    static Map<String, double[]> run(String body, float[] vol, int nx, int ny, int nz, double[] spacing, String... extra) {
        try {
            Path in = Files.createTempFile("filters-in", ".f32"), out = Files.createTempFile("filters-out", ".f64");
            ByteBuffer bb = ByteBuffer.allocate(vol.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (float v : vol) bb.putFloat(v);
            Files.write(in, bb.array());
            String[] args = new String[8 + extra.length];
            args[0] = in.toString();
            args[1] = out.toString();
            args[2] = "" + nx; args[3] = "" + ny; args[4] = "" + nz;
            for (int d = 0; d < 3; d++) args[5 + d] = Double.toString(spacing[d]);
            System.arraycopy(extra, 0, args, 8, extra.length);
            Python.run(PRELUDE + body + "\n" + EPILOGUE, args);
            Path namesFile = Path.of(out + ".names");
            List<String> names = Files.readString(namesFile).lines().toList();
            ByteBuffer data = ByteBuffer.wrap(Files.readAllBytes(out)).order(ByteOrder.LITTLE_ENDIAN);
            Map<String, double[]> result = new LinkedHashMap<>();
            int n = nx * ny * nz;
            for (String name : names) {
                double[] a = new double[n];
                for (int i = 0; i < n; i++) a[i] = data.getDouble();
                result.put(name, a);
            }
            Files.deleteIfExists(in);
            Files.deleteIfExists(out);
            Files.deleteIfExists(namesFile);
            return result;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static float[] random(int n, long seed, double lo, double hi) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (lo + (hi - lo) * r.nextDouble());
        return v;
    }

    /** Max |a - b| over voxels selected by {@code inside} (all when null), asserted below tol; returns the max. */
    static double assertClose(String what, double[] expected, float[] actual, double tol, boolean[] inside) {
        assertEquals(expected.length, actual.length, what + ": length");
        double max = 0;
        int worst = -1;
        for (int i = 0; i < expected.length; i++) {
            if (inside != null && !inside[i]) continue;
            if (Double.isNaN(expected[i]) && Float.isNaN(actual[i])) continue;
            double d = Math.abs(expected[i] - actual[i]);
            if (Double.isNaN(d)) d = Double.POSITIVE_INFINITY;
            if (d > max || worst < 0) { max = d; worst = i; }
        }
        double m = max;
        int w = worst;
        assertTrue(m <= tol, () -> what + ": max difference " + m + " at " + w + " (expected " + expected[w]
                + ", got " + actual[w] + ")");
        return max;
    }
}
