package org.spinerad.io;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spinerad.image.DataType;
import org.spinerad.image.Geometry;
import org.spinerad.image.Volume;
import org.spinerad.predict.selection.ColumnTransform;
import org.spinerad.predict.FeatureTable;
import org.spinerad.predict.learners.Model;
import org.spinerad.predict.learners.Models;
import org.spinerad.predict.analysis.RiskModel;
import org.spinerad.testutil.SharedData;
import org.spinerad.util.Csv;
import org.spinerad.util.SpineRadException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seeded mutation fuzzing of every reader's sample files: NIfTI (.nii, .nii.gz, .hdr/.img), NRRD (raw, gzip, ascii,
 * detached), DICOM (the shared data's transfer syntaxes), CSV manifests and risk model files (including XGBoost and
 * LightGBM, which reach native code). Each mutated input must either load or fail with a {@link SpineRadException},
 * within a time bound, without any other exception or error (OutOfMemoryError, StackOverflowError...). A failure
 * names the format, case number and seed so that it can be replayed.
 */
class FuzzTest {
    /** Seed and campaign size; larger campaigns: {@code -Dspinerad.fuzz.scale=20 -Dspinerad.fuzz.seed=N}. */
    static final long SEED = Long.getLong("spinerad.fuzz.seed", 12);
    static final int SCALE = Integer.getInteger("spinerad.fuzz.scale", 1);
    static final int CASE_SECONDS = 20;
    static ExecutorService executor;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() { executor = Executors.newSingleThreadExecutor(); }

    @AfterAll
    static void stop() { executor.shutdownNow(); }

    /** Runs {@code count} mutations of {@code sample}; returns how many loaded (the rest failed clearly). */
    static int fuzz(String format, byte[] sample, int count, Function<Random, Mutation> mutations, Function<Path, Object> reader,
                    String fileName, List<String> failures) throws Exception {
        int loaded = 0;
        count *= SCALE;
        for (int i = 0; i < count; i++) {
            Random r = new Random(SEED * 1_000_003 + format.hashCode() * 31L + i);
            Mutation m = mutations.apply(r);
            byte[] bytes = m.apply(sample, r);
            Path f = dir.resolve(fileName);
            Files.write(f, bytes);
            String label = format + " case " + i + " (" + m.name + ")";
            Future<Object> result = executor.submit(() -> reader.apply(f));
            try {
                result.get(CASE_SECONDS, TimeUnit.SECONDS);
                loaded++;
            } catch (TimeoutException e) {
                result.cancel(true);
                failures.add(label + ": no answer within " + CASE_SECONDS + " s");
            } catch (java.util.concurrent.ExecutionException e) {
                if (!(e.getCause() instanceof SpineRadException)) failures.add(label + ": " + e.getCause());
                else if (e.getCause().getMessage() == null || e.getCause().getMessage().isBlank()) failures.add(label + ": empty message");
            }
        }
        System.out.println("fuzz " + format + ": " + loaded + " of " + count + " mutations loaded, the others failed clearly");
        return loaded;
    }

    /** A named way of changing a file. */
    record Mutation(String name, java.util.function.BiFunction<byte[], Random, byte[]> change) {
        byte[] apply(byte[] b, Random r) { return change.apply(b, r); }
    }

    static final int[] INTERESTING = {0, -1, 1, 2, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFF, 0x7FFFFFFF, 0x80000000, 65535 * 65535, 1 << 30, 3000};

