package io.sweep4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sweep dashboard}'s refusals: the same message as every read command, and a warning before exposing a study. */
class DashboardCliTest {
    @TempDir
    Path tmp;

    @Test
    void aFileItCannotReadGetsTheMessageEveryCommandGivesAndStaysUntouched() throws Exception {
        Path notes = tmp.resolve("notes.db");
        Files.writeString(notes, "not a database, a note\n");
        byte[] before = Files.readAllBytes(notes);
        for (Path file : java.util.List.of(notes, tmp.resolve("missing.db"))) {
            CliRun studies = CliRun.of("studies", file.toString());
            CliRun dashboard = CliRun.of("dashboard", file.toString(), "--port", "0");
            assertNotEquals(0, dashboard.exit(), dashboard.err());
            assertEquals(studies.exit(), dashboard.exit());
            assertEquals(studies.err(), dashboard.err());
            assertEquals("", dashboard.out());
        }
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(notes)), "not a byte written");
        assertEquals(java.util.List.of(notes), Files.list(tmp).toList(), "nothing created");
    }

    @Test
    void listeningBeyondThisMachineIsWarnedAboutAndATakenPortIsAUsageError() throws Exception {
        Path db = tmp.resolve("s.db");
        io.sweep4j.study.Study.named("s").storage(db).minimize("loss").space(s -> s.floatRange("x", 0, 1))
                .budget(io.sweep4j.study.Budget.trials(1)).objective(t -> t.getDouble("x")).optimize();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("0.0.0.0"))) {
            CliRun r = CliRun.of("dashboard", db.toString(), "--host", "0.0.0.0", "--port",
                    Integer.toString(taken.getLocalPort()));
            assertTrue(r.err().contains("warning: --host 0.0.0.0 serves the dashboard beyond this machine: anyone who"
                    + " can reach it on the network can read every study in"), r.err());
            assertEquals(2, r.exit(), r.err());
            assertTrue(r.err().contains("--port"), r.err());
        }
    }
}
