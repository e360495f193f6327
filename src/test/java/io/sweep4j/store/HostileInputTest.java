package io.sweep4j.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep4j.sampler.Samplers;
import io.sweep4j.space.UsageException;
import io.sweep4j.study.Budget;
import io.sweep4j.study.Study;
import io.sweep4j.study.StudyResult;
import io.sweep4j.trial.Direction;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile names and hostile files: each is refused with a {@link UsageException} (exit 2 in the CLI) that names
 * the field, the value and the fix, and leaves the database as it was; names that are merely odd are stored
 * verbatim. Datasets with a wrong magic number or truncated are the data package's (IdxCodecTest,
 * DatasetLoaderTest).
 */
class HostileInputTest {
    private static final String SQL_NAME = "x'); DROP TABLE trials; --";
    private static final String QUOTED = "a \"quoted\" 'name'; with; semicolons";
    private static final String UNICODE = "名前 🚀 مرحبا \u202Eevil\u202C e\u0301";

    @TempDir
    Path dir;

    private Study study(Path db, String name, String param, int trials) {
        return Study.named(name).storage(db)
                .space(s -> s.floatRange(param, 0, 1).choice("c; DROP TABLE studies", "it's", "\"q\"", "💥"))
                .sampler(Samplers.random(5))
                .objective(t -> t.getDouble(param))
                .minimize("loss").parallelism(1).budget(Budget.trials(trials));
    }

