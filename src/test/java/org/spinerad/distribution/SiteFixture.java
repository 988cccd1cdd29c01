package org.spinerad.distribution;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * The project's real update site, built once per test JVM by the same code as scripts/build-update-site.sh: the
 * plugin jar made from target/classes, the libraries of target/lib that are not in target/fiji-provided (both written
 * by maven-dependency-plugin before the tests), plus stand-in native jars for win64 and macos-arm64 (the real ones
 * are ~100 MB each and fetched only by the script).
 */
final class SiteFixture {
    private SiteFixture() {}

    static final Path LIB = Path.of("target/lib"), PROVIDED = Path.of("target/fiji-provided");
    static final long TIMESTAMP = 20261204120000L;
    private static Path site;

    static synchronized Path site() throws IOException {
        if (site != null) return site;
        for (Path p : List.of(LIB, PROVIDED, Path.of("target/classes/plugins.config")))
            if (!Files.exists(p)) throw new AssertionError(p + " missing: run through Maven (mvn test), which writes it");
        Path root = Files.createTempDirectory("spinerad-site-test");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(root))); // ~130 MB, once per test JVM
        Path natives = Files.createDirectories(root.resolve("natives"));
        for (String classifier : List.of("win-x86_64", "osx-aarch64"))
            jar(natives.resolve("pytorch-native-cpu-2.7.1-" + classifier + ".jar"), "native/lib/" + classifier + ".txt", classifier);
        Path plugin = root.resolve("SpineRad_-0.1.0-SNAPSHOT.jar");
        jarOf(Path.of("target/classes"), plugin);
        Path out = root.resolve("site");
        UpdateSiteBuilder.build(new String[]{"--site", out.toString(), "--plugin", plugin.toString(), "--lib", LIB.toString(),
                "--provided", PROVIDED.toString(), "--natives", natives.toString(), "--timestamp", Long.toString(TIMESTAMP)});
        site = out;
        return site;
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            System.err.println("could not delete " + root + ": " + e.getMessage());
        }
    }

    /** A jar with one text entry. */
    static void jar(Path file, String entry, String content) throws IOException {
        try (JarOutputStream o = new JarOutputStream(Files.newOutputStream(file))) {
            o.putNextEntry(new JarEntry(entry));
            o.write(content.getBytes());
            o.closeEntry();
        }
    }

    /** A jar of a folder's files (the plugin jar as mvn package would write it, without the manifest). */
    static void jarOf(Path dir, Path file) throws IOException {
        List<Path> files = new ArrayList<>();
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes a) {
                files.add(f);
                return FileVisitResult.CONTINUE;
            }
        });
        files.sort(null);
        try (OutputStream os = Files.newOutputStream(file); JarOutputStream o = new JarOutputStream(os)) {
            for (Path f : files) {
                o.putNextEntry(new JarEntry(dir.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, o);
                o.closeEntry();
            }
        }
    }

    /** Every regular file under {@code dir}, relative, with '/'. */
    static List<String> filesUnder(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString().replace('\\', '/')).sorted().toList();
        }
    }
}
