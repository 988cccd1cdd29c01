package org.spinerad.testutil;

import ij.IJ;
import ij.Menus;
import ij.WindowManager;
import ij.macro.Interpreter;
import ij.measure.ResultsTable;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs ImageJ1 macros headless (java.awt.headless=true, batch mode) with SpineRad's commands resolvable by name, as
 * Fiji would after installing the jar: the commands are registered from the project's real
 * {@code src/main/resources/plugins.config}, so a typo there (unparseable line, missing class) fails the test.
 *
 * <pre>{@code
 * HeadlessMacro.Result r = HeadlessMacro.run("run(\"Open NIfTI...\", \"open=/x.nii.gz\"); run(\"Volume Info\");");
 * r.log(); r.results().getStringValue("Value", 0); r.returnValue();
 * }</pre>
 * A macro that aborts (e.g. a SpineRad command reporting an error) throws an AssertionError with the captured output.
 */
public final class HeadlessMacro {
    private static final Pattern ENTRY = Pattern.compile("\\s*([^,\"]+),\\s*\"([^\"]+)\",\\s*([\\w.$]+)(\\(\"([^\"]*)\"\\))?\\s*");
    private static boolean initialised;

    private HeadlessMacro() {}

    /** Captured output of one macro run: log text (IJ.log and messages), the macro's return value, the Results table. */
    public record Result(String log, String returnValue, ResultsTable results) {
        /** The Results table's "Value" of the row whose "Property" equals the given name (Volume Info style tables). */
        public String property(String name) {
            for (int row = 0; row < results.size(); row++)
                if (name.equals(results.getStringValue("Property", row))) return results.getStringValue("Value", row);
            throw new AssertionError("no property '" + name + "' in the Results table:\n" + log);
        }
    }

    /** Runs a macro in batch mode and returns its log, return value and Results table. */
    public static synchronized Result run(String macro) {
        init();
        ResultsTable.getResultsTable().reset();
        PrintStream originalOut = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        String returnValue;
        Interpreter interpreter = new Interpreter();
        interpreter.setIgnoreErrors(true); // errors are reported below instead of in a dialog
        try (PrintStream tee = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            System.setOut(tee);
            returnValue = interpreter.run("setBatchMode(true);\n" + macro + "\n", null);
        } catch (RuntimeException e) { // a command cancelled the macro (SpineRad commands log their error first)
            returnValue = "[aborted]";
            e.printStackTrace(new PrintStream(captured, true, StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
            closeImages();
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        originalOut.print(log);
        if (interpreter.wasError() || interpreter.getErrorMessage() != null || "[aborted]".equals(returnValue))
            throw new AssertionError("macro failed: " + interpreter.getErrorMessage() + "\n" + log);
        return new Result(log, returnValue, (ResultsTable) ResultsTable.getResultsTable().clone());
    }

    private static void closeImages() {
        for (int id : Interpreter.getBatchModeImageIDs()) {
            var imp = WindowManager.getImage(id);
            if (imp != null) Interpreter.removeBatchModeImage(imp);
        }
        WindowManager.setTempCurrentImage(null);
    }

    /**
     * Builds ImageJ's command table without AWT menus (IJ.init needs a display): the built-in commands listed in
     * ij.jar's IJ_Props.txt plus a few that ImageJ adds in code, then the commands of plugins.config.
     */
    private static void init() {
        if (initialised) return;
        System.setProperty("java.awt.headless", "true");
        Hashtable<String, String> commands = new Hashtable<>();
        try (var in = IJ.class.getResourceAsStream("/IJ_Props.txt")) {
            if (in == null) throw new IllegalStateException("IJ_Props.txt missing from ij.jar");
            Pattern builtIn = Pattern.compile("[a-z]+\\d+=\"([^\"\\[]+)(\\[[^\\]]*])?\",\\s*([\\w.$]+(\\(\".*\"\\))?)\\s*");
            for (String line : new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).split("\\R")) {
                Matcher m = builtIn.matcher(line);
                if (m.matches()) commands.put(m.group(1), m.group(3));
            }
            Field table = Menus.class.getDeclaredField("pluginsTable");
            table.setAccessible(true);
            table.set(null, commands);
        } catch (IOException | ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot initialise ImageJ's command table headless", e);
        }
        commands.put("Duplicate...", "ij.plugin.Duplicator");
        commands.put("Measure", "ij.plugin.filter.Analyzer");
        commands.put("Set Measurements...", "ij.plugin.filter.Analyzer(\"set\")");
        commands.put("Close All", "ij.plugin.Commands(\"close-all\")");
        registerCommands(pluginsConfig());
        initialised = true;
    }

    /** The project's plugins.config (source tree when run from the project root, else the class path copy). */
    public static List<String> pluginsConfig() {
        try {
            Path source = Path.of("src", "main", "resources", "plugins.config");
            if (Files.exists(source)) return Files.readAllLines(source, StandardCharsets.UTF_8);
            var url = HeadlessMacro.class.getClassLoader().getResource("plugins.config");
            if (url == null) throw new AssertionError("plugins.config not found");
            try (var in = url.openStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            }
        } catch (IOException e) {
            throw new AssertionError("Cannot read plugins.config: " + e.getMessage(), e);
        }
    }

    /** Registers each "menu, "Command", class("arg")" entry; a malformed line or a missing class fails. */
    @SuppressWarnings("unchecked")
    public static void registerCommands(List<String> lines) {
        Hashtable<String, String> commands = Menus.getCommands();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            Matcher m = ENTRY.matcher(line);
            if (!m.matches()) throw new AssertionError("plugins.config line " + (i + 1) + " is malformed: " + line);
            String className = m.group(3);
            try {
                Class<?> c = Class.forName(className);
                if (!ij.plugin.PlugIn.class.isAssignableFrom(c) && !ij.plugin.filter.PlugInFilter.class.isAssignableFrom(c))
                    throw new AssertionError("plugins.config line " + (i + 1) + ": " + className + " is not an ImageJ PlugIn");
            } catch (ClassNotFoundException e) {
                throw new AssertionError("plugins.config line " + (i + 1) + ": class " + className + " not found");
            }
            commands.put(m.group(2), m.group(4) == null ? className : className + m.group(4));
        }
    }
}
