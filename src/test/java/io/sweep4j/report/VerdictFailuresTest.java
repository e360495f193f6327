package io.sweep4j.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep4j.console.ResultSummary;
import io.sweep4j.sampler.Samplers;
import io.sweep4j.store.SqliteStorage;
import io.sweep4j.store.StudyInfo;
import io.sweep4j.study.Budget;
import io.sweep4j.study.Study;
import io.sweep4j.study.TrialFailedException;
import io.sweep4j.trial.History;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's verdict on failures: a readable kind, its count, and one whole reason with its real numbers. */
class VerdictFailuresTest {
    @TempDir
    Path tmp;

    @Test
    void failuresReadAsSentencesWithOneRealExamplePerKindAsTheEndSummaryDoes() {
        Path db = tmp.resolve("f.db");
        Study.named("f").storage(db)
                .space(s -> s.logFloat("lr", 1e-4, 1e-1))
                .sampler(Samplers.random(3))
                .objective(t -> {
                    switch (t.number()) {
                        case 1, 3 -> throw new TrialFailedException("diverged at epoch " + t.number()
                                + ", iteration 40: loss=NaN (the loss is not finite); lower the learning rate");
                        case 4 -> throw new IllegalStateException("no data at step 12");
                        default -> {
                            return t.getDouble("lr");
                        }
                    }
                })
                .maximize("val_accuracy").parallelism(1).budget(Budget.trials(6)).optimize();
        History history;
        List<String> verdict;
        try (SqliteStorage s = SqliteStorage.openReadOnly(db)) {
            StudyInfo info = s.studies().get(0);
            history = s.history(info.studyId());
            StudyView view = StudyView.of(info, history);
            verdict = Verdict.of(view, history.ranked(), Importance.of(view), Optional.empty());
        }
        String failures = verdict.get(verdict.size() - 1);
        assertEquals("3 trial(s) failed: diverged (the loss became NaN or infinite) ×2, e.g. trial 3: diverged at"
                + " epoch 3, iteration 40: loss=NaN (the loss is not finite); lower the learning rate;"
                + " IllegalStateException ×1, trial 4: IllegalStateException: no data at step 12.", failures);
        assertFalse(failures.contains("#"), "no blanked numbers: " + failures);
        // the same grouping and words as the command line's end summary
        String summary = ResultSummary.render("f", db.toString(), "val_accuracy", history, "budget trials", 6, 3);
        assertTrue(summary.contains("3 failed, by kind:\n  diverged (the loss became NaN or infinite) ×2, e.g. trial 3:"
                + " diverged at epoch 3, iteration 40: loss=NaN (the loss is not finite); lower the learning rate\n"
                + "  IllegalStateException ×1, trial 4: IllegalStateException: no data at step 12\n"), summary);
    }
}
