package org.spinerad.distribution;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spinerad.util.Csv;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The installed update site in a real ImageJ 1.54p window under Xvfb, as a lab user runs it: ImageJ is started on the
 * installed folder (plain ImageJ 1 layout: everything in plugins/jars, loaded by ImageJ's PluginClassLoader; Fiji
 * layout: jars/, jars/linux64/ and plugins/ on the launcher's class path), and a macro runs Open NIfTI on a real CT,
 * Import DICOM Series on the real JPEG 2000 series, Radiomics Features, Segment Vertebrae and Deep Features. Screenshots
 * go to target/screenshots/. Also: an old Java gets the guard's message instead of UnsupportedClassVersionError.
 */
class ImageJInstallTest {
    static final Path DATA = Path.of("../shared/data/totalsegmentator").toAbsolutePath();
    static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    static final Path JAVA17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64/bin/java");
    private static Process xvfb;
    private static String display;

    @BeforeAll
    static void startXvfb() throws Exception {
        assertTrue(Files.isDirectory(DATA), DATA + " missing (the shared reference data)");
        int n = 70 + (int) (ProcessHandle.current().pid() % 200);
        display = ":" + n;
        xvfb = new ProcessBuilder("Xvfb", display, "-screen", "0", "1280x900x24", "-nolisten", "tcp")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Path socket = Path.of("/tmp/.X11-unix/X" + n);
        for (int i = 0; i < 100 && !Files.exists(socket); i++) Thread.sleep(100);
        assertTrue(Files.exists(socket), "Xvfb did not start on " + display + " (apt-get install xvfb)");
    }

    @AfterAll
    static void stopXvfb() {
        if (xvfb != null) xvfb.destroy();
    }

    @Test
    void plainImageJ1LayoutRunsTheCommandsFromAMacro(@TempDir Path tmp) throws Exception {
        Path app = tmp.resolve("ImageJ");
        SiteInstaller.install(SiteFixture.site(), app, "linux64", SiteInstaller.Layout.IMAGEJ1);
        Files.copy(ijJar(), app.resolve("ij.jar"));
        runAndCheck(app, tmp.resolve("out"), List.of(JAVA, "-Xmx3g", "-jar", app.resolve("ij.jar").toString()), "imagej1");
    }

    @Test
    void fijiLayoutRunsTheCommandsFromAMacro(@TempDir Path tmp) throws Exception {
        Path app = tmp.resolve("Fiji.app");
        Files.createDirectories(app.resolve("jars"));
        for (String jar : SiteFixture.filesUnder(SiteFixture.PROVIDED)) // the Fiji base: Fiji's own libraries, ij included
            Files.copy(SiteFixture.PROVIDED.resolve(jar), app.resolve("jars").resolve(jar));
        SiteInstaller.install(SiteFixture.site(), app, "linux64", SiteInstaller.Layout.FIJI);
        String cp = String.join(File.pathSeparator, app.resolve("jars/*").toString(), app.resolve("jars/linux64/*").toString(),
                app.resolve("plugins/*").toString());
        runAndCheck(app, tmp.resolve("out"), List.of(JAVA, "-Xmx3g", "-cp", cp, "ij.ImageJ"), "fiji");
    }

    @Test
    void java17GetsAClearMessageInsteadOfAClassVersionError(@TempDir Path tmp) throws Exception {
        assertTrue(Files.isExecutable(JAVA17), JAVA17 + " missing (apt-get install openjdk-17-jre-headless)");
        Path app = tmp.resolve("ImageJ");
        SiteInstaller.install(SiteFixture.site(), app, "linux64", SiteInstaller.Layout.IMAGEJ1);
        Files.copy(ijJar(), app.resolve("ij.jar"));
        Path macro = tmp.resolve("old.ijm");
        Files.writeString(macro, "run(\"Open NIfTI...\", \"open=[" + DATA.resolve("example_ct_sm.nii.gz") + "]\");\n");
        ProcessBuilder pb = new ProcessBuilder(JAVA17.toString(), "-jar", app.resolve("ij.jar").toString(), "-ijpath",
                app.toString(), "-batch", macro.toString()).redirectErrorStream(true).redirectOutput(tmp.resolve("out.txt").toFile());
        pb.environment().put("DISPLAY", display);
        Process p = pb.start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) { // the error dialog waits for the user
            screenshot("java17");
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        String out = Files.readString(tmp.resolve("out.txt"));
        assertTrue(out.contains("SpineRad needs Java 21 or newer, but this ImageJ runs Java 17"), out);
        assertFalse(out.contains("UnsupportedClassVersionError"), out);
    }

    private void runAndCheck(Path app, Path out, List<String> launcher, String name) throws Exception {
        Files.createDirectories(out);
        Path manifest = out.resolve("manifest.csv");
        Files.writeString(manifest, "patient_id,CT,CT_mask\nP1," + DATA.resolve("example_ct.nii.gz") + ","
                + DATA.resolve("spine_report/totalseg_vertebrae_pp_refined.nii.gz") + "\n");
        Path macro = out.resolve("session.ijm");
        Files.writeString(macro, """
                out = "%1$s/";
                run("Open NIfTI...", "open=[%2$s/example_ct_sm.nii.gz]");
                info = getTitle() + " " + getWidth() + "x" + getHeight() + "x" + nSlices;
                run("Segment Vertebrae (3D U-Net)", "model=[] overlap=0.25");
                selectImage("example_ct_sm.nii.gz-labels"); // the segmentation is the CT's editable label overlay
                info = info + "\\n" + getTitle() + " " + nSlices;
                run("Import DICOM Series...", "directory=[%2$s/example_ct_dicom] series=");
                info = info + "\\n" + getWidth() + "x" + getHeight() + "x" + nSlices;
                run("Radiomics Features", "image=[%2$s/example_ct.nii.gz] mask=[%2$s/spine_report/totalseg_vertebrae_pp_refined.nii.gz] labels=20 parameters=[] bin_width=25 log_sigmas=[] image_types=Original families=firstorder output=[" + out + "radiomics.csv]");
                run("Deep Features (ViT-3D)", "manifest=[%3$s] output=[" + out + "deep.csv] weights=[] network=cpuSmall sequences=CT structures=[vertebra=20-24] margin=5 seed=42");
                File.saveString(info, out + "info.txt");
                File.saveString(getInfo("log"), out + "log.txt");
                File.saveString("done", out + "done.txt");
                """.formatted(out, DATA, manifest));
        List<String> cmd = new ArrayList<>(launcher);
        cmd.addAll(List.of("-ijpath", app.toString(), "-macro", macro.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.resolve("imagej.log").toFile());
        pb.environment().put("DISPLAY", display);
        pb.environment().put("HOME", out.toString()); // DJL's native cache and ImageJ's prefs in a fresh home
        pb.directory(out.toFile());
        Process ij = pb.start();
        try {
            Path done = out.resolve("done.txt");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
            String dialogs = "";
            while (!Files.exists(done) && ij.isAlive() && System.nanoTime() < deadline && dialogs.isEmpty()) {
                Thread.sleep(1000);
                dialogs = errorDialogs();
            }
            screenshot(name);
            assertTrue(Files.exists(done), "the macro did not finish" + (dialogs.isEmpty() ? "" : "; error dialog: " + dialogs)
                    + "; ImageJ output:\n" + tail(out.resolve("imagej.log"))
                    + "\nlog: " + (Files.exists(out.resolve("log.txt")) ? Files.readString(out.resolve("log.txt")) : ""));
        } finally {
            ij.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        String log = Files.readString(out.resolve("log.txt"));
        assertFalse(log.contains("Exception") || log.contains("cannot start"), log);
        List<String> info = Files.readAllLines(out.resolve("info.txt"));
        assertEquals("example_ct_sm.nii.gz 122x101x30", info.get(0));
        assertEquals("example_ct_sm.nii.gz-labels 30", info.get(1));
        assertEquals("512x512x20", info.get(2), "JPEG 2000 series decoded inside ImageJ");
        Csv radiomics = Csv.read(out.resolve("radiomics.csv"));
        assertEquals(1, radiomics.rowCount());
        assertEquals(1319, Double.parseDouble(radiomics.rowMap(0).get("diagnostics_Mask-original_VoxelNum")), 0, "L1 voxels of the reference mask");
        Csv deep = Csv.read(out.resolve("deep.csv"));
        assertEquals(1, deep.rowCount());
        assertTrue(deep.header().contains("DL_CT_vertebra_0"), deep.header().toString());
    }

    private static Path ijJar() throws Exception {
        return Path.of(ij.IJ.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static void screenshot(String name) throws IOException, InterruptedException {
        Path dir = Files.createDirectories(Path.of("target/screenshots"));
        ProcessBuilder pb = new ProcessBuilder("import", "-display", display, "-window", "root", dir.resolve(name + ".png").toString());
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(30, TimeUnit.SECONDS);
    }

    /** Titles of open SpineRad error dialogs and ImageJ exception windows (a failing command waits there for the user). */
    private static String errorDialogs() throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "for w in $(xdotool search --onlyvisible --name "
                + "'^(SpineRad .*|Exception|Macro Error)$' 2>/dev/null); do xdotool getwindowname $w; done").redirectErrorStream(true);
        pb.environment().put("DISPLAY", display);
        Process p = pb.start();
        String titles = new String(p.getInputStream().readAllBytes()).trim();
        p.waitFor(10, TimeUnit.SECONDS);
        return titles.replace('\n', ';');
    }

    private static String tail(Path file) throws IOException {
        if (!Files.exists(file)) return "";
        String s = Files.readString(file);
        return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
    }
}
