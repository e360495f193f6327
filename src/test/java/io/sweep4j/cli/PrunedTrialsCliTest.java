package io.sweep4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep4j.prune.PruningChild;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sweep trials} says where and by which rule each pruned trial was stopped. */
class PrunedTrialsCliTest {
    @TempDir
    Path dir;

    @Test
    void trialsShowsThePruningStepAndRule() {
        Path db = dir.resolve("p.db");
        PruningChild.study(db, "hb", "hyperband", 16, 1, 0).optimize();
        CliRun r = CliRun.of("trials", db.toString(), "--state", "pruned", "--format", "csv");
        assertEquals(0, r.exit(), r.err());
        String[] lines = r.out().strip().split("\n");
        assertTrue(lines.length > 3, r.out());
        for (int i = 1; i < lines.length; i++) {
            assertTrue(lines[i].matches(".*pruned at step \\d+ by hyperband bracket \\d rung \\d.*"), lines[i]);
        }
    }
}
