package org.spinerad.plugins;

import ij.Macro;
import ij.gui.GenericDialog;

import org.spinerad.util.SpineRadException;

import java.awt.GraphicsEnvironment;
import java.util.regex.Pattern;

/**
 * Command parameters that work with and without a display: a {@link GenericDialog} (which also reads macro
 * options and feeds the macro recorder, e.g. {@code run("Open NIfTI...", "open=/data/ct.nii.gz")}) or, headless,
 * the same {@code key=value} macro options read directly. Keys are the first word of each label, lower case, as
 * ImageJ records them. Fields: text, file and folder paths (with Browse), choices (lists, open images), checkboxes
 * and validated numbers; each kind is read back in the order it was added ({@code nextString}, {@code nextChoice},
 * {@code nextBoolean}, {@code nextNumber}), as with GenericDialog.
 */
final class MacroParams {
    private enum Kind { TEXT, CHOICE, CHECKBOX, NUMBER, IMAGE }

    private record Field(String label, String defaultValue, Kind kind, String[] items, double min, double max) {}

    private final GenericDialog dialog;
    private final String options;
    private final java.util.List<Field> fields = new java.util.ArrayList<>(), imageFields = new java.util.ArrayList<>();
    private final java.util.Map<Kind, Integer> next = new java.util.EnumMap<>(Kind.class);

    MacroParams(String title) {
        options = Macro.getOptions();
        dialog = GraphicsEnvironment.isHeadless() ? null : new GenericDialog(title);
    }

    private MacroParams add(Field f) {
        fields.add(f);
        return this;
    }

    /** A file path with a Browse button. */
    MacroParams addFile(String label, String defaultPath) {
        if (dialog != null) dialog.addFileField(label, defaultPath, 40);
        return add(new Field(label, defaultPath, Kind.TEXT, null, 0, 0));
    }

    /** A folder path with a Browse button. */
    MacroParams addDirectory(String label, String defaultPath) {
        if (dialog != null) dialog.addDirectoryField(label, defaultPath, 40);
        return add(new Field(label, defaultPath, Kind.TEXT, null, 0, 0));
    }

    MacroParams addString(String label, String defaultValue) {
        if (dialog != null) dialog.addStringField(label, defaultValue, 40);
        return add(new Field(label, defaultValue, Kind.TEXT, null, 0, 0));
    }

    /** A drop-down list; the macro value must be one of the items. */
    MacroParams addChoice(String label, String[] items, String defaultItem) {
        if (items.length == 0) throw new SpineRadException(label + ": nothing to choose from");
        String d = java.util.Arrays.asList(items).contains(defaultItem) ? defaultItem : items[0];
        if (dialog != null) dialog.addChoice(label, items, d);
        return add(new Field(label, d, Kind.CHOICE, items.clone(), 0, 0));
    }

    /** A choice of the open images (titles), the current image first selected. */
    MacroParams addImageChoice(String label) {
        String[] titles = ij.WindowManager.getImageTitles();
        if (titles.length == 0) throw new SpineRadException("'" + label + "' needs an open image");
        ij.ImagePlus current = ij.WindowManager.getCurrentImage();
        return addChoice(label, titles, current != null ? current.getTitle() : titles[0]);
    }

    /**
     * An image given by title or file: interactively a choice of the open images (recorded as the title); in macros
     * (with or without a display) any title or file path, so existing macros keep working.
     */
    MacroParams addImageOrFile(String label, String defaultValue) {
        String[] titles = ij.WindowManager.getImageTitles();
        if (dialog == null || options != null || titles.length == 0) {
            addString(label, defaultValue);
        } else {
            String d = java.util.Arrays.asList(titles).contains(defaultValue) ? defaultValue : titles[0];
            dialog.addChoice(label, titles, d);
            add(new Field(label, d, Kind.IMAGE, titles, 0, 0));
        }
        imageFields.add(fields.get(fields.size() - 1));
        return this;
    }

