package org.spinerad.predict.selection;

import com.google.gson.JsonObject;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.spinerad.predict.FeatureTable;
import org.spinerad.predict.Json;

import java.util.ArrayList;
import java.util.List;

/**
 * Principal component projection fitted on (already z-scored) training rows; outputs columns PC1..PCk. The number
 * of components is the smallest reaching the explained-variance fraction, capped by {@code maxComponents}.
 * Component signs follow scikit-learn's {@code svd_flip} (largest |loading| positive) so results are reproducible.
 */
public final class Pca implements Step {
    private final List<String> input;
    private final double[] mean;
    private final double[][] components; // k x p
    private final double[] explained;

    private Pca(List<String> input, double[] mean, double[][] components, double[] explained) {
        this.input = List.copyOf(input);
        this.mean = mean;
        this.components = components;
        this.explained = explained;
    }

    public static Pca fit(FeatureTable train, double varianceFraction, int maxComponents) {
        int n = train.rows(), p = train.cols();
        double[] mean = new double[p];
        double[][] x = train.x();
        for (double[] row : x) for (int j = 0; j < p; j++) mean[j] += row[j] / n;
        double[][] c = new double[n][p];
        for (int i = 0; i < n; i++) for (int j = 0; j < p; j++) c[i][j] = x[i][j] - mean[j];
        SingularValueDecomposition svd = new SingularValueDecomposition(new Array2DRowRealMatrix(c, false));
        double[] s = svd.getSingularValues();
        double total = 0;
        for (double v : s) total += v * v;
        int k = 0;
        double acc = 0;
        while (k < s.length && k < maxComponents && (k == 0 || acc / total < varianceFraction)) { acc += s[k] * s[k]; k++; }
        double[][] vt = svd.getVT().getData();
        double[][] comps = new double[k][];
        double[] explained = new double[k];
        for (int a = 0; a < k; a++) {
            comps[a] = vt[a].clone();
            int maxJ = 0;
            for (int j = 1; j < p; j++) if (Math.abs(comps[a][j]) > Math.abs(comps[a][maxJ])) maxJ = j;
            if (comps[a][maxJ] < 0) for (int j = 0; j < p; j++) comps[a][j] = -comps[a][j];
            explained[a] = total > 0 ? s[a] * s[a] / total : 0;
        }
        return new Pca(train.names(), mean, comps, explained);
    }

    public double[] explainedVarianceRatio() { return explained.clone(); }

    @Override public String kind() { return "pca"; }
    @Override public List<String> inputFeatures() { return input; }

    @Override
    public FeatureTable apply(FeatureTable t) {
        double[][] x = t.select(input).x();
        int k = components.length;
        double[][] out = new double[x.length][k];
        for (int i = 0; i < x.length; i++)
            for (int a = 0; a < k; a++) {
                double s = 0;
                for (int j = 0; j < mean.length; j++) s += (x[i][j] - mean[j]) * components[a][j];
                out[i][a] = s;
            }
        List<String> names = new ArrayList<>();
        for (int a = 1; a <= k; a++) names.add("PC" + a);
        return new FeatureTable(t.ids(), names, out, t.y(), t.source());
    }

    @Override
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("kind", kind());
        o.add("features", Json.of(input));
        o.add("mean", Json.of(mean));
        o.add("components", Json.of(components));
        o.add("explained_variance_ratio", Json.of(explained));
        return o;
    }

    public static Pca fromJson(JsonObject o) {
        return new Pca(Json.strings(o, "features"), Json.doubles(o, "mean"), Json.matrix(o, "components"),
                Json.doubles(o, "explained_variance_ratio"));
    }
}
