package io.sweep4j.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep4j.space.UsageException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How a storage argument is read: a path, sqlite:///, postgresql:// or memory:, and the mistakes refused. */
class StorageUrlTest {

    @Test
    void memoryAloneIsANewStorageAndMemoryNameIsSharedByName() {
        assertEquals(new StorageUrl.Memory(""), StorageUrl.parse("memory:"));
        assertEquals(new StorageUrl.Memory("notebook 1"), StorageUrl.parse("memory:notebook 1"));
        assertEquals("memory:notebook 1", StorageUrl.parse("memory:notebook 1").toString());
        assertEquals(Optional.empty(), StorageUrl.parse("memory:x").asked());

        try (Storage a = Storage.open("memory:"); Storage b = Storage.open("memory:")) {
            a.createStudy("s", io.sweep4j.trial.Direction.MINIMIZE, java.util.Map.of());
            assertTrue(b.studies().isEmpty(), "memory: alone is a new storage each time it is opened");
        }
        String name = "memory:url-test-" + System.nanoTime();
        try (Storage a = Storage.open(name); Storage b = Storage.open(name)) {
            a.createStudy("s", io.sweep4j.trial.Direction.MINIMIZE, java.util.Map.of());
            assertEquals(1, b.studies().size(), "memory:NAME is one storage for every opening in this JVM");
            assertEquals(name, b.location());
        }
    }

    @Test
    void pathsAndUrlsKeepTheirMeaning() {
        assertEquals(new StorageUrl.Sqlite(Path.of("results/x.db"), Optional.empty()),
                StorageUrl.parse("results/x.db"));
        assertEquals(new StorageUrl.Sqlite(Path.of("memory"), Optional.empty()), StorageUrl.parse("memory"),
                "a file named memory (no colon) is a file");
        assertEquals(new StorageUrl.Sqlite(Path.of("/abs/x.db"), Optional.of(SchemaRevision.V3_0_0_D)),
                StorageUrl.parse("sqlite:////abs/x.db?revision=v3.0.0.d"));
        StorageUrl pg = StorageUrl.parse("postgresql+psycopg2://me:pw@db.example:5433/optuna");
        assertEquals(new StorageUrl.Postgres("db.example", 5433, "optuna", "me", Optional.of("pw"), Optional.empty()),
                pg);
        assertEquals("postgresql://me:***@db.example:5433/optuna", pg.toString());
    }

    @Test
    void memoryMistakesAreRefusedNamingTheFix() {
        UsageException slashes = assertThrows(UsageException.class, () -> StorageUrl.parse("memory://x"));
        assertTrue(slashes.getMessage().contains("memory: (a new one) or memory:NAME"), slashes.getMessage());
        UsageException query = assertThrows(UsageException.class,
                () -> StorageUrl.parse("memory:x?revision=v3.0.0.d"));
        assertTrue(query.getMessage().contains("a memory storage has no schema revision"), query.getMessage());
        UsageException asked = assertThrows(UsageException.class,
                () -> StorageUrl.parse("memory:", SchemaRevision.V3_0_0_D));
        assertTrue(asked.getMessage().contains("drop ?revision= / schemaRevision(...)"), asked.getMessage());
        UsageException scheme = assertThrows(UsageException.class, () -> StorageUrl.parse("mem://x"));
        assertTrue(scheme.getMessage().contains("memory:, memory:NAME"), scheme.getMessage());
    }

    @Test
    void aMemoryStorageIsNeverOpenedReadOnlyNorUpgraded() {
        UsageException read = assertThrows(UsageException.class,
                () -> Storage.open(StorageUrl.parse("memory:x"), Storage.Access.READ_ONLY));
        assertTrue(read.getMessage().startsWith("storage = \"memory:x\": a memory storage lives only in the process"),
                read.getMessage());
        UsageException upgrade = assertThrows(UsageException.class,
                () -> JdbcStorage.upgrade(StorageUrl.parse("memory:x"), SchemaRevision.V3_2_0_A));
        assertTrue(upgrade.getMessage().contains("has no schema to read or upgrade"), upgrade.getMessage());
    }
}