    @Test
    void namesWithQuotesSqlAndUnicodeAreStoredVerbatimAndFoundAgain() throws Exception {
        Path db = dir.resolve("names.db");
        String maxLength = "n".repeat(Names.MAX_LENGTH);
        List<String> names = List.of(SQL_NAME, QUOTED, UNICODE, maxLength);
        for (String name : names) {
            study(db, name, name, 2).optimize();
            StudyResult again = study(db, name, name, 3).optimize();
            assertEquals(1, again.trialsRunHere(), "the second run must resume \"" + name + "\", not start over");
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            List<String> stored = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT study_name FROM studies ORDER BY study_id")) {
                while (rs.next()) {
                    stored.add(rs.getString(1));
                }
            }
            assertEquals(names, stored);
            try (ResultSet rs = st.executeQuery("SELECT count(DISTINCT param_name), count(*) FROM trial_params")) {
                rs.next();
                assertEquals(names.size() + 1, rs.getInt(1));
                assertEquals(names.size() * 3 * 2, rs.getInt(2));
            }
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM trials")) {
                rs.next();
                assertEquals(names.size() * 3, rs.getInt(1), "every table is still there");
            }
        }
    }

    @Test
    void aStudyNameOf10000CharactersIsRefusedAndTheFileIsUnchanged() throws Exception {
        Path db = dir.resolve("long.db");
        study(db, "ok", "x", 2).optimize();
        byte[] before = Files.readAllBytes(db);
        String huge = "s".repeat(10_000);
        UsageException e = assertThrows(UsageException.class, () -> study(db, huge, "x", 2).optimize());
        assertTrue(e.getMessage().contains("512") && e.getMessage().startsWith("study name"), e.getMessage());
        try (SqliteStorage s = SqliteStorage.open(db)) {
            UsageException direct = assertThrows(UsageException.class,
                    () -> s.createStudy(huge, Direction.MINIMIZE, Map.of()));
            assertTrue(direct.getMessage().contains("10000 characters"), direct.getMessage());
            assertEquals(1, s.studies().size());
        }
        assertArrayEquals(before, Files.readAllBytes(db));
    }

    @Test
    void aParameterNameOf10000CharactersIsRefusedBeforeTheFileIsTouched() throws Exception {
        Path db = dir.resolve("param.db");
        study(db, "ok", "x", 2).optimize();
        byte[] before = Files.readAllBytes(db);
        UsageException e = assertThrows(UsageException.class,
                () -> study(db, "other", "p".repeat(10_000), 2).optimize());
        assertTrue(e.getMessage().startsWith("parameter name") && e.getMessage().contains("VARCHAR(512)"),
                e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(db));
        assertTrue(Files.notExists(dir.resolve("param.db-wal")), "the file was not even opened");
    }

    @Test
    void namesSqliteCannotRoundTripAreRefused() {
        Path db = dir.resolve("nul.db");
        UsageException nul = assertThrows(UsageException.class, () -> study(db, "a\0b", "x", 1).optimize());
        assertTrue(nul.getMessage().contains("NUL"), nul.getMessage());
        UsageException surrogate = assertThrows(UsageException.class,
                () -> study(db, "ok", "x\uD800", 1).optimize());
        assertTrue(surrogate.getMessage().contains("surrogate"), surrogate.getMessage());
        assertTrue(Files.notExists(db));
    }

    @Test
    void anAttributeKeyLongerThan512IsRefusedAndNothingIsWritten() throws Exception {
        Path db = dir.resolve("attr.db");
        study(db, "s", "x", 1).optimize();
        try (SqliteStorage s = SqliteStorage.open(db)) {
            long trialId = s.history(s.findStudy("s").orElseThrow().studyId()).trials().get(0).trialId();
            UsageException e = assertThrows(UsageException.class,
                    () -> s.setTrialUserAttribute(trialId, "k".repeat(600), 1));
            assertTrue(e.getMessage().startsWith("attribute key"), e.getMessage());
            s.setTrialUserAttribute(trialId, SQL_NAME, "'; DELETE FROM trials; --");
            assertEquals("'; DELETE FROM trials; --", s.trial(trialId).userAttributes().get(SQL_NAME));
        }
    }

    @Test
    void aFileThatIsNotSqliteIsRefusedUntouched() throws Exception {
        Path db = dir.resolve("notes.db");
        Files.writeString(db, "my precious notes, not a database\n".repeat(100));
        byte[] before = Files.readAllBytes(db);
        UsageException e = assertThrows(UsageException.class, () -> study(db, "s", "x", 1).optimize());
        assertTrue(e.getMessage().contains("not a SQLite database"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(db));
        assertTrue(Files.notExists(dir.resolve("notes.db-wal")));
    }

    @Test
    void aRealStudyFileCutInHalfIsRefusedUntouched() throws Exception {
        Path db = dir.resolve("cut.db");
        study(db, "s", "x", 300).optimize();
        long size = Files.size(db);
        assertTrue(size > 8 * 4096, "the study should span many pages: " + size);
        try (RandomAccessFile f = new RandomAccessFile(db.toFile(), "rw")) {
            f.setLength(size / 2);
        }
        byte[] before = Files.readAllBytes(db);
        UsageException e = assertThrows(UsageException.class, () -> study(db, "s", "x", 301).optimize());
        assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains("restore it"), e.getMessage());
        assertThrows(UsageException.class, () -> SqliteStorage.openReadOnly(db).close());
        assertArrayEquals(before, Files.readAllBytes(db));
    }

    @Test
    void aDirectoryIsRefusedWithAFilePathToUse() {
        UsageException e = assertThrows(UsageException.class, () -> study(dir, "s", "x", 1).optimize());
        assertTrue(e.getMessage().contains("directory") && e.getMessage().contains("study.db"), e.getMessage());
    }

    @Test
    void anotherApplicationsSqliteFileIsRefusedUntouched() throws Exception {
        Path db = dir.resolve("app.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)");
            st.execute("INSERT INTO customers (name) VALUES ('Ada')");
        }
        byte[] before = Files.readAllBytes(db);
        UsageException e = assertThrows(UsageException.class, () -> study(db, "s", "x", 1).optimize());
        assertTrue(e.getMessage().contains("customers"), e.getMessage());
        // not even switched to WAL: the header (bytes 18-19) says so
        assertArrayEquals(before, Files.readAllBytes(db));
    }

    @Test
    void aReadOnlyFileOrDirectoryIsRefusedUntouched() throws Exception {
        Path db = dir.resolve("ro.db");
        study(db, "s", "x", 3).optimize();
        byte[] before = Files.readAllBytes(db);
        Path roDir = dir.resolve("rodir");
        Files.createDirectory(roDir);
        Path inRoDir = roDir.resolve("s.db");
        Files.copy(db, inRoDir);
        if (isRoot()) {
            // root writes through any permission bit, so the user who meets these files is simulated by an
            // unprivileged child JVM (setpriv to nobody): file 0444, and a file 0666 in a directory 0555
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("r--r--r--"));
            Files.setPosixFilePermissions(inRoDir, PosixFilePermissions.fromString("rw-rw-rw-"));
            Files.setPosixFilePermissions(roDir, PosixFilePermissions.fromString("r-xr-xr-x"));
            for (Path p : List.of(db, inRoDir)) {
                String out = probeAsNobody(p);
                assertTrue(out.startsWith("USAGE storage = ") && out.contains("read-only"), out);
            }
        } else {
            Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("r--r--r--"));
            Files.setPosixFilePermissions(roDir, PosixFilePermissions.fromString("r-xr-xr-x"));
            for (Path p : List.of(db, inRoDir)) {
                UsageException e = assertThrows(UsageException.class, () -> SqliteStorage.open(p));
                assertTrue(e.getMessage().contains("read-only"), e.getMessage());
            }
        }
        assertArrayEquals(before, Files.readAllBytes(db));
        assertArrayEquals(before, Files.readAllBytes(inRoDir));
        Files.setPosixFilePermissions(roDir, PosixFilePermissions.fromString("rwx------"));
    }

    @Test
    void aWalFileNobodyMayWriteIsReadWithoutAddingFilesBesideIt() throws Exception {
        // a plain read-only connection would create -wal and -shm in the writable directory and leave them there
        Path walDir = Files.createDirectory(dir.resolve("waldir"));
        Path db = walDir.resolve("w.db");
        study(db, "s", "x", 3).optimize();
        assertEquals(2, Files.readAllBytes(db)[18], "a WAL-mode file");
        Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("r--r--r--"));
        Files.setPosixFilePermissions(walDir, PosixFilePermissions.fromString("rwxrwxrwx"));
        FileSnapshot before = FileSnapshot.of(walDir);
        if (isRoot()) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            assertEquals("READ 1", probeAsNobody(db, 0, "read"));
        } else {
            try (SqliteStorage s = SqliteStorage.openReadOnly(db)) {
                assertEquals(1, s.studies().size());
            }
        }
        before.assertUnchanged("reading a WAL file nobody may write");
    }

    private static boolean isRoot() throws IOException {
        return "0".equals(new String(new ProcessBuilder("id", "-u").start().getInputStream().readAllBytes()).trim());
    }

    /** Runs {@link ReadOnlyProbe} as user nobody; the jars it needs are copied where nobody can read them. */
    private String probeAsNobody(Path db) throws Exception {
        return probeAsNobody(db, 2);
    }

    private String probeAsNobody(Path db, int expectedExit, String... mode) throws Exception {
        Path cp = dir.resolve("cp");
        Files.createDirectories(cp);
        List<String> entries = new ArrayList<>();
        for (Class<?> c : List.of(SqliteStorage.class, ReadOnlyProbe.class, org.sqlite.JDBC.class,
                com.fasterxml.jackson.databind.ObjectMapper.class, com.fasterxml.jackson.core.JsonFactory.class,
                com.fasterxml.jackson.annotation.JsonProperty.class, org.slf4j.LoggerFactory.class,
                org.slf4j.simple.SimpleLogger.class)) {
            Path from = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
            // copies, not the originals: the checkout may sit in a directory only root can enter (mktemp -d)
            Path to = cp.resolve(Files.isDirectory(from) ? from.getParent().getFileName() + "-" + from.getFileName()
                    : from.getFileName().toString());
            if (Files.notExists(to)) {
                copyTree(from, to);
            }
            if (!entries.contains(to.toString())) {
                entries.add(to.toString());
            }
        }
        try (var all = Files.walk(cp)) {
            for (Path q : all.toList()) {
                Files.setPosixFilePermissions(q, PosixFilePermissions.fromString(Files.isDirectory(q) ? "rwxr-xr-x"
                        : "rw-r--r--"));
            }
        }
        Process p = new ProcessBuilder("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
                "-cp", String.join(":", entries), ReadOnlyProbe.class.getName(), db.toString(),
                String.join(" ", mode)).redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes()).trim();
        assertEquals(expectedExit, p.exitValue(), out);
        return out.lines().filter(l -> l.startsWith("USAGE") || l.startsWith("OPENED") || l.startsWith("READ"))
                .findFirst().orElse(out);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var all = Files.walk(from)) {
            for (Path q : all.toList()) {
                Path target = to.resolve(from.relativize(q).toString());
                if (Files.isDirectory(q)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(q, target);
                }
            }
        }
    }
}
