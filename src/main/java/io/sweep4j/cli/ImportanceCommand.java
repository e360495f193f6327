package io.sweep4j.cli;

import io.sweep4j.report.Basis;
import io.sweep4j.report.Importance;
import io.sweep4j.report.Importances;
import io.sweep4j.report.StudyView;
import io.sweep4j.store.Storage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code sweep importance DB}: how much each parameter decides reaching the study's top 10 % (PED-ANOVA), over the
 * completed trials and, when a pruner stopped most trials early, over the deepest step enough of them reached.
 */
@Command(name = "importance", mixinStandardHelpOptions = true, description = {
    "Rank the parameters by how much they decide the best trials.",
    "PED-ANOVA, as Optuna's PedAnovaImportanceEvaluator: how much each parameter decides whether a trial reaches"
        + " the top 10 %%. The parameters every completed trial has sum to 1, most important first; a conditional"
        + " parameter (present in some trials) is judged apart, among the trials that have it. When more trials"
        + " reached a step than completed (a pruner stopped them), the same again by the metric at the deepest step"
        + " at least " + Basis.MIN_TRIALS + " trials reached. Column judged_over says which."})
final class ImportanceCommand implements Callable<Integer> {
    @Mixin
    StudyQuery query;

    @Mixin
    TableFormat format;

    @Override
    public Integer call() {
        OutputFormat out = format.get();
        try (Storage storage = query.open()) {
            StudyView study = StudyQuery.view(storage, query.resolve(storage)
                    .requireSingleObjective(storage.location(), "sweep importance"));
            List<Importances> views = new ArrayList<>();
            Importances completed = Importance.of(study);
            if (!completed.isEmpty()) {
                views.add(completed);
            }
            Basis.deepestStep(study).map(b -> Importance.of(study, b)).filter(i -> !i.isEmpty()).ifPresent(views::add);
            if (views.isEmpty()) {
                System.err.println("study \"" + study.name() + "\" needs at least 3 completed trials, or "
                        + Basis.MIN_TRIALS + " that reported the same step, for importance");
                return 1;
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Importances v : views) {
                String over = v.basis().label();
                for (var e : v.ranked()) {
                    rows.add(row(e.getKey(), e.getValue(), over));
                }
                v.conditional().entrySet().stream().sorted((a, b) -> Double.compare(b.getValue().importance(),
                        a.getValue().importance())).forEach(e -> rows.add(row(e.getKey(), e.getValue().importance(),
                        v.basis().step().isPresent() ? "at step " + v.basis().step().getAsInt() + ", "
                                + e.getValue().label() : e.getValue().label())));
            }
            System.out.print(out.render(rows, List.of("parameter", "importance", "judged_over")));
        }
        return 0;
    }

    private static Map<String, Object> row(String parameter, double importance, String over) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("parameter", parameter);
        r.put("importance", importance);
        r.put("judged_over", over);
        return r;
    }
}
