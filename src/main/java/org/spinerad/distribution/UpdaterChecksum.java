package org.spinerad.distribution;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The checksum that the ImageJ updater records for a file (and recomputes on the user's machine to tell "up to date"
 * from "locally modified"), SHA-1 in lower-case hex:
 * <ul>
 * <li>a {@code .jar}: over its entries sorted by name, each entry's name (ASCII) followed by its content, where a
 * {@code .properties} entry loses its '#' comment lines (Maven writes a build date there) and
 * {@code META-INF/MANIFEST.MF} keeps only its lines that the updater's test {@code upper-cased line starts with
 * "Main-Class:"} accepts, which no line passes, so a manifest contributes only its name;</li>
 * <li>any other file: over its path in the ImageJ folder (ASCII) followed by its bytes.</li>
 * </ul>
 */
public final class UpdaterChecksum {
    private UpdaterChecksum() {}

    /** The checksum of {@code file} installed as {@code path} (e.g. {@code jars/foo-1.0.jar}). */
    public static String of(String path, Path file) throws IOException {
        MessageDigest sha1 = sha1();
        if (path.endsWith(".jar")) {
            try (JarFile jar = new JarFile(file.toFile(), false)) {
                List<JarEntry> entries = new ArrayList<>(Collections.list(jar.entries()));
                entries.sort((a, b) -> a.getName().compareTo(b.getName()));
                for (JarEntry e : entries) {
                    sha1.update(e.getName().getBytes(StandardCharsets.US_ASCII));
                    try (InputStream in = jar.getInputStream(e)) {
                        byte[] content = in.readAllBytes();
                        if (e.getName().endsWith(".properties")) content = withoutHashLines(content);
                        if (e.getName().equals("META-INF/MANIFEST.MF")) content = manifestLinesKept(content);
                        sha1.update(content);
                    }
                }
            }
        } else {
            sha1.update(path.getBytes(StandardCharsets.US_ASCII));
            sha1.update(Files.readAllBytes(file));
        }
        return HexFormat.of().formatHex(sha1.digest());
    }

    /**
     * The updater's comment filter, byte for byte: at the start of a line a '#' drops everything up to and including
     * the next '\n' except that '\n' itself; the start-of-line state is the one its recursive reader leaves (a line
     * right after an empty line, or after a comment line that is only "#", does not count as a line start).
     */
    static byte[] withoutHashLines(byte[] in) {
        return new Object() {
            int pos;
            boolean atLineStart = true;

            int raw() { return pos < in.length ? in[pos++] & 0xff : -1; }

            int read() {
                int ch = raw();
                if (atLineStart) {
                    if (ch == '#') {
                        do ch = read(); while (ch != '\n' && ch != -1);
                    } else {
                        atLineStart = false;
                    }
                } else if (ch == '\n') {
                    atLineStart = true;
                }
                return ch;
            }

            byte[] all() {
                ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
                for (int ch; (ch = read()) != -1; ) out.write(ch);
                return out.toByteArray();
            }
        }.all();
    }

    private static final Set<String> MANIFEST_KEPT_PREFIX = Set.of("Main-Class:");

    /** Manifest lines (platform charset, '\n'-terminated) whose upper-case form starts with "Main-Class:": none. */
    static byte[] manifestLinesKept(byte[] manifest) {
        StringBuilder kept = new StringBuilder();
        for (String line : new String(manifest).split("\r\n|\r|\n"))
            for (String prefix : MANIFEST_KEPT_PREFIX)
                if (line.toUpperCase(Locale.ROOT).startsWith(prefix)) kept.append(line).append('\n');
        return kept.toString().getBytes();
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
