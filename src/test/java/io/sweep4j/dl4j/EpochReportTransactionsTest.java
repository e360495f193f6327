package io.sweep4j.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep4j.prune.Pruners;
import io.sweep4j.study.Budget;
import io.sweep4j.study.Study;
import io.sweep4j.study.StudyResult;
import io.sweep4j.trial.Attributes;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.TrialState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One epoch of a real training is stored in one transaction (value, metrics, throughput, the pruner's rung),
 * counted as SQLite records them: by the commit frames in the study's write-ahead log.
 */
class EpochReportTransactionsTest {
    @TempDir
    Path dir;

    @Test
    void eachEpochIsOneTransactionWithItsValueMetricsThroughputAndRung() {
        Path db = dir.resolve("epochs.db");
        Path wal = Path.of(db + "-wal");
        List<Integer> commitsAfterEpoch = new CopyOnWriteArrayList<>();
        TrainingLoopObjective objective = Dl4j.classifier(MiniData.SMALL).mlp(16).maxEpochs(5).patience(0)
                .afterEpochReported(epoch -> commitsAfterEpoch.add(commits(wal)));
        // a heartbeat far apart: the only writes between two epochs are the epoch's own
        StudyResult r = Study.named("epochs").storage(db).space(Dl4j.space(s -> s.choice("lr", 3e-3)))
                .objective(objective).maximize("val_accuracy").pruner(Pruners.asha(1, 2))
                .heartbeat(Duration.ofHours(1)).parallelism(1).budget(Budget.trials(1)).optimize();

        FrozenTrial t = r.history().trials().get(0);
        assertEquals(TrialState.COMPLETE, t.state(), String.valueOf(t.systemAttributes()));
        List<Integer> perEpoch = new ArrayList<>();
        for (int i = 1; i < commitsAfterEpoch.size(); i++) {
            perEpoch.add(commitsAfterEpoch.get(i) - commitsAfterEpoch.get(i - 1));
        }
        assertEquals(List.of(1, 1, 1, 1), perEpoch, "transactions of epochs 1 to 4, each counted from the last");
        // what those single transactions carried: every epoch's value and metrics, the throughput, ASHA's rungs
        // (completed at epochs 1, 2 and 4 as Optuna's rule places them)
        assertEquals(5, t.intermediateValues().size());
        for (int epoch = 0; epoch < 5; epoch++) {
            Object metrics = t.systemAttributes().get(Attributes.PREFIX + "metrics:" + epoch);
            assertTrue(metrics instanceof java.util.Map<?, ?> m && m.containsKey("val_accuracy"), "epoch " + epoch);
        }
        assertTrue(t.userAttributes().get("train_samples_per_s") instanceof Number n && n.doubleValue() > 0);
        int[] rungEpochs = {1, 2, 4};
        for (int rung = 0; rung < 3; rung++) {
            assertEquals(t.intermediateValues().get(rungEpochs[rung]),
                    t.systemAttributes().get(Attributes.COMPLETED_RUNG + rung), "rung " + rung);
        }
    }

    /**
     * Transactions committed to the log since it was last reset: frames whose header marks a commit (the database's
     * size after it, non-zero) and carries the log's current salts (frames of an earlier generation do not).
     */
    private static int commits(Path wal) {
        try {
            ByteBuffer log = ByteBuffer.wrap(Files.readAllBytes(wal));
            int pageSize = log.getInt(8);
            int salt1 = log.getInt(16);
            int salt2 = log.getInt(20);
            int commits = 0;
            for (int frame = 32; frame + 24 + pageSize <= log.limit(); frame += 24 + pageSize) {
                if (log.getInt(frame + 8) != salt1 || log.getInt(frame + 12) != salt2) {
                    break;
                }
                if (log.getInt(frame + 4) != 0) {
                    commits++;
                }
            }
            return commits;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
