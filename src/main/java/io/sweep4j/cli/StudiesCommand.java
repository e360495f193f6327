package io.sweep4j.cli;

import io.sweep4j.store.Storage;
import io.sweep4j.store.StorageUrl;
import io.sweep4j.store.StudyInfo;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.History;
import io.sweep4j.trial.TrialState;
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
    @Parameters(index = "0", paramLabel = "STORAGE", description = {"the storage: a SQLite file, sqlite:///abs/x.db or",
        "postgresql://user@host:5432/db"})
    String db;

    @Mixin
    TableFormat format;

    @Override
    public Integer call() {
        OutputFormat out = format.get();
        try (Storage storage = Storage.open(StorageUrl.parse(db), Storage.Access.READ_ONLY)) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (StudyInfo s : storage.studies()) {
                History h = storage.history(s.studyId());
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("study", s.name());
                // every objective's direction: a multi-objective study is shown as one, never as its first objective
                r.put("direction", String.join(",", s.directions().stream()
                        .map(d -> d.name().toLowerCase(Locale.ROOT)).toList()));
                r.put("metric", s.isMultiObjective() ? String.join(",", s.objectiveNames()) : s.metric());
                r.put("trials", h.trials().size());
                for (TrialState st : List.of(TrialState.COMPLETE, TrialState.PRUNED, TrialState.FAIL,
                        TrialState.RUNNING)) {
                    r.put(st.name().toLowerCase(Locale.ROOT), h.inState(st).size());
                }
                FrozenTrial best = s.isMultiObjective() ? null : h.best().orElse(null);
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
