package io.sweep4j.store.file;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.OSInfo;

/**
 * Unpacks sqlite-jdbc's native library once, to a stable per-user place, and points the driver at it.
 *
 * <p>Left to itself, sqlite-jdbc writes {@code sqlite-<version>-<uuid>-libsqlitejdbc.so} (~1 MB) and a {@code .lck}
 * into the temp directory at every start and deletes them only at a clean JVM exit: every {@code kill -9} left both
 * behind (48 MB after ~60 kills, issue 14). One copy per driver version in {@link UserTempDir}, unpacked aside and
 * renamed into place, is shared by every process and never seen half-written.
 */
public final class SqliteNativeLibrary {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteNativeLibrary.class);
    private static final String PATH_PROPERTY = "org.sqlite.lib.path";
    private static final String NAME_PROPERTY = "org.sqlite.lib.name";
    private static volatile boolean installed;

    private SqliteNativeLibrary() {
    }

    /** Call before the first connection; does nothing if the user chose a library path, or on any failure. */
    public static synchronized void install() {
        if (installed) {
            return;
        }
        installed = true;
        if (System.getProperty(PATH_PROPERTY) != null) {
            return;
        }
        try {
            String name = System.mapLibraryName("sqlitejdbc");
            String resource = "/org/sqlite/native/" + OSInfo.getNativeLibFolderPathForCurrentOS() + "/" + name;
            Optional<Path> root = UserTempDir.root();
            if (root.isEmpty() || SQLiteJDBCLoader.class.getResource(resource) == null) {
                return;
            }
            String folder = ("sqlite-jdbc-" + SQLiteJDBCLoader.getVersion() + "-"
                    + OSInfo.getNativeLibFolderPathForCurrentOS()).replaceAll("[^A-Za-z0-9._-]", "_");
            Path dir = Files.createDirectories(root.get().resolve(folder));
            Path lib = dir.resolve(name);
            long size = resourceSize(resource);
            if (!Files.isRegularFile(lib) || Files.size(lib) != size) {
                // unpacked in a folder of this process (the next run deletes it if we are killed), then renamed
                Path part = UserTempDir.processFolder("unpack");
                try {
                    try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(resource)) {
                        Files.copy(in, part.resolve(name));
                    }
                    Files.move(part.resolve(name), lib, StandardCopyOption.ATOMIC_MOVE,
                            StandardCopyOption.REPLACE_EXISTING);
                } finally {
                    UserTempDir.delete(part);
                }
            }
            System.setProperty(PATH_PROPERTY, dir.toString());
            System.setProperty(NAME_PROPERTY, name);
        } catch (IOException | RuntimeException e) {
            // sqlite-jdbc's own extraction still works; it only leaves files behind when killed
            LOG.debug("sqlite-jdbc's native library stays with the driver's default extraction: {}", e.toString());
        }
    }

    private static long resourceSize(String resource) throws IOException {
        try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(resource)) {
            return in.transferTo(java.io.OutputStream.nullOutputStream());
        }
    }
}
