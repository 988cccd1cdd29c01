package org.spinerad.util;

/** Receives progress of long work; Fiji adapters forward it to IJ.showProgress/IJ.showStatus, the CLI to a progress line. */
public interface Progress {
    /** Called with the number of finished steps out of total and a short status message. */
    void update(long done, long total, String message);

    Progress NONE = (done, total, message) -> { };

    /** A progress line on standard error, rewritten in place. */
    static Progress console(String task) {
        return new Progress() {
            private long lastPrint;

            @Override
            public synchronized void update(long done, long total, String message) {
                long now = System.nanoTime();
                if (done < total && now - lastPrint < 200_000_000L) return;
                lastPrint = now;
                int pct = total > 0 ? (int) (100 * done / total) : 0;
                System.err.print("\r" + task + " [" + done + "/" + total + "] " + pct + "% " + (message == null ? "" : message) + "   ");
                if (done >= total) System.err.println();
                System.err.flush();
            }
        };
    }
}
