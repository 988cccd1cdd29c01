package org.spinerad.cli;

import org.spinerad.image.Geometry;
import org.spinerad.image.Volume;
import org.spinerad.io.VolumeIO;
import org.spinerad.segment.ColumnSegmenter;
import org.spinerad.segment.Segmenter;
import org.spinerad.util.ProcessMemory;
import org.spinerad.util.Progress;
import org.spinerad.util.SpineRadException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code spinerad bench segment}: wall time per CT, voxels per second and the process's peak resident memory of the
 * whole segmentation (reorientation, coarse localisation, fine pass on the column crop, labelling), on a CT as
 * stored and on the same CT resampled (trilinear) to a 512 x 512 x 300 grid at 0.8 mm.
 */
@Command(name = "segment", mixinStandardHelpOptions = true,
        description = "Time per CT, voxels/s and peak memory of vertebra segmentation, incl. a 512x512x300 0.8 mm resampling of the CT.")
public final class BenchSegmentCommand implements Callable<Integer> {
    @Option(names = "--image", defaultValue = "../shared/data/totalsegmentator/example_ct.nii.gz",
            description = "CT to segment (default ${DEFAULT-VALUE}).")
    Path image;
    @Option(names = "--model", description = "Model folder (default: the shipped " + Segmenter.DEFAULT_MODEL + ").")
    Path model;
    @Option(names = "--no-large", description = "Skip the 512 x 512 x 300 0.8 mm resampling.")
    boolean noLarge;

    @Override
    public Integer call() {
        if (!Files.exists(image)) throw new SpineRadException(image + ": file not found");
        Volume ct = VolumeIO.read(image);
        try (Segmenter seg = Segmenter.load(model != null ? model : Segmenter.defaultModel())) {
            run(seg, ct, image.getFileName().toString());
            if (!noLarge) run(seg, upsampled(ct), "512x512x300 at 0.8 mm (resampled)");
        }
        return 0;
    }

    private static void run(Segmenter seg, Volume ct, String name) {
        long t0 = System.nanoTime();
        ColumnSegmenter.Result r = seg.segmentWithReport(ct, Progress.console("segment"));
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "%s: %s voxels, %.1f s, %.2f M voxels/s, peak RSS %.2f GB, levels %s%n", name,
                java.util.Arrays.toString(ct.geometry().dims()), s, ct.size() / s / 1e6, peakRssGb(),
                r.levels().stream().map(l -> l.name()).toList());
    }

    /** The CT on a 512 x 512 x 300 grid of 0.8 mm centred on it, same directions; -1024 HU outside. */
    static Volume upsampled(Volume ct) {
        Geometry g = ct.geometry();
        int[] dims = {512, 512, 300};
        double[] sp = {0.8, 0.8, 0.8};
        double[] centre = g.indexToWorld((g.nx() - 1) / 2.0, (g.ny() - 1) / 2.0, (g.nz() - 1) / 2.0), dir = g.direction();
        double[] origin = new double[3];
        for (int w = 0; w < 3; w++) {
            origin[w] = centre[w];
            for (int c = 0; c < 3; c++) origin[w] -= dir[w * 3 + c] * sp[c] * (dims[c] - 1) / 2.0;
        }
        Geometry big = new Geometry(dims, sp, origin, dir);
        float[] src = ct.floats();
        short[] out = new short[big.voxelCount()];
        double[] q0 = g.worldToIndex(big.indexToWorld(0, 0, 0)), step = new double[3];
        for (int a = 0; a < 3; a++) step[a] = sp[a] / g.spacing(a);
        int i = 0;
        for (int z = 0; z < dims[2]; z++)
            for (int y = 0; y < dims[1]; y++)
                for (int x = 0; x < dims[0]; x++, i++)
                    out[i] = (short) Math.round(sample(src, g.dims(), q0[0] + x * step[0], q0[1] + y * step[1], q0[2] + z * step[2]));
        return Volume.wrap(big, org.spinerad.image.DataType.INT16, out);
    }

    private static double sample(float[] img, int[] d, double x, double y, double z) {
        if (x < 0 || y < 0 || z < 0 || x > d[0] - 1 || y > d[1] - 1 || z > d[2] - 1) return -1024;
        int x0 = Math.min((int) x, d[0] - 2), y0 = Math.min((int) y, d[1] - 2), z0 = Math.min((int) z, d[2] - 2);
        double fx = x - x0, fy = y - y0, fz = z - z0, v = 0;
        for (int k = 0; k < 8; k++) {
            int dx = k & 1, dy = (k >> 1) & 1, dz = k >> 2;
            v += (dx == 1 ? fx : 1 - fx) * (dy == 1 ? fy : 1 - fy) * (dz == 1 ? fz : 1 - fz)
                    * img[x0 + dx + d[0] * (y0 + dy + d[1] * (z0 + dz))];
        }
        return v;
    }

    /** Peak resident set size of this process (Linux VmHWM), NaN elsewhere. */
    static double peakRssGb() {
        long kb = ProcessMemory.statusKb("self", "VmHWM:");
        return kb > 0 ? kb / 1048576.0 : Double.NaN;
    }
}