    /** Byte-level mutations, biased to the first {@code header} bytes where sizes and offsets live. */
    static Mutation binary(Random r, int header) {
        int kind = r.nextInt(6);
        return switch (kind) {
            case 0 -> new Mutation("flip bytes", (b, rr) -> {
                byte[] c = b.clone();
                for (int k = 1 + rr.nextInt(16); k > 0; k--) c[pos(c, rr, header)] ^= (byte) (1 << rr.nextInt(8));
                return c;
            });
            case 1 -> new Mutation("interesting int", (b, rr) -> {
                byte[] c = b.clone();
                for (int k = 1 + rr.nextInt(3); k > 0; k--) {
                    int p = pos(c, rr, header) & ~1;
                    int v = INTERESTING[rr.nextInt(INTERESTING.length)];
                    ByteBuffer bb = ByteBuffer.wrap(c).order(rr.nextBoolean() ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
                    if (p + 4 <= c.length && rr.nextBoolean()) bb.putInt(p, v);
                    else if (p + 2 <= c.length) bb.putShort(p, (short) v);
                }
                return c;
            });
            case 2 -> new Mutation("truncate", (b, rr) -> java.util.Arrays.copyOf(b, rr.nextInt(b.length)));
            case 3 -> new Mutation("insert chunk", (b, rr) -> {
                int p = pos(b, rr, header), len = 1 + rr.nextInt(64);
                ByteArrayOutputStream o = new ByteArrayOutputStream();
                o.write(b, 0, p);
                for (int k = 0; k < len; k++) o.write(rr.nextInt(256));
                o.write(b, p, b.length - p);
                return o.toByteArray();
            });
            case 4 -> new Mutation("delete chunk", (b, rr) -> {
                int p = pos(b, rr, header), len = Math.min(b.length - p, 1 + rr.nextInt(64));
                ByteArrayOutputStream o = new ByteArrayOutputStream();
                o.write(b, 0, p);
                o.write(b, p + len, b.length - p - len);
                return o.toByteArray();
            });
            default -> new Mutation("random bytes", (b, rr) -> {
                byte[] c = b.clone();
                int p = pos(c, rr, header);
                for (int k = 0; k < 32 && p + k < c.length; k++) c[p + k] = (byte) rr.nextInt(256);
                return c;
            });
        };
    }

    private static int pos(byte[] b, Random r, int header) {
        if (b.length == 0) return 0;
        return r.nextInt(10) < 7 ? r.nextInt(Math.min(header, b.length)) : r.nextInt(b.length);
    }

    static final String[] NUMBERS = {"0", "-1", "1e309", "NaN", "-Infinity", "2147483648", "99999999999", "1e-300", "65535", "3.5", "-0"};
    static final String SYMBOLS = "\n,;:()-=[]{}\"' \t\\";

    /** Text-level mutations: numbers replaced by edge values, characters inserted or deleted, lines doubled. */
    static Mutation text(Random r) {
        int kind = r.nextInt(5);
        return switch (kind) {
            case 0 -> new Mutation("edge number", (b, rr) -> {
                String s = new String(b, StandardCharsets.ISO_8859_1);
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?").matcher(s);
                List<int[]> spans = new ArrayList<>();
                while (m.find()) spans.add(new int[]{m.start(), m.end()});
                if (spans.isEmpty()) return b;
                for (int k = 1 + rr.nextInt(3); k > 0; k--) {
                    int[] sp = spans.get(rr.nextInt(spans.size()));
                    s = s.substring(0, sp[0]) + NUMBERS[rr.nextInt(NUMBERS.length)] + s.substring(Math.min(s.length(), sp[1]));
                    spans.clear();
                    m = java.util.regex.Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?").matcher(s);
                    while (m.find()) spans.add(new int[]{m.start(), m.end()});
                    if (spans.isEmpty()) break;
                }
                return s.getBytes(StandardCharsets.ISO_8859_1);
            });
            case 1 -> new Mutation("insert symbol", (b, rr) -> {
                String s = new String(b, StandardCharsets.ISO_8859_1);
                int p = s.isEmpty() ? 0 : rr.nextInt(s.length());
                return (s.substring(0, p) + SYMBOLS.charAt(rr.nextInt(SYMBOLS.length())) + s.substring(p)).getBytes(StandardCharsets.ISO_8859_1);
            });
            case 2 -> new Mutation("delete chars", (b, rr) -> {
                String s = new String(b, StandardCharsets.ISO_8859_1);
                if (s.isEmpty()) return b;
                int p = rr.nextInt(s.length()), len = Math.min(s.length() - p, 1 + rr.nextInt(8));
                return (s.substring(0, p) + s.substring(p + len)).getBytes(StandardCharsets.ISO_8859_1);
            });
            case 3 -> new Mutation("double a line", (b, rr) -> {
                List<String> lines = new ArrayList<>(List.of(new String(b, StandardCharsets.ISO_8859_1).split("\n", -1)));
                int p = rr.nextInt(lines.size());
                lines.add(p, lines.get(p));
                return String.join("\n", lines).getBytes(StandardCharsets.ISO_8859_1);
            });
            default -> new Mutation("text bytes", (b, rr) -> binary(rr, b.length).apply(b, rr));
        };
    }

    /** Structure-aware mutation of XGBoost's tree arrays (children, parents, split features), as in tampered files. */
    static Mutation xgboostTree(Random r) {
        return new Mutation("xgboost tree array", (b, rr) -> {
            JsonObject o = com.google.gson.JsonParser.parseString(new String(b, StandardCharsets.UTF_8)).getAsJsonObject();
            com.google.gson.JsonArray trees = o.getAsJsonObject("classifier").getAsJsonObject("xgboost_model").getAsJsonObject("learner")
                    .getAsJsonObject("gradient_booster").getAsJsonObject("model").getAsJsonArray("trees");
            for (int k = 1 + rr.nextInt(2); k > 0; k--) {
                JsonObject tree = trees.get(rr.nextInt(trees.size())).getAsJsonObject();
                String key = new String[]{"left_children", "right_children", "parents", "split_indices", "default_left"}[rr.nextInt(5)];
                com.google.gson.JsonArray a = tree.getAsJsonArray(key);
                int n = a.size();
                int[] values = {-2, -1, 0, 1, n - 1, n, n + 1, Integer.MAX_VALUE, rr.nextInt(Math.max(1, n)), 2, 3};
                a.set(rr.nextInt(n), new com.google.gson.JsonPrimitive(values[rr.nextInt(values.length)]));
            }
            return o.toString().getBytes(StandardCharsets.UTF_8);
        });
    }

    static byte[] gzip(byte[] b) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(o)) {
            gz.write(b);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return o.toByteArray();
    }

