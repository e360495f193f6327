package io.sweep4j.store.file;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;

/**
 * Opens a SQLite file for reading so that no file is left beside it that was not there before.
 *
 * <p>What SQLite forces: a file in rollback-journal mode (as Optuna writes it) is read with a read-only connection,
 * which creates nothing. A file in WAL mode (as sweep4j writes it) needs its {@code -wal} and {@code -shm} files
 * to be read; a read-only connection creates them when they are missing and, not allowed to write, never deletes
 * them. So when no {@code -wal} exists (no process has the file open) and we may write the file, it is opened
 * read-write with {@code PRAGMA query_only}: SQLite then deletes the two files when the last connection closes,
 * and nothing can change the database through it. When a {@code -wal} exists, a process has the file open (or died
 * with it open): the read-only connection reads through it and adds nothing but, if it was missing, {@code -shm}.
 * A WAL file we may not write, with no {@code -wal}, is read as {@code immutable}, which touches nothing; SQLite then
 * takes no lock, so should its owner start writing during the read, the read could fail (never the file change).
 */
public final class QuietReader {
    private static final int HEADER_READ_VERSION = 18;
    private static final int WAL = 2;

    private QuietReader() {
    }

    /** A connection that reads {@code file}; {@code config} carries the caller's settings (busy timeout). */
    public static Connection connect(Path file, SQLiteConfig config) throws SQLException {
        SqliteNativeLibrary.install();
        Path dir = file.getParent();
        boolean walMode = walMode(file);
        boolean walPresent = Files.exists(file.resolveSibling(file.getFileName() + "-wal"));
        if (walMode && !walPresent && Files.isWritable(file) && dir != null && Files.isWritable(dir)) {
            config.setReadOnly(false);
            Connection conn = DriverManager.getConnection("jdbc:sqlite:" + file, config.toProperties());
            try (Statement st = conn.createStatement()) {
                st.execute("PRAGMA query_only = 1");
            } catch (SQLException e) {
                conn.close();
                throw e;
            }
            return conn;
        }
        config.setReadOnly(true);
        if (walMode && !walPresent && !Files.isWritable(file)) {
            try {
                URI uri = new URI("file", null, file.toString(), "immutable=1", null);
                return DriverManager.getConnection("jdbc:sqlite:" + uri, config.toProperties());
            } catch (URISyntaxException e) {
                throw new SQLException("cannot name " + file + " as a URI", e);
            }
        }
        return DriverManager.getConnection("jdbc:sqlite:" + file, config.toProperties());
    }

    /** Whether the header says WAL (bytes 18 and 19 are 2); a file too short to tell is read as it is. */
    private static boolean walMode(Path file) {
        byte[] head = new byte[HEADER_READ_VERSION + 1];
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(head, 0, head.length) == head.length && head[HEADER_READ_VERSION] == WAL;
        } catch (IOException e) {
            return false;
        }
    }
}
