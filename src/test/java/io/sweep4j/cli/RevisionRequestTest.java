package io.sweep4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep4j.sampler.Samplers;
import io.sweep4j.space.UsageException;
import io.sweep4j.store.FileSnapshot;
import io.sweep4j.store.SchemaRevision;
import io.sweep4j.study.Budget;
import io.sweep4j.study.Study;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A schema revision asked for after a plain path ({@code x.db?revision=v3.0.0.d}, as after {@code sqlite:///}) is
 * read, never made part of a file name; an existing file at another revision than the asked one is refused, exit 2,
 * untouched, saying which revision it has and how to upgrade.
 */
class RevisionRequestTest {
    @TempDir
    Path dir;

    private static Study quadratic(String storage) {
        return Study.named("q").storage(storage).space(s -> s.floatRange("x", 0, 1)).sampler(Samplers.random(1))
                .objective(t -> t.getDouble("x")).minimize("loss").budget(Budget.trials(2));
    }

    private static SchemaRevision revisionOf(Path db) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT version_num FROM alembic_version")) {
            assertTrue(rs.next(), "alembic_version has a row");
            return SchemaRevision.parse("alembic_version", rs.getString(1));
        }
    }

    private List<String> files() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aRevisionAfterAPlainPathIsReadAndNeverPartOfTheFileName() throws Exception {
        Path study = CliRun.tinyStudyFile(dir, 2);
        Path db = dir.resolve("x.db");
        CliRun r = CliRun.of("run", study.toString(), "--storage", db + "?revision=v3.0.0.d");
        assertEquals(0, r.exit(), r.err());
        assertEquals(List.of("Q.java", "x.db"), files(), "no file named x.db?revision=...");
        assertEquals(SchemaRevision.V3_0_0_D, revisionOf(db));

        quadratic(dir.resolve("api.db") + "?revision=v3.0.0.d").optimize();
        assertEquals(SchemaRevision.V3_0_0_D, revisionOf(dir.resolve("api.db")));
        assertFalse(files().stream().anyMatch(f -> f.contains("?")), files().toString());

        CliRun unknown = CliRun.of("studies", db + "?revison=v3.0.0.d");
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().contains("unknown option \"revison\""), unknown.err());
    }

    @Test
    void askingAnExistingFileForAnotherRevisionIsRefusedUntouched() throws Exception {
        Path old = dir.resolve("old.db");
        quadratic(old + "?revision=v3.0.0.d").optimize();
        Path fresh = dir.resolve("new.db");
        quadratic(fresh.toString()).optimize();
        FileSnapshot before = FileSnapshot.of(dir);

        UsageException e = assertThrows(UsageException.class, () -> quadratic(old.toString())
                .schemaRevision("v3.2.0.a").optimize());
        assertTrue(e.getMessage().contains("it is at schema revision v3.0.0.d, not the v3.2.0.a asked for"),
                e.getMessage());
        assertTrue(e.getMessage().contains("sweep upgrade " + old), e.getMessage());
        UsageException back = assertThrows(UsageException.class, () -> quadratic(fresh + "?revision=v3.0.0.d")
                .optimize());
        assertTrue(back.getMessage().contains("it is at schema revision v3.2.0.a, not the v3.0.0.d asked for"),
                back.getMessage());
        assertTrue(back.getMessage().contains("create a new storage"), back.getMessage());
        for (String cmd : new String[] {"trials", "studies", "upgrade"}) {
            CliRun r = CliRun.of(cmd, old + "?revision=v3.2.0.a");
            assertEquals(2, r.exit(), cmd + ": " + r.out() + r.err());
            assertTrue(r.err().contains("is at schema revision v3.0.0.d"), r.err());
        }
        before.assertUnchanged("a request for another revision");
        assertEquals(SchemaRevision.V3_0_0_D, revisionOf(old));
    }
}
