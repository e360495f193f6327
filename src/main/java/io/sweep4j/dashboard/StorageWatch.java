package io.sweep4j.dashboard;

import io.sweep4j.store.Storage;
import io.sweep4j.store.StorageUrl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Function;

/**
 * The dashboard's one read-only handle on a storage, kept open between polls so finished trials are read once (the
 * storage caches them) and a PostgreSQL server sees one connection. It says when it last read the storage and, once
 * a read fails, why: the handle is closed and reopened at the next read, so the page recovers by itself. A SQLite
 * file moved away is noticed (an open handle would go on reading the moved file as if nothing happened).
 */
final class StorageWatch implements AutoCloseable {
    private final StorageUrl url;
    private final Clock clock;
    private Storage storage;
    private Object fileKey;
    // read without the lock: a page answered from what was read before must not wait for a long read to end
    private volatile Instant heard;
    private volatile String problem;

    /** Opens the storage now, so a file the dashboard cannot read is refused at start with the CLI's message. */
    StorageWatch(StorageUrl url, Clock clock) {
        this.url = url;
        this.clock = clock;
        open();
        heard = clock.instant();
    }

    /** Where the storage is, for messages. */
    String location() {
        return url instanceof StorageUrl.Sqlite s ? s.file().toString() : url.toString();
    }

    /** Runs {@code read} on the storage; empty (and {@link #problem()} says why) when it cannot be read now. */
    synchronized <T> java.util.Optional<T> read(Function<Storage, T> read) {
        try {
            if (storage != null && !Objects.equals(fileKey, currentFileKey())) {
                closeQuietly();
            }
            if (storage == null) {
                open();
            }
            T value = read.apply(storage);
            heard = clock.instant();
            problem = null;
            return java.util.Optional.of(value);
        } catch (RuntimeException e) {
            // a storage error, a refused file, a server gone: shown on the page, retried at the next poll
            problem = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            closeQuietly();
            return java.util.Optional.empty();
        }
    }

    /** When a read last succeeded. */
    Instant heard() {
        return heard;
    }

    /** Why the last read failed, or null if it succeeded. */
    String problem() {
        return problem;
    }

    private void open() {
        // the storage first: a file it cannot read gets its message, the same as every sweep command's
        storage = Storage.open(url, Storage.Access.READ_ONLY);
        fileKey = currentFileKey();
    }

    /** The identity (device, inode) of the SQLite file the URL names now; null for a server. */
    private Object currentFileKey() {
        if (!(url instanceof StorageUrl.Sqlite s)) {
            return null;
        }
        try {
            return Files.readAttributes(s.file(), BasicFileAttributes.class).fileKey();
        } catch (NoSuchFileException e) {
            throw new IllegalStateException("the study file " + s.file() + " is gone (moved or deleted)");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + s.file() + ": " + e.getMessage());
        }
    }

    private void closeQuietly() {
        if (storage != null) {
            try {
                storage.close();
            } catch (RuntimeException ignored) {
                // it failed already; what matters is that the next read opens afresh
            }
            storage = null;
        }
    }

    @Override
    public synchronized void close() {
        closeQuietly();
    }
}
