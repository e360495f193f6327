package io.sweep4j.resume;

import io.sweep4j.space.UsageException;
import io.sweep4j.store.SqliteStorage;
import io.sweep4j.store.StudyBackup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What users' copies of a running study hold (issue 14): a child process writes a study while this one copies the
 * {@code .db} and, {@code gap} ms later, its {@code -wal}, as {@code cp} or {@code scp} of both would; each pair is
 * then judged by SQLite's quick_check and integrity_check and by opening it as sweep4j does; then
 * {@code sweep backup} is taken as often while the study runs. Run (after {@code mvn test-compile}):
 * {@code java -cp target/test-classes:target/classes:$(cat target/classpath.txt)
 * io.sweep4j.resume.TornCopyExperiment [COPIES (100)] [GAP_MS (5)]}.
 */
public final class TornCopyExperiment {
    private TornCopyExperiment() {
    }

    public static void main(String[] args) throws Exception {
        int copies = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int gap = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path work = Files.createTempDirectory("sweep4j-torn");
        Path db = work.resolve("s.db");
        ChildJvm writer = ChildJvm.start(work, "writer", List.of(), db.toString(), "s", "fast", "1000000", "2");
        try {
            while (!writer.stderr().contains(" COMPLETE ")) {
                Thread.sleep(20);
            }
            int quickBad = 0;
            int integrityBad = 0;
            int refused = 0;
            int disagree = 0;
            for (int i = 0; i < copies; i++) {
                Path copy = Files.createDirectories(work.resolve("copy" + i)).resolve("s.db");
                Files.copy(db, copy);
                Thread.sleep(gap);
                Files.copy(Path.of(db + "-wal"), Path.of(copy + "-wal"));
                boolean quick = !pragma(copy, "quick_check").equals("ok");
                boolean integrity = !pragma(copy, "integrity_check").equals("ok");
                quickBad += quick ? 1 : 0;
                integrityBad += integrity ? 1 : 0;
                disagree += quick != integrity ? 1 : 0;
                try (SqliteStorage s = SqliteStorage.openReadOnly(copy)) {
                    s.studies();
                } catch (UsageException e) {
                    refused += e.getMessage().contains("damaged") ? 1 : 0;
                }
            }
            System.out.printf(Locale.ROOT, "copies (.db, then -wal %d ms later): %d; damaged by quick_check: %d,"
                    + " by integrity_check: %d, the two disagree: %d; refused as damaged at open: %d%n", gap, copies,
                    quickBad, integrityBad, disagree, refused);
            int backups = Math.max(1, copies / 10);
            int complete = 0;
            for (int i = 0; i < backups; i++) {
                Path out = work.resolve("backup" + i + ".db");
                StudyBackup.Summary s = StudyBackup.backup(db, out);
                boolean alone = !Files.exists(Path.of(out + "-wal")); // before reading it: a reader may add one
                complete += alone && pragma(out, "integrity_check").equals("ok") && s.trials() > 0 ? 1 : 0;
            }
            System.out.printf(Locale.ROOT, "sweep backup while the study runs: %d of %d complete (integrity_check ok,"
                    + " one file, trials > 0)%n", complete, backups);
        } finally {
            writer.process().destroyForcibly().waitFor();
            io.sweep4j.store.file.UserTempDir.delete(work);
        }
    }

    private static String pragma(Path db, String pragma) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + db + "?mode=ro");
                Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA " + pragma)) {
            List<String> lines = new ArrayList<>();
            while (rs.next()) {
                lines.add(rs.getString(1));
            }
            return String.join("; ", lines);
        } catch (SQLException e) {
            return e.getMessage();
        }
    }
}
