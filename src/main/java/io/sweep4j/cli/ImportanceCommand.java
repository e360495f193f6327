package io.sweep4j.cli;

import io.sweep4j.report.Importance;
import io.sweep4j.report.StudyView;
import io.sweep4j.store.Storage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code sweep importance DB}: how much each parameter decides reaching the study's top 10 % (PED-ANOVA). */
@Command(name = "importance", mixinStandardHelpOptions = true, description = {
    "Rank the parameters by how much they decide the best trials.",
    "PED-ANOVA, as Optuna's PedAnovaImportanceEvaluator: how much each parameter decides whether a completed"
        + " trial reaches the top 10 %%; the importances sum to 1, most important first."})
final class ImportanceCommand implements Callable<Integer> {
    @Mixin
    StudyQuery query;

    @Mixin
    TableFormat format;

    @Override
    public Integer call() {
        OutputFormat out = format.get();
        try (Storage storage = query.open()) {
            StudyView study = query.view(storage);
            Map<String, Double> importance = Importance.of(study);
            if (importance.isEmpty()) {
                System.err.println("study \"" + study.name() + "\" needs at least 3 completed trials for importance");
                return 1;
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            for (var e : Importance.ranked(importance)) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("parameter", e.getKey());
                r.put("importance", e.getValue());
                rows.add(r);
            }
            System.out.print(out.render(rows, List.of("parameter", "importance")));
        }
        return 0;
    }
}
