package org.spinerad.distribution;

import org.spinerad.distribution.UpdateSiteDb.Dependency;
import org.spinerad.distribution.UpdateSiteDb.Previous;
import org.spinerad.distribution.UpdateSiteDb.Record;
import org.spinerad.distribution.UpdateSiteDb.Version;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes (or updates) an ImageJ update site: the plugin jar as {@code plugins/}, its libraries as {@code jars/}, jars
 * with a platform classifier as {@code jars/<platform>/}, each stored as {@code <path>-<timestamp>}, and db.xml.gz.
 * A file whose checksum is unchanged keeps its timestamp and site file; a changed one gets a new timestamp and its old
 * version becomes a previous-version; a file no longer shipped stays as an obsolete record. Libraries that Fiji ships
 * are left out of the site and copied to {@code imagej1-extras/} (not listed in db.xml.gz) for plain ImageJ 1.
 */
public final class UpdateSiteBuilder {
    /** Maven classifier of a native jar -> ImageJ updater platform. */
    public static final Map<String, String> PLATFORM_OF_CLASSIFIER = Map.of(
            "linux-x86_64", "linux64", "win-x86_64", "win64", "osx-aarch64", "macos-arm64", "osx-x86_64", "macos64");
    private static final Pattern CLASSIFIED = Pattern.compile(".*-(linux-x86_64|win-x86_64|osx-aarch64|osx-x86_64)\\.jar");
    public static final String GUARD = "org.spinerad.Java21Guard";
    public static final String EXTRAS = "imagej1-extras";
    static final String DESCRIPTION = "SpineRad: deep-learning radiomics of the lumbar spine (CT and MRI; NIfTI, DICOM; "
            + "3D U-Net segmentation, IBSI radiomics, ViT-3D deep features, risk models). Needs Java 21.";

    private final Path site;
    private final long now;
    private final UpdateSiteDb db;
    private final Set<String> shipped = new TreeSet<>();

    public UpdateSiteBuilder(Path site, long timestamp) throws IOException {
        this.site = site;
        this.now = timestamp;
        Files.createDirectories(site);
        this.db = UpdateSiteDb.read(site.resolve("db.xml.gz"));
    }

    public UpdateSiteDb db() { return db; }

    /** Where a library goes on the site: {@code jars/NAME} or, for a native classifier, {@code jars/PLATFORM/NAME}. */
    public static String libraryPath(String jarName) {
        Matcher m = CLASSIFIED.matcher(jarName);
        return m.matches() ? "jars/" + PLATFORM_OF_CLASSIFIER.get(m.group(1)) + "/" + jarName : "jars/" + jarName;
    }

    /** Adds (or keeps) a library. */
    public Record addLibrary(Path jar) throws IOException {
        String path = libraryPath(jar.getFileName().toString());
        String platform = path.chars().filter(c -> c == '/').count() == 2 ? path.split("/")[1] : null;
        return add(path, jar, platform == null ? List.of() : List.of(platform), null, List.of());
    }

    /** Adds the plugin jar, with plugins.config routed through the Java guard, depending on every current library. */
    public Record addPlugin(Path pluginJar, Path work) throws IOException {
        Path guarded = work.resolve(pluginJar.getFileName());
        withGuardedPluginsConfig(pluginJar, guarded);
        List<Dependency> deps = new ArrayList<>();
        for (Record r : db.records().values())
            if (r.current() != null && r.filename().startsWith("jars/") && shipped.contains(r.filename()))
                deps.add(new Dependency(r.filename(), r.current().timestamp()));
        return add("plugins/" + pluginJar.getFileName(), guarded, List.of(), DESCRIPTION, deps);
    }

    private Record add(String path, Path file, List<String> platforms, String description, List<Dependency> deps) throws IOException {
        String checksum = UpdaterChecksum.of(path, file);
        Record old = db.get(path);
        shipped.add(path);
        Record r;
        if (old != null && old.current() != null && old.current().checksum().equals(checksum) && old.filename().equals(path)) {
            Version v = old.current();
            r = new Record(path, platforms, new Version(checksum, v.timestamp(), v.filesize(), description, deps), old.previous());
        } else {
            List<Previous> previous = new ArrayList<>(old == null ? List.of() : old.previous());
            if (old != null && old.current() != null)
                previous.add(new Previous(old.filename(), old.current().timestamp(), now, old.current().checksum()));
            r = new Record(path, platforms, new Version(checksum, now, Files.size(file), description, deps), previous);
        }
        Path target = site.resolve(r.siteFile());
        if (!Files.exists(target)) {
            Files.createDirectories(target.getParent());
            Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
        }
        db.put(r);
        return r;
    }

    /** Marks every record not added in this build as obsolete and writes db.xml.gz. */
    public void finish() throws IOException {
        for (Record r : List.copyOf(db.records().values()))
            if (r.current() != null && !shipped.contains(r.filename())) {
                List<Previous> previous = new ArrayList<>(r.previous());
                previous.add(new Previous(r.filename(), r.current().timestamp(), now, r.current().checksum()));
                db.put(new Record(r.filename(), r.platforms(), null, previous));
            }
        db.write(site.resolve("db.xml.gz"));
    }

