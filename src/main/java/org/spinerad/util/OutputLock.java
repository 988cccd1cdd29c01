package org.spinerad.util;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on an output, held for a whole batch run: {@code <out>.lock} beside it, locked with
 * {@link FileChannel#tryLock()} (released by the OS when the process dies, so kill -9 leaves no stale lock). A second
 * writer of the same output, in this or another process, gets a clear error instead of interleaving rows. The lock
 * file itself is left in place (deleting it would let two writers lock different files).
 */
public final class OutputLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private OutputLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock file of an output: {@code <out>.lock}. */
    public static Path lockFile(Path out) {
        return out.resolveSibling(out.getFileName() + ".lock");
    }

    /** Locks an output (file or folder) or fails at once when another run holds it. */
    public static OutputLock acquire(Path out) {
        Path file = lockFile(out.toAbsolutePath());
        FileChannel ch = null;
        try {
            Files.createDirectories(file.getParent());
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null; // held by this JVM
            }
            if (l == null) {
                ch.close();
                throw new SpineRadException(out + ": another SpineRad run is writing this output (lock " + file
                        + " is held); wait for it to finish or choose another output");
            }
            return new OutputLock(ch, l);
        } catch (IOException e) {
            try {
                if (ch != null) ch.close();
            } catch (IOException ignored) {
                // already failing
            }
            throw new SpineRadException(file + ": cannot create the output lock (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new SpineRadException("cannot release the output lock: " + e.getMessage(), e);
        }
    }
}
