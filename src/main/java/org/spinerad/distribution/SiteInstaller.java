package org.spinerad.distribution;

import org.spinerad.distribution.UpdateSiteDb.Record;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Installs an update site into an ImageJ folder as the ImageJ updater does: every current file for all platforms or
 * for the given one, from {@code <path>-<timestamp>} on the site to {@code <path>}, checksum verified. The Fiji layout
 * keeps the site's paths ({@code jars/}, {@code jars/<platform>/}, {@code plugins/}); the plain ImageJ 1 layout puts
 * every jar in {@code plugins/jars/} (ImageJ 1's plugin class loader reads only one folder level) and adds the
 * libraries that Fiji would provide.
 */
public final class SiteInstaller {
    private SiteInstaller() {}

    public enum Layout { FIJI, IMAGEJ1 }

    /** The installed files, relative to {@code app}. */
    public static List<String> install(Path site, Path app, String platform, Layout layout) throws IOException {
        UpdateSiteDb db = UpdateSiteDb.read(site.resolve("db.xml.gz"));
        List<String> installed = new ArrayList<>();
        for (Record r : db.records().values()) {
            if (r.current() == null || !r.isFor(platform)) continue;
            String dest = layout == Layout.FIJI || !r.filename().startsWith("jars/") ? r.filename()
                    : "plugins/jars/" + Path.of(r.filename()).getFileName();
            Path target = app.resolve(dest);
            Files.createDirectories(target.getParent());
            Files.copy(site.resolve(r.siteFile()), target, StandardCopyOption.REPLACE_EXISTING);
            String checksum = UpdaterChecksum.of(r.filename(), target);
            if (!checksum.equals(r.current().checksum()))
                throw new IOException(r.siteFile() + ": checksum " + checksum + " does not match db.xml.gz (" + r.current().checksum() + ")");
            installed.add(dest);
        }
        Path extras = site.resolve(UpdateSiteBuilder.EXTRAS);
        if (layout == Layout.IMAGEJ1 && Files.isDirectory(extras)) {
            try (Stream<Path> s = Files.list(extras)) {
                for (Path jar : s.sorted().toList()) {
                    String dest = "plugins/jars/" + jar.getFileName();
                    Files.createDirectories(app.resolve("plugins/jars"));
                    Files.copy(jar, app.resolve(dest), StandardCopyOption.REPLACE_EXISTING);
                    installed.add(dest);
                }
            }
        }
        return installed;
    }

    /** {@code SiteInstaller SITE IMAGEJ_DIR [--imagej1] [--platform P]}. */
    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: SiteInstaller SITE_DIR IMAGEJ_DIR [--imagej1] [--platform linux64|win64|macos-arm64]");
            System.exit(2);
        }
        Layout layout = List.of(args).contains("--imagej1") ? Layout.IMAGEJ1 : Layout.FIJI;
        int p = List.of(args).indexOf("--platform");
        String platform = p >= 0 && p + 1 < args.length ? args[p + 1] : org.spinerad.util.DjlEngine.platform();
        if (!Files.isRegularFile(Path.of(args[0], "db.xml.gz"))) {
            System.err.println(args[0] + ": not an update site (no db.xml.gz)");
            System.exit(2);
        }
        List<String> files;
        try {
            files = install(Path.of(args[0]), Path.of(args[1]), platform, layout);
        } catch (IOException e) {
            System.err.println("install: " + e.getMessage());
            System.exit(2);
            return;
        }
        files.forEach(f -> System.out.println("installed " + f));
        System.out.println(files.size() + " files for " + platform + " (" + layout + " layout) in " + args[1]);
    }
}