    /** Copies the Fiji-provided jars (minus ImageJ itself) that plain ImageJ 1 lacks into imagej1-extras/. */
    public void addImageJ1Extras(List<Path> providedJars) throws IOException {
        Path extras = site.resolve(EXTRAS);
        Files.createDirectories(extras);
        try (Stream<Path> old = Files.list(extras)) {
            for (Path p : old.toList()) Files.delete(p);
        }
        for (Path jar : providedJars)
            if (!jar.getFileName().toString().startsWith("ij-"))
                Files.copy(jar, extras.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    }

    /** Bytes a user downloads on each platform (files for all platforms plus that platform's own). */
    public Map<String, Long> installedBytes() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String platform : new TreeSet<>(PLATFORM_OF_CLASSIFIER.values())) {
            long sum = 0;
            boolean any = false;
            for (Record r : db.records().values())
                if (r.current() != null && r.isFor(platform)) {
                    sum += r.current().filesize();
                    any |= r.platforms().contains(platform);
                }
            if (any) out.put(platform, sum);
        }
        return out;
    }

    /** {@code menu, "Command", org.pkg.Cls("arg")} -> {@code menu, "Command", org.spinerad.Java21Guard("org.pkg.Cls:arg")}. */
    static String guardLine(String line) {
        String t = line.trim();
        if (t.isEmpty() || t.startsWith("#")) return line;
        int lastComma = t.lastIndexOf(',');
        if (lastComma < 0) return line;
        String target = t.substring(lastComma + 1).trim(), head = t.substring(0, lastComma);
        if (target.startsWith(GUARD)) return line;
        int paren = target.indexOf('(');
        String cls = paren < 0 ? target : target.substring(0, paren);
        String arg = paren < 0 ? "" : target.substring(paren + 1, target.lastIndexOf(')')).replace("\"", "");
        return head + ", " + GUARD + "(\"" + cls + (arg.isEmpty() ? "" : ":" + arg) + "\")";
    }

    static void withGuardedPluginsConfig(Path in, Path out) throws IOException {
        try (JarFile jar = new JarFile(in.toFile(), false);
             JarOutputStream o = new JarOutputStream(Files.newOutputStream(out))) {
            List<JarEntry> entries = new ArrayList<>(Collections.list(jar.entries()));
            for (JarEntry e : entries) {
                JarEntry copy = new JarEntry(e.getName());
                copy.setTime(e.getTime());
                o.putNextEntry(copy);
                try (InputStream s = jar.getInputStream(e)) {
                    if (e.getName().equals("plugins.config")) {
                        StringBuilder b = new StringBuilder();
                        for (String line : new String(s.readAllBytes(), StandardCharsets.UTF_8).split("\n", -1))
                            b.append(guardLine(line)).append('\n');
                        o.write(b.substring(0, b.length() - 1).getBytes(StandardCharsets.UTF_8));
                    } else {
                        s.transferTo(o);
                    }
                }
                o.closeEntry();
            }
        }
    }

    /**
     * {@code UpdateSiteBuilder --site DIR --plugin JAR --lib DIR --provided DIR [--natives DIR] [--timestamp T]}:
     * ships the plugin and every jar of --lib and --natives not also in --provided.
     */
    public static void main(String[] args) {
        try {
            build(args);
        } catch (IOException | RuntimeException e) {
            System.err.println("update site: " + e.getMessage());
            System.exit(2);
        }
    }

    static void build(String[] args) throws IOException {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) a.put(args[i], args[i + 1]);
        if (!a.containsKey("--site") || !a.containsKey("--plugin") || !a.containsKey("--lib") || !a.containsKey("--provided")) {
            System.err.println("usage: UpdateSiteBuilder --site DIR --plugin JAR --lib DIR --provided DIR [--natives DIR] [--timestamp yyyyMMddHHmmss]");
            System.exit(2);
        }
        long ts = a.containsKey("--timestamp") ? Long.parseLong(a.get("--timestamp"))
                : UpdateSiteDb.timestamp(LocalDateTime.now(ZoneOffset.UTC));
        Path site = Path.of(a.get("--site"));
        UpdateSiteBuilder b = new UpdateSiteBuilder(site, ts);
        List<Path> provided = jars(Path.of(a.get("--provided")));
        Set<String> providedNames = new TreeSet<>();
        for (Path p : provided) providedNames.add(p.getFileName().toString());
        List<Path> libs = new ArrayList<>(jars(Path.of(a.get("--lib"))));
        if (a.containsKey("--natives")) libs.addAll(jars(Path.of(a.get("--natives"))));
        for (Path lib : libs)
            if (!providedNames.contains(lib.getFileName().toString())) {
                Record r = b.addLibrary(lib);
                System.out.println("ship: " + r.siteFile());
            }
        Path work = Files.createTempDirectory("spinerad-site");
        Record plugin = b.addPlugin(Path.of(a.get("--plugin")), work);
        Files.delete(work.resolve(Path.of(a.get("--plugin")).getFileName()));
        Files.delete(work);
        System.out.println("ship: " + plugin.siteFile());
        b.finish();
        b.addImageJ1Extras(provided);
        System.out.println("Fiji provides (left out; copied to " + EXTRAS + "/ for plain ImageJ 1): " + String.join(" ", providedNames));
        b.installedBytes().forEach((p, bytes) ->
                System.out.println(String.format(Locale.ROOT, "installed size %-12s %6.1f MB", p, bytes / 1e6)));
        System.out.println("update site written to " + site.toAbsolutePath() + " (db.xml.gz and " + b.shipped.size() + " files)");
    }

    private static List<Path> jars(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) throw new IOException(dir + ": not a folder");
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        }
    }
}
