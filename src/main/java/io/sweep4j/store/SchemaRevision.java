package io.sweep4j.store;

import io.sweep4j.space.UsageException;
import java.util.Arrays;

/**
 * Optuna's alembic revisions sweep4j reads and writes. Each Optuna accepts exactly its own: 3.1 wants
 * {@code v3.0.0.d}; 3.2 to 5.0 want {@code v3.2.0.a}, which adds the index {@code ix_trials_study_id}.
 */
public enum SchemaRevision {
    /** Optuna 3.0 and 3.1 (Debian bookworm's python3-optuna), and sweep4j's files before 2026-11-30. */
    V3_0_0_D("v3.0.0.d", "3.1.0"),
    /** Optuna 3.2 to 5.0: the default for new storages. */
    V3_2_0_A("v3.2.0.a", "4.9.0");

    /** The revision new storages are created at. */
    public static final SchemaRevision DEFAULT = V3_2_0_A;
    /** Optuna's {@code version_info.schema_version}, the same for both revisions. */
    static final int SCHEMA_VERSION = 12;

    private final String alembic;
    private final String libraryVersion;

    SchemaRevision(String alembic, String libraryVersion) {
        this.alembic = alembic;
        this.libraryVersion = libraryVersion;
    }

    /** The alembic revision id, as stored in {@code alembic_version}. */
    public String alembic() {
        return alembic;
    }

    /** The Optuna version whose tables these are, written to {@code version_info.library_version}. */
    String libraryVersion() {
        return libraryVersion;
    }

    /** The revision named {@code id} ({@code v3.0.0.d} or {@code v3.2.0.a}), refused naming the choices. */
    public static SchemaRevision parse(String field, String id) {
        return Arrays.stream(values()).filter(r -> r.alembic.equals(id)).findFirst().orElseThrow(() ->
                new UsageException(field, id, "sweep4j writes v3.2.0.a (Optuna 3.2 to 5.0, the default) or"
                        + " v3.0.0.d (Optuna 3.1); give one of those"));
    }

    @Override
    public String toString() {
        return alembic;
    }
}
