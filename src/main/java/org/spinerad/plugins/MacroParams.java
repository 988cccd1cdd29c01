package org.spinerad.plugins;

import ij.Macro;
import ij.gui.GenericDialog;

import org.spinerad.util.SpineRadException;

import java.awt.Button;
import java.awt.Checkbox;
import java.awt.FlowLayout;
import java.awt.GraphicsEnvironment;
import java.awt.GridLayout;
import java.awt.Panel;
import java.awt.TextField;
import java.awt.event.ItemListener;
import java.util.regex.Pattern;

/**
 * Command parameters that work with and without a display: a {@link GenericDialog} (which also reads macro
 * options and feeds the macro recorder, e.g. {@code run("Open NIfTI...", "open=/data/ct.nii.gz")}) or, headless,
 * the same {@code key=value} macro options read directly. Keys are the first word of each label, lower case, as
 * ImageJ records them. Fields: text, file and folder paths and file lists (with Browse), choices (lists, open images),
 * several items of a list (checkboxes), checkboxes and validated numbers; each kind is read back in the order it was added ({@code nextString}, {@code nextChoice},
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

    static final String ADD_FILE = "Add file...";

    /**
     * A text field for a list of files separated by ';' with a Browse button ("Add file...") that appends the chosen file; recorded
     * as one value ({@code features=[/d/a.csv;/d/b.csv]}).
     */
    MacroParams addFileList(String label, String defaultValue) {
        if (dialog != null) {
            TextField text = addTextField(label, defaultValue);
            Button browse = new Button(ADD_FILE);
            browse.addActionListener(e -> {
                ij.io.OpenDialog chosen = new ij.io.OpenDialog("Add to " + key(label));
                ij.plugin.frame.Recorder.disablePathRecording(); // only the list itself is recorded
                String name = chosen.getFileName(); // (records the path unless disabled)
                if (name == null) return;
                String path = chosen.getDirectory() + name;
                text.setText(text.getText().isBlank() ? path : text.getText() + ";" + path);
            });
            Panel row = new Panel(new FlowLayout(FlowLayout.RIGHT, 0, 0));
            row.add(browse);
            dialog.addPanel(row, java.awt.GridBagConstraints.EAST, new java.awt.Insets(2, 0, 4, 0));
        }
        return add(new Field(label, defaultValue, Kind.TEXT, null, 0, 0));
    }

    /**
     * Several items of a list, one checkbox each, read as a list ({@link #nextItems}; empty = all). The boxes write a
     * comma-separated text field beside them (empty when all are ticked), which is what the recorder records and
     * macros give ({@code learners=LR,GNB}), so typed lists keep working.
     */
    MacroParams addMultiChoice(String label, String[] items) {
        if (dialog != null) {
            TextField text = addTextField(label, "");
            Panel boxes = new Panel(new GridLayout(0, 5));
            java.util.List<Checkbox> ticks = new java.util.ArrayList<>();
            for (String item : items) {
                Checkbox c = new Checkbox(item, true);
                ticks.add(c);
                boxes.add(c);
            }
            ItemListener sync = e -> {
                java.util.List<String> on = ticks.stream().filter(Checkbox::getState).map(Checkbox::getLabel).toList();
                if (on.isEmpty()) ((Checkbox) e.getSource()).setState(true); // at least one
                else text.setText(on.size() == items.length ? "" : String.join(",", on));
            };
            ticks.forEach(c -> c.addItemListener(sync));
            text.addTextListener(e -> {
                java.util.Set<String> typed = new java.util.HashSet<>(split(text.getText().toUpperCase(java.util.Locale.ROOT)));
                for (Checkbox c : ticks) c.setState(typed.isEmpty() || typed.contains(c.getLabel().toUpperCase(java.util.Locale.ROOT)));
            });
            dialog.addPanel(boxes);
        }
        return add(new Field(label, "", Kind.TEXT, items.clone(), 0, 0));
    }

    private TextField addTextField(String label, String defaultValue) {
        dialog.addStringField(label, defaultValue, 40);
        return (TextField) dialog.getStringFields().lastElement();
    }

    /** The non-blank, trimmed items of a comma-separated list. */
    static java.util.List<String> split(String commaSeparated) {
        return java.util.Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
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
        return text(nextField(Kind.TEXT));
    }

    /** The items of the next {@link #addMultiChoice} field (as spelled in its list, any case accepted); empty = all. */
    java.util.List<String> nextItems() {
        Field f = nextField(Kind.TEXT);
        java.util.List<String> chosen = new java.util.ArrayList<>();
        for (String name : split(text(f))) {
            String item = java.util.Arrays.stream(f.items).filter(name::equalsIgnoreCase).findFirst().orElseThrow(() -> new SpineRadException(
                    "'" + name + "' is not a valid choice for " + key(f.label) + "; choose from: " + String.join(", ", f.items)));
            chosen.add(item);
        }
        return chosen;
    }

    private String text(Field f) {
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
