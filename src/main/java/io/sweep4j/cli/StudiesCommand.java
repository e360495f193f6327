package io.sweep4j.cli;

import io.sweep4j.store.SqliteStorage;
import io.sweep4j.store.StudyInfo;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.History;
import io.sweep4j.trial.TrialState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code sweep studies DB}: the studies a file holds, with counts by state and the best value. */
@Command(name = "studies", mixinStandardHelpOptions = true, description = "List the studies in a database.")
final class StudiesCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DB", description = "the study database (SQLite file)")
    Path db;

    @Mixin
    TableFormat format;

    @Override
    public Integer call() {
        OutputFormat out = format.get();
        try (SqliteStorage storage = SqliteStorage.openReadOnly(db)) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (StudyInfo s : storage.studies()) {
                History h = storage.history(s.studyId());
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("study", s.name());
                r.put("direction", s.direction().name().toLowerCase(Locale.ROOT));
                r.put("metric", s.metric());
                r.put("trials", h.trials().size());
                for (TrialState st : List.of(TrialState.COMPLETE, TrialState.PRUNED, TrialState.FAIL,
                        TrialState.RUNNING)) {
                    r.put(st.name().toLowerCase(Locale.ROOT), h.inState(st).size());
                }
                FrozenTrial best = h.best().orElse(null);
                r.put("best", best == null ? null : best.value());
                r.put("best_trial", best == null ? null : best.number());
                rows.add(r);
            }
            List<String> columns = List.of("study", "direction", "metric", "trials", "complete", "pruned", "fail",
                    "running", "best", "best_trial");
            System.out.print(out.render(rows, columns));
        }
        return 0;
    }
}
