package org.spinerad.util;

/** A problem with the user's input (file, parameter, table) whose message names the input and what is wrong. */
public class SpineRadException extends RuntimeException {
    public SpineRadException(String message) { super(message); }
    public SpineRadException(String message, Throwable cause) { super(message, cause); }
}
