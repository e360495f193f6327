package io.sweep4j.cli;

import io.sweep4j.report.StudyView;
import io.sweep4j.report.TrialTable;
import io.sweep4j.space.UsageException;
import io.sweep4j.store.Storage;
import io.sweep4j.store.StudyInfo;
import io.sweep4j.trial.History;
import io.sweep4j.trial.FrozenTrial;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sweep best DB}: the best completed trials of a study, best first (NaN never wins; ties by number); of a
 * study of several objectives, its Pareto front (Optuna's best_trials), or the best by one objective.
 */
@Command(name = "best", mixinStandardHelpOptions = true, description = {"Show the best trials of a study.",
    "Several objectives: the Pareto front (the completed trials no other beats in every objective; in a constrained"
        + " study the feasible ones only), sorted by the first objective, then the next; --objective K ranks by"
        + " one objective alone.",
    "Same columns as `sweep trials`."})
final class BestCommand implements Callable<Integer> {
    @Mixin
    StudyQuery query;

    @Mixin
    TableFormat format;

    @Option(names = "--top", paramLabel = "N",
            description = "how many (default: 1; the whole front of a study of several objectives)")
    Integer top;

    @Option(names = "--objective", paramLabel = "K",
            description = {"rank by objective K alone, best first in its direction (0 = the first; or its name);",
                "in a constrained study the feasible trials only"})
    String objective;

    @Option(names = "--where", paramLabel = "COLUMN=VALUE",
            description = {"only trials where a column has this value, e.g. --where optimizer=adam (repeatable)",
                "a float matches as shown: when rounded to the digits given, so lr=0.047958 matches 0.0479581..."
                    + " (more digits narrow it); whole numbers and text (any case) match exactly"})
    List<String> where = new ArrayList<>();

    @Option(names = "--columns", paramLabel = "COLUMNS", split = ",",
            description = "only these columns, in this order, e.g. --columns number,state,value,lr (value: the"
                    + " metric; default: all)")
    List<String> columns = new ArrayList<>();

    @Override
    public Integer call() {
        if (top != null && top < 1) {
            throw new UsageException("--top", top, "give 1 or more");
        }
        OutputFormat out = format.get();
        try (Storage storage = query.open()) {
            StudyInfo info = query.resolve(storage);
            StudyView study = StudyQuery.view(storage, info);
            History h = study.history();
            ObjectiveColumns objectives = ObjectiveColumns.of(info, h);
            int k = objective == null ? 0 : objectives.parse("--objective", objective);
            List<FrozenTrial> ranked = objective == null ? h.ranked() : h.rankedBy(k);
            boolean front = objective == null && h.isMultiObjective();
            TrialTable table = TrialTable.of(study, ranked);
            table = table.where(where).limit(top != null ? top : front ? Integer.MAX_VALUE : 1);
            if (!columns.isEmpty()) {
                table = table.select("--columns", columns, objectives.plain() ? study.metric()
                        : objectives.names().get(k));
            }
            if (table.rows().isEmpty()) {
                System.err.println("no completed trial" + (objectives.constrained() ? " that satisfies every"
                        + " constraint" : "") + " in study \"" + study.name() + "\""
                        + (where.isEmpty() ? " yet" : " matches " + String.join(" and ", where)));
                return 1;
            }
            System.out.print(out.render(table.rows(), table.columns()));
        }
        return 0;
    }
}
