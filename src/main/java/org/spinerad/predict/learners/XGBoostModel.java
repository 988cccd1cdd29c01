package org.spinerad.predict.learners;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.spinerad.predict.Json;
import org.spinerad.util.SpineRadException;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** XGBoost (xgboost4j, native library bundled in the Maven jar) with binary:logistic; saved as XGBoost's own JSON model. */
public final class XGBoostModel implements Model {
    private final String modelJson;
    private transient Booster booster;

    private XGBoostModel(String modelJson, Booster booster) {
        this.modelJson = modelJson;
        this.booster = booster;
    }

    public static final Learner LEARNER = new Learner() {
        @Override public String name() { return "XGBoost"; }

        @Override
        public List<Map<String, Double>> grid() {
            return Learner.gridOf("n_estimators", new double[]{50, 150}, "learning_rate", new double[]{0.05, 0.1},
                    "max_depth", new double[]{2, 4});
        }

        @Override
        public Model fit(double[][] x, int[] y, Map<String, Double> p, long seed) {
            try {
                DMatrix d = matrix(x);
                float[] labels = new float[y.length];
                for (int i = 0; i < y.length; i++) labels[i] = y[i];
                d.setLabel(labels);
                Map<String, Object> params = new HashMap<>();
                params.put("objective", "binary:logistic");
                params.put("eta", p.getOrDefault("learning_rate", 0.1));
                params.put("max_depth", p.getOrDefault("max_depth", 3.0).intValue());
                params.put("seed", (int) seed);
                params.put("nthread", 1);
                params.put("verbosity", 0);
                Booster b = XGBoost.train(d, params, p.getOrDefault("n_estimators", 100.0).intValue(), new HashMap<>(), null, null);
                d.dispose();
                return new XGBoostModel(new String(b.toByteArray("json"), StandardCharsets.UTF_8), b);
            } catch (XGBoostError e) {
                throw new SpineRadException("XGBoost training failed: " + e.getMessage(), e);
            }
        }
    };

    static DMatrix matrix(double[][] x) throws XGBoostError {
        int n = x.length, p = x[0].length;
        float[] flat = new float[n * p];
        for (int i = 0; i < n; i++) for (int j = 0; j < p; j++) flat[i * p + j] = (float) x[i][j];
        return new DMatrix(flat, n, p, Float.NaN);
    }

    private synchronized Booster booster() {
        if (booster == null) {
            try {
                booster = XGBoost.loadModel(modelJson.getBytes(StandardCharsets.UTF_8));
            } catch (Exception e) {
                throw new SpineRadException("model file: cannot load the XGBoost model: " + e.getMessage(), e);
            }
        }
        return booster;
    }

    @Override public String learner() { return "XGBoost"; }

    @Override
    public double[] predictProba(double[][] x) {
        try {
            DMatrix d = matrix(x);
            float[][] pr;
            synchronized (this) { pr = booster().predict(d); }
            d.dispose();
            double[] out = new double[x.length];
            for (int i = 0; i < out.length; i++) out[i] = pr[i][0];
            return out;
        } catch (XGBoostError e) {
            throw new SpineRadException("XGBoost prediction failed: " + e.getMessage(), e);
        }
    }

    @Override
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("kind", "xgboost");
        o.addProperty("learner", "XGBoost");
        o.add("xgboost_model", JsonParser.parseString(modelJson));
        return o;
    }

    public static XGBoostModel fromJson(JsonObject o) {
        return new XGBoostModel(Json.require(o, "xgboost_model").toString(), null);
    }
}
