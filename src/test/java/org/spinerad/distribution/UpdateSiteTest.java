package org.spinerad.distribution;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spinerad.distribution.UpdateSiteDb.Record;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

import javax.xml.parsers.SAXParserFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.*;

/** The update site that scripts/build-update-site.sh writes, checked against the ImageJ updater's format and rules. */
class UpdateSiteTest {

    @Test
    void dbXmlValidatesAgainstTheUpdatersDtd() throws Exception {
        SAXParserFactory f = SAXParserFactory.newInstance();
        f.setValidating(true);
        List<String> errors = new ArrayList<>();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(SiteFixture.site().resolve("db.xml.gz")))) {
            f.newSAXParser().parse(in, new DefaultHandler() {
                @Override public void error(SAXParseException e) { errors.add(e.getLineNumber() + ": " + e.getMessage()); }
                @Override public void fatalError(SAXParseException e) { errors.add(e.getLineNumber() + ": " + e.getMessage()); }
            });
        }
        assertEquals(List.of(), errors);
    }

    @Test
    void everyChecksumAndSizeMatchAnIndependentRecomputation() throws Exception {
        Path site = SiteFixture.site();
        Process p = new ProcessBuilder("python3", "scripts/ref/updater_checksums.py", site.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        UpdateSiteDb db = UpdateSiteDb.read(site.resolve("db.xml.gz"));
        List<String> lines = out.lines().toList();
        assertEquals(db.records().size(), lines.size(), out);
        for (String line : lines) {
            String[] f = line.split(" ");
            Record r = db.get(f[0]);
            assertEquals(f[1], r.current().checksum(), f[0]);
            assertEquals(Long.parseLong(f[2]), r.current().filesize(), f[0]);
        }
    }

    @Test
    void filesLieAtPathDashTimestampWithPlatformsAndDependencies() throws Exception {
        Path site = SiteFixture.site();
        UpdateSiteDb db = UpdateSiteDb.read(site.resolve("db.xml.gz"));
        Record plugin = db.get("plugins/SpineRad_.jar");
        assertEquals("plugins/SpineRad_-0.1.0-SNAPSHOT.jar", plugin.filename());
        assertEquals(SiteFixture.TIMESTAMP, plugin.current().timestamp());
        Set<String> libraries = new HashSet<>();
        for (Record r : db.records().values()) {
            assertTrue(Files.isRegularFile(site.resolve(r.filename() + "-" + SiteFixture.TIMESTAMP)), r.filename());
            if (r.filename().startsWith("jars/")) libraries.add(r.filename());
            String[] parts = r.filename().split("/");
            assertEquals(parts.length == 3 ? List.of(parts[1]) : List.of(), r.platforms(), r.filename());
        }
        assertTrue(libraries.contains("jars/linux64/pytorch-native-cpu-2.7.1-linux-x86_64.jar"), libraries.toString());
        assertTrue(libraries.contains("jars/win64/pytorch-native-cpu-2.7.1-win-x86_64.jar"), libraries.toString());
        assertTrue(libraries.contains("jars/macos-arm64/pytorch-native-cpu-2.7.1-osx-aarch64.jar"), libraries.toString());
        Set<String> deps = new HashSet<>();
        plugin.current().dependencies().forEach(d -> {
            deps.add(d.filename());
            assertEquals(SiteFixture.TIMESTAMP, d.timestamp());
        });
        assertEquals(libraries, deps);
        // what the pipeline does not use at run time is not shipped (ClassifierTest, RiskPipelineTest, the DICOM and
        // deep-learning tests run on this same class path)
        for (String lib : libraries)
            assertFalse(lib.matches(".*/(duckdb|javacpp|openblas|arpack|scala-|parso|commons-csv|scijava-common|parsington).*"), lib);
    }

    @Test
    void noShippedJarIsOneThatFijiShips() throws Exception {
        Set<String> fiji = pomScijavaManagedArtifacts();
        assertTrue(fiji.contains("net.imagej:ij") && fiji.contains("commons-io:commons-io"), "pom-scijava read");
        Path site = SiteFixture.site();
        for (Record r : UpdateSiteDb.read(site.resolve("db.xml.gz")).records().values()) {
            if (!r.filename().startsWith("jars/")) continue;
            for (String ga : mavenCoordinates(site.resolve(r.siteFile())))
                assertFalse(fiji.contains(ga), r.filename() + " is " + ga + ", which Fiji ships (pom-scijava)");
        }
        // and what is provided is exactly Fiji's version
        Map<String, String> managed = pomScijavaVersions();
        for (Path jar : SiteFixture.filesUnder(SiteFixture.PROVIDED).stream().map(SiteFixture.PROVIDED::resolve).toList())
            for (String ga : mavenCoordinates(jar))
                if (managed.containsKey(ga))
                    assertTrue(jar.getFileName().toString().contains("-" + managed.get(ga)), jar + " vs pom-scijava " + managed.get(ga));
    }

    @Test
    void pluginsConfigOfTheShippedJarGoesThroughTheJavaGuard() throws Exception {
        Path site = SiteFixture.site();
        Record plugin = UpdateSiteDb.read(site.resolve("db.xml.gz")).get("plugins/SpineRad_.jar");
        String config;
        try (JarFile jar = new JarFile(site.resolve(plugin.siteFile()).toFile())) {
            config = new String(jar.getInputStream(jar.getEntry("plugins.config")).readAllBytes(), StandardCharsets.UTF_8);
        }
        String source = Files.readString(Path.of("src/main/resources/plugins.config"));
        List<String> commands = source.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        List<String> guarded = config.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        assertEquals(commands.size(), guarded.size());
        Pattern line = Pattern.compile("(.+), \"(.+)\", org\\.spinerad\\.Java21Guard\\(\"([\\w.]+)(?::(\\w+))?\"\\)");
        for (int i = 0; i < guarded.size(); i++) {
            Matcher m = line.matcher(guarded.get(i));
            assertTrue(m.matches(), guarded.get(i));
            String expected = m.group(1) + ", \"" + m.group(2) + "\", " + m.group(3) + (m.group(4) == null ? "" : "(\"" + m.group(4) + "\")");
            assertEquals(commands.get(i), expected);
            assertTrue(ij.plugin.PlugIn.class.isAssignableFrom(Class.forName(m.group(3))), m.group(3));
        }
    }

    @Test
    void installIntoAnEmptyImageJPicksOnlyTheRunningPlatformsFiles(@TempDir Path tmp) throws Exception {
        Path site = SiteFixture.site();
        for (String platform : List.of("linux64", "win64", "macos-arm64")) {
            Path app = tmp.resolve(platform + "/ImageJ.app");
            List<String> installed = SiteInstaller.install(site, app, platform, SiteInstaller.Layout.FIJI);
            assertEquals(installed.stream().sorted().toList(), SiteFixture.filesUnder(app));
            List<String> natives = installed.stream().filter(f -> f.split("/").length == 3 && f.startsWith("jars/")).toList();
            assertEquals(1, natives.size(), natives.toString());
            assertTrue(natives.get(0).startsWith("jars/" + platform + "/"), natives.toString());
            assertTrue(installed.contains("plugins/SpineRad_-0.1.0-SNAPSHOT.jar"));
        }
        Path ij1 = tmp.resolve("ij1/ImageJ");
        List<String> installed = SiteInstaller.install(site, ij1, "linux64", SiteInstaller.Layout.IMAGEJ1);
        assertTrue(installed.contains("plugins/jars/pytorch-native-cpu-2.7.1-linux-x86_64.jar"));
        assertTrue(installed.stream().anyMatch(f -> f.matches("plugins/jars/gson-.*\\.jar")), "Fiji's libraries added for ImageJ 1");
        assertTrue(installed.stream().allMatch(f -> f.startsWith("plugins/") && f.split("/").length <= 3), installed.toString());
        assertFalse(installed.stream().anyMatch(f -> f.contains("win-x86_64") || f.contains("osx-")), installed.toString());
    }

    @Test
    void besideAFijiBaseNoLibraryIsDuplicated(@TempDir Path tmp) throws Exception {
        Path fiji = tmp.resolve("Fiji.app");
        Files.createDirectories(fiji.resolve("jars"));
        for (String jar : SiteFixture.filesUnder(SiteFixture.PROVIDED))
            Files.copy(SiteFixture.PROVIDED.resolve(jar), fiji.resolve("jars").resolve(jar));
        SiteInstaller.install(SiteFixture.site(), fiji, "linux64", SiteInstaller.Layout.FIJI);
        Map<String, String> byName = new HashMap<>();
        Map<String, String> classOwner = new HashMap<>();
        for (String f : SiteFixture.filesUnder(fiji)) {
            if (!f.endsWith(".jar")) continue;
            String previous = byName.put(UpdateSiteDb.unversioned(Path.of(f).getFileName().toString()), f);
            assertNull(previous, f + " duplicates " + previous);
            try (JarFile jar = new JarFile(fiji.resolve(f).toFile())) {
                for (JarEntry e : Collections.list(jar.entries())) {
                    String n = e.getName();
                    if (!n.endsWith(".class") || n.startsWith("META-INF/") || n.endsWith("module-info.class")) continue;
                    String other = classOwner.put(n, f);
                    assertNull(other, n + " in both " + other + " and " + f);
                }
            }
        }
        assertEquals("jars/ij-1.54p.jar", classOwner.get("ij/IJ.class"), "the Fiji base is in place");
        assertTrue(classOwner.get("org/spinerad/Java21Guard.class").startsWith("plugins/SpineRad_"));
    }

    @Test
    void rebuildingKeepsUnchangedFilesAndRecordsPreviousVersions(@TempDir Path tmp) throws Exception {
        Path lib = Files.createDirectories(tmp.resolve("lib")), none = Files.createDirectories(tmp.resolve("none"));
        Path plugin = tmp.resolve("SpineRad_-1.0.jar");
        SiteFixture.jar(plugin, "plugins.config", "Plugins>SpineRad, \"Volume Info\", org.spinerad.plugins.VolumeInfo\n");
        SiteFixture.jar(lib.resolve("alpha-1.0.jar"), "a.txt", "one");
        SiteFixture.jar(lib.resolve("beta-2.0.jar"), "b.txt", "same");
        SiteFixture.jar(lib.resolve("gamma-1.0.jar"), "c.txt", "dropped later");
        Path site = tmp.resolve("site");
        build(site, plugin, lib, none, 20260101000000L);
        Files.delete(lib.resolve("alpha-1.0.jar"));
        Files.delete(lib.resolve("gamma-1.0.jar"));
        SiteFixture.jar(lib.resolve("alpha-1.1.jar"), "a.txt", "two");
        build(site, plugin, lib, none, 20260202000000L);

        UpdateSiteDb db = UpdateSiteDb.read(site.resolve("db.xml.gz"));
        Record alpha = db.get("jars/alpha.jar"), beta = db.get("jars/beta.jar"), gamma = db.get("jars/gamma.jar");
        assertEquals("jars/alpha-1.1.jar", alpha.filename());
        assertEquals(20260202000000L, alpha.current().timestamp());
        assertEquals(1, alpha.previous().size());
        UpdateSiteDb.Previous old = alpha.previous().get(0);
        assertEquals("jars/alpha-1.0.jar", old.filename());
        assertEquals(20260101000000L, old.timestamp());
        assertEquals(20260202000000L, old.timestampObsolete());
        assertEquals(UpdaterChecksum.of("jars/alpha-1.0.jar", site.resolve("jars/alpha-1.0.jar-20260101000000")), old.checksum());
        assertEquals(20260101000000L, beta.current().timestamp(), "unchanged file keeps its version");
        assertTrue(beta.previous().isEmpty());
        assertNull(gamma.current(), "a file no longer shipped is obsolete");
        assertEquals(20260101000000L, gamma.previous().get(0).timestamp());
        assertEquals(20260101000000L, db.get("plugins/SpineRad_.jar").current().timestamp());
        assertTrue(Files.exists(site.resolve("jars/alpha-1.0.jar-20260101000000")), "old versions stay downloadable");
        assertTrue(Files.exists(site.resolve("jars/alpha-1.1.jar-20260202000000")));
    }

    private static void build(Path site, Path plugin, Path lib, Path provided, long ts) throws IOException {
        UpdateSiteBuilder.build(new String[]{"--site", site.toString(), "--plugin", plugin.toString(), "--lib", lib.toString(),
                "--provided", provided.toString(), "--timestamp", Long.toString(ts)});
    }

    // -- pom-scijava: Fiji's components and their versions

    static Map<String, String> pomScijavaVersions() throws Exception {
        String version = Pattern.compile("<pom-scijava.version>(.+?)</pom-scijava.version>").matcher(Files.readString(Path.of("pom.xml")))
                .results().findFirst().orElseThrow().group(1);
        Path ijJar = Path.of(ij.IJ.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path repo = ijJar.getParent().getParent().getParent().getParent().getParent();
        String pom = Files.readString(repo.resolve("org/scijava/pom-scijava/" + version + "/pom-scijava-" + version + ".pom"));
        Map<String, String> properties = new HashMap<>();
        Matcher p = Pattern.compile("<([\\w.-]+)>([^<$]*)</\\1>").matcher(pom.substring(pom.indexOf("<properties>"), pom.indexOf("</properties>")));
        while (p.find()) properties.put(p.group(1), p.group(2).trim());
        Map<String, String> out = new HashMap<>();
        String managed = pom.substring(pom.indexOf("<dependencyManagement>"), pom.indexOf("</dependencyManagement>"));
        Matcher d = Pattern.compile("<groupId>(.+?)</groupId>\\s*<artifactId>(.+?)</artifactId>\\s*<version>\\$\\{(.+?)}</version>").matcher(managed);
        while (d.find()) out.put(d.group(1) + ":" + d.group(2), resolve(properties, d.group(3)));
        return out;
    }

    private static String resolve(Map<String, String> props, String key) {
        String v = props.getOrDefault(key, "");
        for (int i = 0; i < 5 && v.startsWith("${"); i++) v = props.getOrDefault(v.substring(2, v.length() - 1), "");
        return v;
    }

    static Set<String> pomScijavaManagedArtifacts() throws Exception { return pomScijavaVersions().keySet(); }

    /** groupId:artifactId of a jar from its Maven metadata (META-INF/maven/.../pom.properties). */
    static List<String> mavenCoordinates(Path jar) throws IOException {
        List<String> out = new ArrayList<>();
        try (JarFile j = new JarFile(jar.toFile())) {
            for (JarEntry e : Collections.list(j.entries()))
                if (e.getName().startsWith("META-INF/maven/") && e.getName().endsWith("/pom.properties")) {
                    Properties p = new Properties();
                    p.load(j.getInputStream(e));
                    out.add(p.getProperty("groupId") + ":" + p.getProperty("artifactId"));
                }
        }
        return out;
    }
}
