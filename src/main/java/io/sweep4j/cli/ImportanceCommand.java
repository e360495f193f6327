package io.sweep4j.cli;

import io.sweep4j.report.Basis;
import io.sweep4j.report.Importance;
import io.sweep4j.report.Importances;
import io.sweep4j.report.StudyView;
import io.sweep4j.store.Storage;
import io.sweep4j.store.StudyInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sweep importance DB}: how much each parameter decides reaching the study's top 10 % (PED-ANOVA), over the
 * completed trials and, when a pruner stopped most trials early, over the deepest step enough of them reached; in a
 * study of several objectives, judged on each objective apart.
 */
@Command(name = "importance", mixinStandardHelpOptions = true, description = {
    "Rank the parameters by how much they decide the best trials.",
    "PED-ANOVA, as Optuna's PedAnovaImportanceEvaluator: how much each parameter decides whether a trial reaches"
        + " the top 10 %%. The parameters every completed trial has sum to 1, most important first; a conditional"
        + " parameter (present in some trials) is judged apart, among the trials that have it. When more trials"
        + " reached a step than completed (a pruner stopped them), the same again by the metric at the deepest step"
        + " at least " + Basis.MIN_TRIALS + " trials reached. Column judged_over says which.",
    "Several objectives: each judged apart over the completed trials (column objective), as Optuna evaluates one"
        + " target at a time; --objective K shows one."})
final class ImportanceCommand implements Callable<Integer> {
    @Mixin
    StudyQuery query;

    @Mixin
    TableFormat format;

    @Option(names = "--objective", paramLabel = "K",
            description = "judge by objective K alone (0 = the first; or its name); default: every objective")
    String objective;

    @Override
    public Integer call() {
        OutputFormat out = format.get();
        try (Storage storage = query.open()) {
            StudyInfo info = query.resolve(storage);
            StudyView study = StudyQuery.view(storage, info);
            ObjectiveColumns objectives = ObjectiveColumns.of(info, study.history());
            List<Integer> judged = new ArrayList<>();
            if (objective != null) {
                judged.add(objectives.parse("--objective", objective));
            } else {
                for (int k = 0; k < info.directions().size(); k++) {
                    judged.add(k);
                }
            }
            boolean several = study.isMultiObjective();
            List<Map<String, Object>> rows = new ArrayList<>();
            for (int k : judged) {
                // the intermediate values of a study of several objectives are one objective's: judged on completed
                // trials only, as the report does
                StudyView view = several ? study.objective(k) : study;
                for (Importances v : views(view, !several)) {
                    rows.addAll(rows(v, several ? objectives.names().get(k) : null));
                }
            }
            if (rows.isEmpty()) {
                System.err.println("study \"" + study.name() + "\" needs at least 3 completed trials"
                        + (several ? "" : ", or " + Basis.MIN_TRIALS + " that reported the same step,")
                        + " for importance");
                return 1;
            }
            List<String> columns = new ArrayList<>(several ? List.of("objective") : List.of());
            columns.addAll(List.of("parameter", "importance", "judged_over"));
            System.out.print(out.render(rows, columns));
        }
        return 0;
    }

    private static List<Importances> views(StudyView study, boolean atStep) {
        List<Importances> views = new ArrayList<>();
        Importances completed = Importance.of(study);
        if (!completed.isEmpty()) {
            views.add(completed);
        }
        if (atStep) {
            Basis.deepestStep(study).map(b -> Importance.of(study, b)).filter(i -> !i.isEmpty())
                    .ifPresent(views::add);
        }
        return views;
    }

    private static List<Map<String, Object>> rows(Importances v, String objective) {
        List<Map<String, Object>> rows = new ArrayList<>();
        String over = v.basis().label();
        for (var e : v.ranked()) {
            rows.add(row(objective, e.getKey(), e.getValue(), over));
        }
        v.conditional().entrySet().stream().sorted((a, b) -> Double.compare(b.getValue().importance(),
                a.getValue().importance())).forEach(e -> rows.add(row(objective, e.getKey(),
                e.getValue().importance(), v.basis().step().isPresent() ? "at step " + v.basis().step().getAsInt()
                        + ", " + e.getValue().label() : e.getValue().label())));
        return rows;
    }

    private static Map<String, Object> row(String objective, String parameter, double importance, String over) {
        Map<String, Object> r = new LinkedHashMap<>();
        if (objective != null) {
            r.put("objective", objective);
        }
        r.put("parameter", parameter);
        r.put("importance", importance);
        r.put("judged_over", over);
        return r;
    }
}
