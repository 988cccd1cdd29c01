package org.spinerad.plugins;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.macro.Interpreter;
import org.spinerad.util.Progress;
import org.spinerad.util.SpineRadException;

import java.awt.GraphicsEnvironment;

/** Shared plumbing of SpineRad's ImageJ commands: error reporting, progress, the current image. */
final class CommandSupport {
    private CommandSupport() {}

    /** Runs a command body; user errors become an ImageJ error message naming the command and abort a running macro. */
    static void run(String command, Runnable body) {
        try {
            body.run();
        } catch (SpineRadException e) {
            IJ.showStatus("");
            IJ.showProgress(1.0);
            String title = "SpineRad " + command;
            Interpreter macro = Interpreter.getInstance();
            if (GraphicsEnvironment.isHeadless()) {
                IJ.log(title + ": " + e.getMessage()); // no dialog without a display
                if (macro != null) macro.abort(title + ": " + e.getMessage()); // stops the macro, keeps the message
            } else {
                IJ.error(title, e.getMessage());
                if (macro != null) Macro.abort();
            }
        }
    }

    /** Forwards core progress to ImageJ's status bar and progress bar. */
    static Progress progress(String task) {
        return (done, total, message) -> {
            IJ.showStatus(task + ": " + (message == null ? "" : message));
            IJ.showProgress(done >= total ? 1.0 : (double) done / Math.max(1, total));
        };
    }

    /** The active image, or a clear error when none is open. */
    static ImagePlus currentImage(String command) {
        ImagePlus imp = WindowManager.getCurrentImage();
        if (imp == null) throw new SpineRadException(command + " needs an open image");
        return imp;
    }

    /** Shows an image (or registers it as the current batch-mode image when headless). */
    static void show(ImagePlus imp) {
        if (GraphicsEnvironment.isHeadless() || Interpreter.isBatchMode()) {
            Interpreter.addBatchModeImage(imp);
            WindowManager.setTempCurrentImage(imp);
        } else {
            imp.show();
        }
    }
}
