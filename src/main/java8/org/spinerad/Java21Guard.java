package org.spinerad;

import ij.IJ;
import ij.plugin.PlugIn;

/**
 * The class that the shipped plugins.config names for every SpineRad command (compiled for Java 8, so that it loads in
 * any ImageJ): on Java 21 or newer it runs the real command, {@code Java21Guard("org.spinerad.plugins.Annotate:new")}
 * = class {@code org.spinerad.plugins.Annotate} with argument {@code new}; on older Java it says what is needed instead
 * of failing with an UnsupportedClassVersionError. scripts/build-update-site.sh writes these lines from
 * src/main/resources/plugins.config.
 */
public class Java21Guard implements PlugIn {
    public static final int REQUIRED = 21;

    @Override
    public void run(String arg) {
        int colon = arg.indexOf(':');
        String className = colon < 0 ? arg : arg.substring(0, colon);
        String argument = colon < 0 ? "" : arg.substring(colon + 1);
        int version = javaVersion(System.getProperty("java.specification.version", "0"));
        if (version < REQUIRED) {
            String message = "SpineRad needs Java " + REQUIRED + " or newer, but this ImageJ runs Java " + version
                    + " (" + System.getProperty("java.home") + ").\n"
                    + "Fiji: download the current Fiji (it bundles Java 21) or start it with --java-home pointing to a Java 21 runtime.\n"
                    + "ImageJ 1: install a Java 21 runtime and start ij.jar with it.";
            IJ.log("SpineRad: " + message.replace('\n', ' '));
            IJ.error("SpineRad", message);
            if (ij.macro.Interpreter.getInstance() != null) ij.Macro.abort();
            return;
        }
        IJ.runPlugIn(className, argument);
    }

    /** "1.8" -> 8, "17" -> 17, "21.0.2" -> 21. */
    static int javaVersion(String spec) {
        String s = spec.startsWith("1.") ? spec.substring(2) : spec;
        int end = 0;
        while (end < s.length() && Character.isDigit(s.charAt(end))) end++;
        return end == 0 ? 0 : Integer.parseInt(s.substring(0, end));
    }
}
