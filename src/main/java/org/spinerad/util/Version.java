package org.spinerad.util;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** SpineRad's version, recorded in every output for provenance. */
public final class Version {
    private Version() {}

    private static final String VERSION = load();

    private static String load() {
        try (InputStream in = Version.class.getResourceAsStream("/spinerad-version.properties")) {
            if (in == null) return "unknown";
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    public static String get() { return VERSION; }
}
