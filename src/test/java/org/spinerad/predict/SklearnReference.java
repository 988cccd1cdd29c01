package org.spinerad.predict;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.Objects;

/** The LASSO test data set (15 features, linear and binary outcomes) and its scikit-learn reference numbers (scripts/ref/lasso_reference.py). */
public final class SklearnReference {
    private SklearnReference() {}

    public static final double[][] X;
    public static final double[] Y_LIN, Y_BIN;
    public static final JsonObject REF;

    static {
        try {
            org.spinerad.util.Csv csv = org.spinerad.util.Csv.read(
                    Path.of(Objects.requireNonNull(SklearnReference.class.getResource("/predict/lasso_data.csv")).toURI()));
            int n = csv.rowCount(), p = 15;
            X = new double[n][p];
            Y_LIN = new double[n];
            Y_BIN = new double[n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < p; j++) X[i][j] = Double.parseDouble(csv.cell(i, j));
                Y_LIN[i] = Double.parseDouble(csv.cell(i, p));
                Y_BIN[i] = Double.parseDouble(csv.cell(i, p + 1));
            }
            REF = JsonParser.parseReader(new InputStreamReader(SklearnReference.class.getResourceAsStream("/predict/lasso_sklearn.json"))).getAsJsonObject();
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }

    public static double[] arr(JsonArray a) {
        double[] d = new double[a.size()];
        for (int i = 0; i < d.length; i++) d[i] = a.get(i).getAsDouble();
        return d;
    }
}
