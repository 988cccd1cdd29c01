package org.spinerad.predict;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import java.util.ArrayList;
import java.util.List;

/** Small JSON helpers for model files: numeric arrays, string lists, required keys with clear errors. */
public final class Json {
    private Json() {}

    public static JsonArray of(double[] v) {
        JsonArray a = new JsonArray();
        for (double d : v) a.add(Double.isFinite(d) ? d : null);
        return a;
    }

    public static JsonArray of(List<String> v) {
        JsonArray a = new JsonArray();
        v.forEach(a::add);
        return a;
    }

    public static JsonArray of(double[][] m) {
        JsonArray a = new JsonArray();
        for (double[] row : m) a.add(of(row));
        return a;
    }

    public static double[] doubles(JsonObject o, String key) {
        JsonArray a = require(o, key).getAsJsonArray();
        double[] d = new double[a.size()];
        for (int i = 0; i < d.length; i++) d[i] = a.get(i).isJsonNull() ? Double.NaN : a.get(i).getAsDouble();
        return d;
    }

    public static double[][] matrix(JsonObject o, String key) {
        JsonArray a = require(o, key).getAsJsonArray();
        double[][] m = new double[a.size()][];
        for (int i = 0; i < m.length; i++) {
            JsonArray r = a.get(i).getAsJsonArray();
            m[i] = new double[r.size()];
            for (int j = 0; j < m[i].length; j++) m[i][j] = r.get(j).isJsonNull() ? Double.NaN : r.get(j).getAsDouble();
        }
        return m;
    }

    public static List<String> strings(JsonObject o, String key) {
        List<String> out = new ArrayList<>();
        require(o, key).getAsJsonArray().forEach(e -> out.add(e.getAsString()));
        return out;
    }

    public static com.google.gson.JsonElement require(JsonObject o, String key) {
        if (!o.has(key)) throw new org.spinerad.util.SpineRadException("model file: '" + key + "' is missing in " + o.get("kind"));
        return o.get(key);
    }
}
