package org.spinerad.predict.learners;

import com.google.gson.JsonObject;
import org.spinerad.predict.Json;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A one-hidden-layer perceptron (ReLU, logistic output) trained on the log-loss with L2 penalty by full-batch Adam,
 * Glorot-initialised from the seed — scikit-learn {@code MLPClassifier}'s model; weights are the saved state.
 */
public final class MlpModel implements Model {
    private final double[][] w1; // hidden x p
    private final double[] b1, w2;
    private final double b2;

    private MlpModel(double[][] w1, double[] b1, double[] w2, double b2) {
        this.w1 = w1;
        this.b1 = b1;
        this.w2 = w2;
        this.b2 = b2;
    }

    public static final Learner LEARNER = new Learner() {
        @Override public String name() { return "MLP"; }

        @Override
        public List<Map<String, Double>> grid() {
            return Learner.gridOf("hidden", new double[]{8, 32}, "alpha", new double[]{1e-4, 1e-2});
        }

        @Override
        public Model fit(double[][] x, int[] y, Map<String, Double> p, long seed) {
            return train(x, y, p.getOrDefault("hidden", 16.0).intValue(), p.getOrDefault("alpha", 1e-4), 400, 0.01, seed);
        }
    };

    static MlpModel train(double[][] x, int[] y, int h, double alpha, int epochs, double lr, long seed) {
        int n = x.length, p = x[0].length;
        SplittableRandom rnd = new SplittableRandom(seed);
        double bound1 = Math.sqrt(6.0 / (p + h)), bound2 = Math.sqrt(6.0 / (h + 1));
        double[][] w1 = new double[h][p];
        double[] b1 = new double[h], w2 = new double[h];
        double[] b2 = {0};
        for (int k = 0; k < h; k++) {
            for (int j = 0; j < p; j++) w1[k][j] = (2 * rnd.nextDouble() - 1) * bound1;
            b1[k] = (2 * rnd.nextDouble() - 1) * bound1;
            w2[k] = (2 * rnd.nextDouble() - 1) * bound2;
        }
        Adam adam = new Adam(h * p + h + h + 1, lr);
        double[] hid = new double[h];
        for (int e = 0; e < epochs; e++) {
            double[][] gw1 = new double[h][p];
            double[] gb1 = new double[h], gw2 = new double[h];
            double gb2 = 0;
            for (int i = 0; i < n; i++) {
                double out = b2[0];
                for (int k = 0; k < h; k++) {
                    double a = b1[k];
                    for (int j = 0; j < p; j++) a += w1[k][j] * x[i][j];
                    hid[k] = Math.max(0, a);
                    out += w2[k] * hid[k];
                }
                double d = (1 / (1 + Math.exp(-out)) - y[i]) / n;
                gb2 += d;
                for (int k = 0; k < h; k++) {
                    gw2[k] += d * hid[k];
                    if (hid[k] > 0) {
                        double dh = d * w2[k];
                        gb1[k] += dh;
                        for (int j = 0; j < p; j++) gw1[k][j] += dh * x[i][j];
                    }
                }
            }
            for (int k = 0; k < h; k++) {
                gw2[k] += alpha * w2[k] / n;
                for (int j = 0; j < p; j++) gw1[k][j] += alpha * w1[k][j] / n;
            }
            adam.step(new double[][][]{w1}, new double[][]{b1, w2, b2}, new double[][][]{gw1}, new double[][]{gb1, gw2, {gb2}});
        }
        return new MlpModel(w1, b1, w2, b2[0]);
    }

    /** Adam over a fixed list of parameter arrays (matrices, then vectors), state kept in one flat buffer. */
    private static final class Adam {
        final double[] m, v;
        final double lr;
        int t;

        Adam(int size, double lr) {
            m = new double[size];
            v = new double[size];
            this.lr = lr;
        }

        void step(double[][][] mats, double[][] vecs, double[][][] gmats, double[][] gvecs) {
            t++;
            double c1 = 1 - Math.pow(0.9, t), c2 = 1 - Math.pow(0.999, t);
            int idx = 0;
            for (int a = 0; a < mats.length; a++)
                for (int r = 0; r < mats[a].length; r++) idx = update(mats[a][r], gmats[a][r], idx, c1, c2);
            for (int a = 0; a < vecs.length; a++) idx = update(vecs[a], gvecs[a], idx, c1, c2);
        }

        int update(double[] w, double[] g, int idx, double c1, double c2) {
            for (int j = 0; j < w.length; j++, idx++) {
                m[idx] = 0.9 * m[idx] + 0.1 * g[j];
                v[idx] = 0.999 * v[idx] + 0.001 * g[j] * g[j];
                w[j] -= lr * (m[idx] / c1) / (Math.sqrt(v[idx] / c2) + 1e-8);
            }
            return idx;
        }
    }

    @Override public String learner() { return "MLP"; }

    @Override
    public double[] predictProba(double[][] x) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double s = b2;
            for (int k = 0; k < w2.length; k++) {
                double a = b1[k];
                for (int j = 0; j < x[i].length; j++) a += w1[k][j] * x[i][j];
                s += w2[k] * Math.max(0, a);
            }
            out[i] = 1 / (1 + Math.exp(-s));
        }
        return out;
    }

    @Override
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("kind", "mlp");
        o.addProperty("learner", "MLP");
        o.add("w1", Json.of(w1));
        o.add("b1", Json.of(b1));
        o.add("w2", Json.of(w2));
        o.addProperty("b2", b2);
        return o;
    }

    public static MlpModel fromJson(JsonObject o) {
        return new MlpModel(Json.matrix(o, "w1"), Json.doubles(o, "b1"), Json.doubles(o, "w2"), o.get("b2").getAsDouble());
    }
}
