package org.spinerad.predict.learners;

import com.google.gson.JsonObject;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_double;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_float;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_int;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_long_long;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_p_void;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_void;
import com.microsoft.ml.lightgbm.lightgbmlib;
import com.microsoft.ml.lightgbm.lightgbmlibConstants;
import org.spinerad.predict.Json;
import org.spinerad.util.SpineRadException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * LightGBM through Microsoft's {@code lightgbmlib} SWIG binding (natives for Linux/Windows/macOS x86_64 inside the
 * Maven jar, extracted once to a temporary folder). Saved as LightGBM's own text model string.
 */
public final class LightGbmModel implements Model {
    private final String modelText;

    private LightGbmModel(String modelText) { this.modelText = modelText; }

    private static boolean loaded;

    static synchronized void loadNatives() {
        if (loaded) return;
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String dir = os.contains("win") ? "windows" : os.contains("mac") ? "osx" : "linux";
        String ext = dir.equals("windows") ? ".dll" : dir.equals("osx") ? ".dylib" : ".so";
        try {
            Path tmp = Files.createTempDirectory("spinerad-lightgbm");
            for (String lib : new String[]{"lib_lightgbm", "lib_lightgbm_swig"}) {
                String res = "/com/microsoft/ml/lightgbm/" + dir + "/x86_64/" + lib + ext;
                try (InputStream in = LightGbmModel.class.getResourceAsStream(res)) {
                    if (in == null) throw new SpineRadException("LightGBM has no native library for this platform (" + res + ")");
                    Path f = tmp.resolve(lib + ext);
                    Files.copy(in, f, StandardCopyOption.REPLACE_EXISTING);
                    f.toFile().deleteOnExit();
                    System.load(f.toString());
                }
            }
            tmp.toFile().deleteOnExit();
            loaded = true;
        } catch (IOException e) {
            throw new SpineRadException("cannot extract the LightGBM native library: " + e.getMessage(), e);
        }
    }

    private static void check(int rc, String what) {
        if (rc != 0) throw new SpineRadException("LightGBM " + what + " failed: " + lightgbmlib.LGBM_GetLastError());
    }

    private static SWIGTYPE_p_double nativeMatrix(double[][] x) {
        int n = x.length, p = x[0].length;
        SWIGTYPE_p_double data = lightgbmlib.new_doubleArray((long) n * p);
        for (int i = 0; i < n; i++) for (int j = 0; j < p; j++) lightgbmlib.doubleArray_setitem(data, (long) i * p + j, x[i][j]);
        return data;
    }

    public static final Learner LEARNER = new Learner() {
        @Override public String name() { return "LightGBM"; }

        @Override
        public List<Map<String, Double>> grid() {
            return Learner.gridOf("n_estimators", new double[]{50, 150}, "learning_rate", new double[]{0.05, 0.1},
                    "num_leaves", new double[]{4, 15});
        }

        @Override
        public Model fit(double[][] x, int[] y, Map<String, Double> p, long seed) {
            loadNatives();
            int n = x.length, cols = x[0].length;
            String params = String.format(Locale.ROOT,
                    "objective=binary learning_rate=%s num_leaves=%d min_data_in_leaf=%d seed=%d deterministic=true num_threads=1 verbose=-1",
                    p.getOrDefault("learning_rate", 0.1), p.getOrDefault("num_leaves", 15.0).intValue(),
                    Math.max(1, Math.min(20, n / 10)), seed);
            SWIGTYPE_p_double data = nativeMatrix(x);
            SWIGTYPE_p_float labels = lightgbmlib.new_floatArray(n);
            SWIGTYPE_p_p_void datasetOut = lightgbmlib.voidpp_handle(), boosterOut = lightgbmlib.voidpp_handle();
            SWIGTYPE_p_int finished = lightgbmlib.new_intp();
            SWIGTYPE_p_long_long len = lightgbmlib.new_int64_tp();
            try {
                for (int i = 0; i < n; i++) lightgbmlib.floatArray_setitem(labels, i, y[i]);
                check(lightgbmlib.LGBM_DatasetCreateFromMat(lightgbmlib.double_to_voidp_ptr(data), lightgbmlibConstants.C_API_DTYPE_FLOAT64,
                        n, cols, 1, params, null, datasetOut), "dataset");
                SWIGTYPE_p_void dataset = lightgbmlib.voidpp_value(datasetOut);
                check(lightgbmlib.LGBM_DatasetSetField(dataset, "label", lightgbmlib.float_to_voidp_ptr(labels), n,
                        lightgbmlibConstants.C_API_DTYPE_FLOAT32), "labels");
                check(lightgbmlib.LGBM_BoosterCreate(dataset, params, boosterOut), "booster");
                SWIGTYPE_p_void booster = lightgbmlib.voidpp_value(boosterOut);
                int rounds = p.getOrDefault("n_estimators", 100.0).intValue();
                for (int r = 0; r < rounds; r++) check(lightgbmlib.LGBM_BoosterUpdateOneIter(booster, finished), "iteration");
                String text = lightgbmlib.LGBM_BoosterSaveModelToStringSWIG(booster, 0, -1, 0, 1 << 20, len);
                lightgbmlib.LGBM_BoosterFree(booster);
                lightgbmlib.LGBM_DatasetFree(dataset);
                return new LightGbmModel(text);
            } finally {
                lightgbmlib.delete_doubleArray(data);
                lightgbmlib.delete_floatArray(labels);
            }
        }
    };

    @Override public String learner() { return "LightGBM"; }

    @Override
    public double[] predictProba(double[][] x) {
        loadNatives();
        SWIGTYPE_p_p_void boosterOut = lightgbmlib.voidpp_handle();
        SWIGTYPE_p_int iterations = lightgbmlib.new_intp();
        check(lightgbmlib.LGBM_BoosterLoadModelFromString(modelText, iterations, boosterOut), "model loading");
        SWIGTYPE_p_void booster = lightgbmlib.voidpp_value(boosterOut);
        SWIGTYPE_p_double data = nativeMatrix(x);
        SWIGTYPE_p_double out = lightgbmlib.new_doubleArray(x.length);
        SWIGTYPE_p_long_long len = lightgbmlib.new_int64_tp();
        try {
            check(lightgbmlib.LGBM_BoosterPredictForMat(booster, lightgbmlib.double_to_voidp_ptr(data), lightgbmlibConstants.C_API_DTYPE_FLOAT64,
                    x.length, x[0].length, 1, lightgbmlibConstants.C_API_PREDICT_NORMAL, 0, -1, "", len, out), "prediction");
            double[] p = new double[x.length];
            for (int i = 0; i < p.length; i++) p[i] = lightgbmlib.doubleArray_getitem(out, i);
            return p;
        } finally {
            lightgbmlib.LGBM_BoosterFree(booster);
            lightgbmlib.delete_doubleArray(data);
            lightgbmlib.delete_doubleArray(out);
        }
    }

    @Override
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("kind", "lightgbm");
        o.addProperty("learner", "LightGBM");
        o.addProperty("lightgbm_model", modelText);
        return o;
    }

    public static LightGbmModel fromJson(JsonObject o) {
        return new LightGbmModel(Json.require(o, "lightgbm_model").getAsString());
    }
}
