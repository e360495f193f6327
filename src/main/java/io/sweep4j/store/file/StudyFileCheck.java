package io.sweep4j.store.file;

import io.sweep4j.space.UsageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Checks a study file before SQLite touches it, so that a file that is not ours (a directory, a text file, another
 * application's database, a truncated copy, a read-only file) is refused with its bytes unchanged.
 */
public final class StudyFileCheck {
    private static final byte[] SQLITE_MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER_SIZE = 100;

    private StudyFileCheck() {
    }

    /** Refuses, with a {@link UsageException} naming the fix, a path that is not a study file we may open. */
    public static void check(Path given, Path file, boolean readOnly) {
        Path dir = file.getParent();
        if (Files.isDirectory(file)) {
            throw new UsageException("storage", given.toString(), "this is a directory; give a file path such as "
                    + given.resolve("study.db"));
        }
        if (dir != null && !Files.isDirectory(dir)) {
            throw new UsageException("storage", given.toString(), "the directory " + dir + " does not exist;"
                    + " create it (mkdir -p " + dir + ") or choose another path");
        }
        if (!Files.exists(file)) {
            if (readOnly) {
                throw new UsageException("storage", given.toString(), "no such file; check the path");
            }
            if (!Files.isWritable(dir)) {
                throw new UsageException("storage", given.toString(), "the directory " + dir
                        + " is not writable; choose a writable location");
            }
            return;
        }
        if (!Files.isRegularFile(file)) {
            throw new UsageException("storage", given.toString(), "this is not a regular file; give a file path");
        }
        if (!Files.isReadable(file)) {
            throw new UsageException("storage", given.toString(), "the file is not readable; check its permissions");
        }
        try {
            long size = Files.size(file);
            if (size == 0 && readOnly) {
                // what a read (or an upgrade, which reads first) would find is no study: say so, and write nothing
                throw new UsageException("storage", given.toString(), "the file is empty (0 bytes), not a study"
                        + " database; check the path, or run a study into it first (nothing was written to it)");
            }
            if (size > 0) {
                byte[] head = new byte[HEADER_SIZE];
                int n;
                try (InputStream in = Files.newInputStream(file)) {
                    n = in.readNBytes(head, 0, head.length);
                }
                if (!isSqlite(head, n)) {
                    throw new UsageException("storage", given.toString(), "this file is not a SQLite database;"
                            + " choose another file name (nothing was written to it)");
                }
                checkNotTruncated(given, file, head, n, size);
            }
        } catch (IOException e) {
            throw new UsageException("storage", given.toString(), "cannot read the file (" + e + ")");
        }
        if (!readOnly && (!Files.isWritable(file) || (dir != null && !Files.isWritable(dir)))) {
            // SQLite needs the directory too, for the -wal and -shm files beside the database
            throw new UsageException("storage", given.toString(), "the file or its directory is read-only; make"
                    + " them writable (chmod u+w) to run trials, or use `sweep trials` / `sweep best` to read it");
        }
    }

    /** Whether the first {@code n} bytes of a file, {@code head}, start as a SQLite database does. */
    public static boolean isSqlite(byte[] head, int n) {
        return n >= SQLITE_MAGIC.length
                && java.util.Arrays.equals(head, 0, SQLITE_MAGIC.length, SQLITE_MAGIC, 0, SQLITE_MAGIC.length);
    }

    /** The size of a file that another connection may delete at any moment (a WAL when the last one closes). */
    private static long sizeOrZero(Path file) throws IOException {
        try {
            return Files.size(file);
        } catch (NoSuchFileException e) {
            return 0;
        }
    }

    /**
     * A file shorter than the size its own header records was cut (a partial copy or download). SQLite would open
     * it and fail later, in the middle of a run; we refuse it up front. The header's size is only trusted when its
     * "version valid for" counter matches the change counter, and a non-empty WAL may legitimately hold the tail.
     */
    private static void checkNotTruncated(Path given, Path file, byte[] head, int n, long sizeBeforeRead)
            throws IOException {
        if (n < HEADER_SIZE) {
            throw new UsageException("storage", given.toString(), "the file is truncated (" + sizeBeforeRead
                    + " bytes, a SQLite header alone is " + HEADER_SIZE + "); restore it from a copy or choose"
                    + " another path");
        }
        Path wal = file.resolveSibling(file.getFileName() + "-wal");
        if (sizeOrZero(wal) > 0) {
            return;
        }
        // measured after the header was read: a database file only grows while others write to it, so a header
        // read earlier never records more pages than a size measured later, unless the file really was cut
        long size = sizeOrZero(file);
        ByteBuffer h = ByteBuffer.wrap(head);
        int pageSize = Short.toUnsignedInt(h.getShort(16));
        long pageSizeBytes = pageSize == 1 ? 65_536 : pageSize;
        long changeCounter = Integer.toUnsignedLong(h.getInt(24));
        long pages = Integer.toUnsignedLong(h.getInt(28));
        long validFor = Integer.toUnsignedLong(h.getInt(92));
        if (pages > 0 && validFor == changeCounter && size < pages * pageSizeBytes) {
            throw new UsageException("storage", given.toString(), "the file is truncated: its header records "
                    + pages * pageSizeBytes + " bytes but it holds " + size + "; restore it from a copy or choose"
                    + " another path (nothing was written to it)");
        }
    }
}
