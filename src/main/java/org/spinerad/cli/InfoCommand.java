package org.spinerad.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.spinerad.image.Geometry;
import org.spinerad.image.Volume;
import org.spinerad.io.NiftiHeader;
import org.spinerad.io.VolumeIO;
import org.spinerad.util.SpineRadException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code spinerad info FILE}: header facts as JSON. For NIfTI only the header is read; {@code affine} is exactly
 * nibabel's {@code img.affine} (row-major, RAS+ mm), {@code origin} its translation column, {@code origin_lps} the same
 * point in LPS, {@code spacing} the affine's column lengths and {@code orientation} nibabel's axis codes.
 */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Print image header facts (dims, spacing, datatype, RAS affine, orientation) as JSON.")
public final class InfoCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "Image file (.nii, .nii.gz, .hdr/.img, .nrrd, .nhdr).")
    Path file;

    @Override
    public Integer call() {
        System.out.println(new GsonBuilder().setPrettyPrinting().create().toJson(describe(file)));
        return 0;
    }

    /** The JSON description of an image file. */
    public static JsonObject describe(Path file) {
        JsonObject o = new JsonObject();
        o.addProperty("file", file.toString());
        VolumeIO.Format format = VolumeIO.formatOf(file);
        if (format == VolumeIO.Format.NIFTI) {
            NiftiHeader h = NiftiHeader.read(file);
            double[] affine = h.affine();
            Geometry g;
            try {
                g = Geometry.fromRasAffine(h.spatialDims(), affine);
            } catch (IllegalArgumentException e) {
                throw new SpineRadException(file + ": unusable affine (" + e.getMessage() + ")", e);
            }
            o.addProperty("format", "NIfTI-" + h.version);
            put(o, g, affine, h.datatypeName());
            o.add("dim", longs(h.dim, 1, h.ndim() + 1));
            o.addProperty("volumes", h.volumeCount());
            o.add("pixdim", doubles(h.pixdim, 1, h.ndim() + 1));
            o.addProperty("bitpix", h.bitpix);
            o.addProperty("byte_order", h.order.toString().equals("BIG_ENDIAN") ? "big" : "little");
            o.addProperty("affine_source", h.affineSource());
            o.addProperty("qform_code", h.qformCode);
            o.addProperty("sform_code", h.sformCode);
            addNumber(o, "scl_slope", h.sclSlope);
            addNumber(o, "scl_inter", h.sclInter);
            o.addProperty("description", h.descrip);
            o.addProperty("intent_code", h.intentCode);
            o.addProperty("intent_name", h.intentName);
            o.addProperty("xyzt_units", h.xyztUnits);
        } else {
            Volume v = VolumeIO.read(file);
            Geometry g = v.geometry();
            o.addProperty("format", format == VolumeIO.Format.NRRD ? "NRRD" : "unknown");
            put(o, g, g.toRasAffine(), v.metadata().getOrDefault("nrrd.type", v.type().name().toLowerCase()));
            o.addProperty("space", v.metadata().getOrDefault("nrrd.space", ""));
        }
        return o;
    }

    private static void put(JsonObject o, Geometry g, double[] affine, String datatype) {
        o.add("dims", ints(g.dims()));
        o.add("spacing", doubles(g.spacing(), 0, 3));
        o.addProperty("datatype", datatype);
        JsonArray rows = new JsonArray();
        for (int r = 0; r < 4; r++) rows.add(doubles(affine, r * 4, r * 4 + 4));
        o.add("affine", rows);
        o.addProperty("orientation", g.orientationCode());
        o.add("origin", doubles(new double[]{affine[3], affine[7], affine[11]}, 0, 3));
        o.add("origin_lps", doubles(g.origin(), 0, 3));
    }

    private static void addNumber(JsonObject o, String key, double v) {
        if (Double.isFinite(v)) o.addProperty(key, v);
        else o.addProperty(key, (String) null);
    }

    private static JsonArray doubles(double[] a, int from, int to) {
        JsonArray arr = new JsonArray();
        for (int i = from; i < to; i++) arr.add(a[i]);
        return arr;
    }

    private static JsonArray longs(long[] a, int from, int to) {
        JsonArray arr = new JsonArray();
        for (int i = from; i < to; i++) arr.add(a[i]);
        return arr;
    }

    private static JsonArray ints(int[] a) {
        JsonArray arr = new JsonArray();
        for (int x : a) arr.add(x);
        return arr;
    }
}
