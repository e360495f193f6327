package io.sweep4j.store;

import io.sweep4j.space.UsageException;
import io.sweep4j.store.file.StudyFilePreflight;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Set;

/**
 * What a SQLite study file holds, read by {@link StudyFilePreflight} before it is opened for writing (so a refused
 * file keeps every byte): another application's tables, and a schema revision sweep4j does not read or other than
 * the one asked for, are refused as the open would refuse them.
 */
enum StudyFileContents {
    /** Missing, empty, or a SQLite file without tables yet (another process may be creating the schema). */
    NOTHING,
    /** Optuna's tables at a revision sweep4j reads. */
    STUDIES;

    static StudyFileContents check(Path given, Path file, int busyTimeoutMs) {
        return check(given, file, Optional.empty(), busyTimeoutMs);
    }

    /** As {@link #check(Path, Path, int)}, also refusing a file at another schema revision than {@code asked}. */
    static StudyFileContents check(Path given, Path file, Optional<SchemaRevision> asked, int busyTimeoutMs) {
        return StudyFilePreflight.inspect(given, file, busyTimeoutMs, new Reading(given, asked));
    }

    /** The tables and revision of a file the preflight found undamaged. */
    private record Reading(Path given, Optional<SchemaRevision> asked)
            implements StudyFilePreflight.Inspection<StudyFileContents> {
        @Override
        public StudyFileContents read(Connection conn) throws SQLException {
            Set<String> tables = SqliteDialect.tables(conn);
            if (tables.isEmpty()) {
                return NOTHING;
            }
            if (!tables.containsAll(OptunaSchema.TABLES)) {
                throw new UsageException("storage", given.toString(), "this SQLite file holds other tables " + tables
                        + ", not an Optuna/sweep4j study database; choose another file (nothing was written to it)");
            }
            String revision = revision(conn);
            if (revision != null) {
                // the rule every open applies, refused here unwritten
                SchemaSetup.check(revision, asked, given.toString());
            }
            return STUDIES;
        }

        @Override
        public StudyFileContents absent() {
            return NOTHING;
        }

        @Override
        public StudyFileContents unread() {
            return STUDIES;
        }

        private static String revision(Connection conn) throws SQLException {
            try (Statement st = conn.createStatement();
                    ResultSet rs = st.executeQuery("SELECT version_num FROM alembic_version")) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
