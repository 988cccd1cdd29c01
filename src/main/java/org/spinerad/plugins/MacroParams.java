package org.spinerad.plugins;

import ij.Macro;
import ij.gui.GenericDialog;

import java.awt.GraphicsEnvironment;
import java.util.regex.Pattern;

/**
 * Command parameters that work with and without a display: a {@link GenericDialog} (which also reads macro
 * options and feeds the macro recorder, e.g. {@code run("Open NIfTI...", "open=/data/ct.nii.gz")}) or, headless,
 * the same {@code key=value} macro options read directly. Keys are the first word of each label, lower case, as
 * ImageJ records them.
 */
final class MacroParams {
    private final GenericDialog dialog;
    private final String options;
    private final java.util.List<String[]> fields = new java.util.ArrayList<>();
    private int next;

    MacroParams(String title) {
        options = Macro.getOptions();
        dialog = GraphicsEnvironment.isHeadless() ? null : new GenericDialog(title);
    }

    MacroParams addFile(String label, String defaultPath) {
        if (dialog != null) dialog.addFileField(label, defaultPath, 40);
        fields.add(new String[]{label, defaultPath});
        return this;
    }

    MacroParams addDirectory(String label, String defaultPath) {
        if (dialog != null) dialog.addDirectoryField(label, defaultPath, 40);
        fields.add(new String[]{label, defaultPath});
        return this;
    }

    MacroParams addString(String label, String defaultValue) {
        if (dialog != null) dialog.addStringField(label, defaultValue, 40);
        fields.add(new String[]{label, defaultValue});
        return this;
    }

    /** Shows the dialog (or checks macro options headless); false when cancelled or when headless without options. */
    boolean show() {
        if (dialog != null) {
            dialog.showDialog();
            return !dialog.wasCanceled();
        }
        return options != null;
    }

    /** The next text/file/directory value in the order the fields were added. */
    String nextString() {
        if (dialog != null) return dialog.getNextString().trim();
        String[] field = fields.get(next++);
        String value = Macro.getValue(options, key(field[0]), field[1]);
        return value == null ? "" : value.trim();
    }

    static String key(String label) {
        String first = Pattern.compile("[ :]").split(label.trim(), 2)[0];
        return first.toLowerCase(java.util.Locale.ROOT);
    }
}
