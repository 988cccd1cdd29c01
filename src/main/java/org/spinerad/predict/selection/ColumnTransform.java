package org.spinerad.predict.selection;

import com.google.gson.JsonObject;
import org.spinerad.predict.FeatureTable;
import org.spinerad.predict.Json;
import org.spinerad.stats.Quantiles;

import java.util.List;

/**
 * A per-column affine transform {@code (x − center) / scale} with NaN replaced by a fill value first: robust scaling
 * (median/IQR), z-scoring (mean/SD) and imputation (fill only) are instances fitted on training rows.
 */
public final class ColumnTransform implements Step {
    public enum Kind { ROBUST, ZSCORE, IMPUTE_MEDIAN, IMPUTE_MEAN }

    private final Kind kind;
    private final List<String> features;
    private final double[] fill, center, scale;

    private ColumnTransform(Kind kind, List<String> features, double[] fill, double[] center, double[] scale) {
        this.kind = kind;
        this.features = List.copyOf(features);
        this.fill = fill;
        this.center = center;
        this.scale = scale;
    }

    /**
     * Fits on training rows: ROBUST centres on the median and divides by the interquartile range (scikit-learn
     * RobustScaler; an IQR of 0 keeps scale 1); ZSCORE uses mean and population SD (scikit-learn StandardScaler);
     * the imputers only fill missing values with the training median/mean.
     */
    public static ColumnTransform fit(Kind kind, FeatureTable train) {
        int p = train.cols();
        double[] fill = new double[p], center = new double[p], scale = new double[p];
        for (int j = 0; j < p; j++) {
            double[] col = train.column(j);
            double median = Quantiles.ignoringNaN(col, 0.5);
            double mean = 0, ss = 0;
            int n = 0;
            for (double v : col) if (!Double.isNaN(v)) { mean += v; n++; }
            mean = n > 0 ? mean / n : Double.NaN;
            for (double v : col) if (!Double.isNaN(v)) ss += (v - mean) * (v - mean);
            double sd = n > 0 ? Math.sqrt(ss / n) : Double.NaN;
            switch (kind) {
                case ROBUST -> {
                    double iqr = Quantiles.ignoringNaN(col, 0.75) - Quantiles.ignoringNaN(col, 0.25);
                    fill[j] = median; center[j] = median; scale[j] = iqr > 0 ? iqr : 1;
                }
                case ZSCORE -> { fill[j] = mean; center[j] = mean; scale[j] = sd > 0 ? sd : 1; }
                case IMPUTE_MEDIAN -> { fill[j] = median; center[j] = 0; scale[j] = 1; }
                case IMPUTE_MEAN -> { fill[j] = mean; center[j] = 0; scale[j] = 1; }
            }
        }
        return new ColumnTransform(kind, train.names(), fill, center, scale);
    }

    @Override public String kind() { return kind.name().toLowerCase(); }
    @Override public List<String> inputFeatures() { return features; }

    @Override
    public FeatureTable apply(FeatureTable t) {
        FeatureTable s = t.select(features);
        double[][] x = s.x();
        double[][] out = new double[x.length][features.size()];
        for (int i = 0; i < x.length; i++)
            for (int j = 0; j < features.size(); j++) {
                double v = Double.isNaN(x[i][j]) ? fill[j] : x[i][j];
                out[i][j] = (v - center[j]) / scale[j];
            }
        return new FeatureTable(s.ids(), features, out, s.y(), s.source());
    }

    public double[] center() { return center.clone(); }
    public double[] scale() { return scale.clone(); }

    @Override
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("kind", kind());
        o.add("features", Json.of(features));
        o.add("fill", Json.of(fill));
        o.add("center", Json.of(center));
        o.add("scale", Json.of(scale));
        return o;
    }

    public static ColumnTransform fromJson(JsonObject o) {
        return new ColumnTransform(Kind.valueOf(o.get("kind").getAsString().toUpperCase()), Json.strings(o, "features"),
                Json.doubles(o, "fill"), Json.doubles(o, "center"), Json.doubles(o, "scale"));
    }
}