    static Volume sampleVolume() {
        Volume v = Volume.create(Geometry.of(9, 7, 5, 0.8, 0.9, 2.5), DataType.INT16);
        for (int i = 0; i < v.size(); i++) v.set(i, (i * 37) % 2000 - 1000);
        return v;
    }

    static Object readVolume(Path f) { return VolumeIO.read(f); }

    static void report(List<String> failures) {
        assertTrue(failures.isEmpty(), failures.size() + " mutated inputs escaped the clear-error contract:\n"
                + String.join("\n", failures.subList(0, Math.min(30, failures.size()))));
    }

    @Test
    void nifti() throws Exception {
        List<String> failures = new ArrayList<>();
        Path nii = dir.resolve("sample.nii");
        VolumeIO.write(sampleVolume(), nii);
        byte[] raw = Files.readAllBytes(nii);
        fuzz("nii", raw, 300, r -> binary(r, 352), FuzzTest::readVolume, "m.nii", failures);
        fuzz("nii.gz structure", raw, 150, r -> {
            Mutation m = binary(r, 352);
            return new Mutation(m.name + " then gzip", (b, rr) -> gzip(m.apply(b, rr)));
        }, FuzzTest::readVolume, "m.nii.gz", failures);
        fuzz("nii.gz bytes", gzip(raw), 150, r -> binary(r, 64), FuzzTest::readVolume, "m.nii.gz", failures);
        // a mutated header beside an intact image
        Path hdr = dir.resolve("pair.hdr");
        VolumeIO.write(sampleVolume(), hdr);
        byte[] header = Files.readAllBytes(hdr);
        Files.copy(dir.resolve("pair.img"), dir.resolve("m.img"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        fuzz("hdr", header, 100, r -> binary(r, 348), FuzzTest::readVolume, "m.hdr", failures);
        report(failures);
    }

    @Test
    void nrrd() throws Exception {
        List<String> failures = new ArrayList<>();
        Path f = dir.resolve("sample.nrrd");
        VolumeIO.write(sampleVolume(), f);
        byte[] raw = Files.readAllBytes(f);
        fuzz("nrrd header", raw, 150, FuzzTest::text, FuzzTest::readVolume, "m.nrrd", failures);
        fuzz("nrrd bytes", raw, 100, r -> binary(r, 200), FuzzTest::readVolume, "m.nrrd", failures);
        String header = "NRRD0004\ntype: short\ndimension: 3\nspace: left-posterior-superior\nsizes: 9 7 5\n"
                + "space directions: (0.8,0,0) (0,0.9,0) (0,0,2.5)\nspace origin: (1,2,3)\nendian: little\n";
        StringBuilder ascii = new StringBuilder(header + "encoding: ascii\n\n");
        for (int i = 0; i < 315; i++) ascii.append(i - 100).append(i % 9 == 8 ? "\n" : " ");
        fuzz("nrrd ascii", ascii.toString().getBytes(StandardCharsets.US_ASCII), 100, FuzzTest::text, FuzzTest::readVolume, "m.nrrd", failures);
        byte[] voxels = java.util.Arrays.copyOfRange(raw, raw.length - 630, raw.length);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        gz.writeBytes((header + "encoding: gzip\n\n").getBytes(StandardCharsets.US_ASCII));
        gz.writeBytes(gzip(voxels));
        fuzz("nrrd gzip", gz.toByteArray(), 100, r -> r.nextBoolean() ? text(r) : binary(r, 400), FuzzTest::readVolume, "m.nrrd", failures);
        Files.write(dir.resolve("m.raw"), voxels);
        fuzz("nhdr detached", (header + "encoding: raw\ndata file: m.raw\n").getBytes(StandardCharsets.US_ASCII), 50,
                FuzzTest::text, FuzzTest::readVolume, "m.nhdr", failures);
        report(failures);
    }

    @Test
    void dicom() throws Exception {
        List<String> failures = new ArrayList<>();
        List<byte[]> samples = new ArrayList<>();
        Path shared = SharedData.root().resolve("dcm_qa_ts/In");
        if (Files.isDirectory(shared)) // every transfer syntax of the shared data set (dcm_qa_ts)
            try (var s = Files.list(shared)) {
                for (Path p : s.filter(p -> p.toString().endsWith(".dcm")).sorted().toList()) samples.add(Files.readAllBytes(p));
            }
        samples.add(DicomBuilder.image(6, 5).ramp(30).bytes());
        int perSample = Math.max(30, 360 / samples.size());
        for (int k = 0; k < samples.size(); k++) {
            byte[] sample = samples.get(k);
            fuzz("dicom sample " + k, sample, perSample, r -> binary(r, Math.min(sample.length, 2048)),
                    f -> DicomSeriesReader.read(f), "m.dcm", failures);
        }
        report(failures);
    }

    @Test
    void csvManifests() throws Exception {
        List<String> failures = new ArrayList<>();
        String manifest = "patient_id,CT,CT_mask,T2,T2_mask,age\n\"p,1\",a/ct.nii.gz,a/seg.nii.gz,,,61\n"
                + "p2,b/ct.nii.gz,b/seg.nii.gz,b/t2.nrrd,b/t2seg.nrrd,57.5\n\"p\"\"3\",c.nii,c_seg.nii,,,\n";
        fuzz("csv", manifest.getBytes(StandardCharsets.UTF_8), 300, FuzzTest::text, Csv::read, "m.csv", failures);
        report(failures);
    }

    @Test
    void modelFiles() throws Exception {
        List<String> failures = new ArrayList<>();
        Random r0 = new Random(3);
        int n = 40;
        double[][] x = new double[n][3];
        int[] y = new int[n];
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 3; j++) x[i][j] = r0.nextGaussian();
            y[i] = x[i][1] + 0.5 * r0.nextGaussian() > 0 ? 1 : 0;
            ids.add("p" + i);
        }
        FeatureTable train = new FeatureTable(ids, List.of("a", "b", "c"), x, y, "train");
        ColumnTransform scale = ColumnTransform.fit(ColumnTransform.Kind.ZSCORE, train);
        for (String learner : new String[]{"LR", "XGBoost", "LightGBM", "RF", "MLP"}) {
            Model m = Models.learner(learner).fit(scale.apply(train).x(), y,
                    Map.of("n_estimators", 3.0, "max_depth", 2.0), 1);
            JsonObject json = new RiskModel(List.of(scale), m, 0.4, null).toJson();
            Function<Path, Object> loadAndPredict = f -> RiskModel.load(f).probabilities(train); // native code for XGBoost / LightGBM
            fuzz("model " + learner, json.toString().getBytes(StandardCharsets.UTF_8), 60, FuzzTest::text, loadAndPredict,
                    "model.json", failures);
            if (learner.equals("XGBoost"))
                fuzz("xgboost tree arrays", json.toString().getBytes(StandardCharsets.UTF_8), 150, FuzzTest::xgboostTree,
                        loadAndPredict, "model.json", failures);
        }
        report(failures);
    }
}
