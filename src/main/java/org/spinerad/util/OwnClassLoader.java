package org.spinerad.util;

/**
 * Runs library code that discovers its providers through the thread's context class loader (DJL's engines and native
 * libraries, ImageIO's codecs) with SpineRad's own class loader as context loader. Inside ImageJ the calling thread's
 * context loader is the application loader, which cannot see the jars in {@code plugins/jars} (ImageJ 1's
 * PluginClassLoader); on a plain class path (CLI, Fiji's launcher) both are the same loader.
 */
public final class OwnClassLoader {
    private OwnClassLoader() {}

    /** A computation that may throw a checked exception. */
    @FunctionalInterface
    public interface Body<T, E extends Exception> {
        T get() throws E;
    }

    public static <T, E extends Exception> T call(Body<T, E> body) throws E {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(OwnClassLoader.class.getClassLoader());
        try {
            return body.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