    /** The next field added by {@link #addImageOrFile}: an image title or a file path. */
    String nextImageOrFile() {
        Field f = imageFields.get(next.merge(Kind.IMAGE, 1, Integer::sum) - 1);
        return f.kind == Kind.IMAGE ? dialog.getNextChoice() : nextString();
    }

    /** A checkbox; recorded as the bare key when ticked. */
    MacroParams addCheckbox(String label, boolean defaultValue) {
        if (dialog != null) dialog.addCheckbox(label, defaultValue);
        return add(new Field(label, Boolean.toString(defaultValue), Kind.CHECKBOX, null, 0, 0));
    }

    /** A number that must lie in [min, max]; {@code help} (shown beside the field) explains the default. */
    MacroParams addNumber(String label, double defaultValue, double min, double max, String help) {
        int digits = defaultValue == Math.rint(defaultValue) ? 0 : 3;
        if (dialog != null) dialog.addNumericField(label, defaultValue, digits, 8, help);
        return add(new Field(label, Double.toString(defaultValue), Kind.NUMBER, null, min, max));
    }

    /** An explanation line in the dialog (not a parameter). */
    MacroParams addMessage(String text) {
        if (dialog != null) dialog.addMessage(text);
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

    private Field nextField(Kind kind) {
        int seen = 0, wanted = next.merge(kind, 1, Integer::sum) - 1;
        for (Field f : fields)
            if (f.kind == kind && seen++ == wanted) return f;
        throw new IllegalStateException("no " + kind + " field number " + (wanted + 1));
    }

    /** The next text/file/directory value in the order the fields were added. */
    String nextString() {
        Field f = nextField(Kind.TEXT);
        if (dialog != null) return dialog.getNextString().trim();
        String value = Macro.getValue(options, key(f.label), f.defaultValue);
        return value == null ? "" : value.trim();
    }

    /** The next choice (an item of its list). */
    String nextChoice() {
        Field f = nextField(Kind.CHOICE);
        String value = dialog != null ? dialog.getNextChoice() : Macro.getValue(options, key(f.label), f.defaultValue);
        if (!java.util.Arrays.asList(f.items).contains(value))
            throw new SpineRadException("'" + value + "' is not a valid choice for " + key(f.label) + "; choose one of: "
                    + String.join(", ", f.items));
        return value;
    }

    /** The next checkbox: in a macro, true when its key is present. */
    boolean nextBoolean() {
        Field f = nextField(Kind.CHECKBOX);
        if (dialog != null) return dialog.getNextBoolean();
        if (options == null) return Boolean.parseBoolean(f.defaultValue);
        return Pattern.compile("(^|\\s)" + Pattern.quote(key(f.label)) + "(\\s|$)").matcher(options.replaceAll("\\[[^\\]]*]", "")).find();
    }

    /** The next number, checked against its range (error naming the field otherwise). */
    double nextNumber() {
        Field f = nextField(Kind.NUMBER);
        double value;
        if (dialog != null) {
            value = dialog.getNextNumber();
            if (dialog.invalidNumber()) throw new SpineRadException(key(f.label) + " must be a number");
        } else {
            String text = Macro.getValue(options, key(f.label), f.defaultValue);
            try {
                value = Double.parseDouble(text.trim());
            } catch (NumberFormatException | NullPointerException e) {
                throw new SpineRadException(key(f.label) + " must be a number, got '" + text + "'");
            }
        }
        if (!(value >= f.min && value <= f.max))
            throw new SpineRadException(key(f.label) + " must be between " + fmt(f.min) + " and " + fmt(f.max) + ", got " + fmt(value));
        return value;
    }

    private static String fmt(double v) { return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v); }

    static String key(String label) {
        String first = Pattern.compile("[ :]").split(label.trim(), 2)[0];
        return first.toLowerCase(java.util.Locale.ROOT);
    }
}
