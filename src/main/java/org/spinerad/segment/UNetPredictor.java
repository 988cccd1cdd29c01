package org.spinerad.segment;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.spinerad.util.SpineRadException;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A DJL {@link UNet3d} in inference mode as a {@link PatchPredictor}, plus saving and loading its DJL parameter file
 * with shape checks against the manifest. Every call runs in its own sub-manager, so no activation outlives it.
 */
public final class UNetPredictor implements PatchPredictor {
    private final NDManager manager;
    private final UNet3d net;
    private final ParameterStore store;
    private final boolean ownsManager;

    /** Wraps an initialised network whose parameters live in {@code manager} (not closed by {@link #close()}). */
    public UNetPredictor(UNet3d net, NDManager manager) {
        this(net, manager, false);
    }

    private UNetPredictor(UNet3d net, NDManager manager, boolean ownsManager) {
        this.net = net;
        this.manager = manager;
        this.store = new ParameterStore(manager, false);
        this.ownsManager = ownsManager;
    }

    public UNet3d network() { return net; }

    @Override
    public int classes() { return net.config().classes(); }

    @Override
    public float[] predict(float[] patch, int[] size) {
        try (NDManager sub = manager.newSubManager()) {
            NDArray x = sub.create(patch, new Shape(1, net.config().inChannels(), size[2], size[1], size[0]));
            return net.forward(store, new NDList(x), false).head().toFloatArray();
        }
    }

    @Override
    public void close() {
        if (ownsManager) manager.close();
    }

    /** A network of the given configuration with freshly initialised parameters in {@code manager}. */
    public static UNet3d create(UNetConfig cfg, NDManager manager) {
        UNet3d net = new UNet3d(cfg);
        int d = cfg.sizeDivisor();
        net.initialize(manager, DataType.FLOAT32, new Shape(1, cfg.inChannels(), d, d, d));
        return net;
    }

    /** Name and shape of every parameter. */
    public static Map<String, long[]> parameterShapes(UNet3d net) {
        Map<String, long[]> m = new LinkedHashMap<>();
        for (var p : net.getParameters()) m.put(p.getKey(), p.getValue().getArray().getShape().getShape());
        return m;
    }

    /** Writes the DJL parameter file atomically (temporary file, then rename). */
    public static void save(UNet3d net, Path file) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (DataOutputStream os = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
                net.saveParameters(os);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new SpineRadException(file + ": cannot write the network parameters (" + e.getMessage() + ")", e);
        }
    }

    /** Loads a U-Net model folder (manifest + DJL parameter file) into a predictor with its own manager. */
    public static UNetPredictor load(Path dir, ModelManifest m) {
        NDManager manager = DjlSupport.newManager();
        try {
            UNet3d net = create(m.unet(), manager);
            loadInto(net, manager, dir, m);
            return new UNetPredictor(net, manager, true);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** Replaces the parameters of an initialised network by those of a model folder, checking every shape. */
    public static void loadInto(UNet3d net, NDManager manager, Path dir, ModelManifest m) {
        Path file = dir.resolve(m.parameterFile());
        Map<String, long[]> expected = parameterShapes(net);
        if (m.parameterShapes() != null) checkShapes(expected, m.parameterShapes(), dir.resolve(ModelManifest.FILE) + ": manifest");
        if (!Files.isRegularFile(file)) throw new SpineRadException(file + ": parameter file not found");
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            net.loadParameters(manager, in);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            throw new SpineRadException(file + ": cannot load the U-Net parameters for the configuration in the manifest ("
                    + e.getMessage() + ")", e);
        }
        checkShapes(expected, parameterShapes(net), file + ": parameter file");
    }

    private static void checkShapes(Map<String, long[]> expected, Map<String, long[]> actual, String source) {
        for (var e : expected.entrySet()) {
            long[] a = actual.get(e.getKey());
            if (a == null) throw new SpineRadException(source + " lacks parameter '" + e.getKey() + "'");
            if (!Arrays.equals(a, e.getValue()))
                throw new SpineRadException(source + " gives parameter '" + e.getKey() + "' the shape " + Arrays.toString(a)
                        + " but the configured U-Net needs " + Arrays.toString(e.getValue()));
        }
        for (String name : actual.keySet())
            if (!expected.containsKey(name)) throw new SpineRadException(source + " has unknown parameter '" + name + "'");
    }
}
