package org.spinerad.util;

/** A problem with the user's input (file, parameter, table) whose message names the input and what is wrong. */
public class SpineRadException extends RuntimeException {
    public SpineRadException(String message) { super(message); }
    public SpineRadException(String message, Throwable cause) { super(message, cause); }

    /**
     * The problem text of a failed batch case: an input error's own message, else the unexpected failure naming the
     * file (bugs and resource errors in one case must not abort the other cases).
     */
    public static String problem(Throwable e, Object file) {
        if (e instanceof SpineRadException) return e.getMessage();
        return file + ": unexpected " + e.getClass().getSimpleName() + " while processing this case"
                + (e.getMessage() != null ? " (" + e.getMessage() + ")" : "");
    }
}
