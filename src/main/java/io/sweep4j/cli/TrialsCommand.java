package io.sweep4j.cli;

import io.sweep4j.report.StudyView;
import io.sweep4j.report.TrialTable;
import io.sweep4j.space.UsageException;
import io.sweep4j.store.Storage;
import io.sweep4j.store.StudyInfo;
import io.sweep4j.trial.Direction;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.TrialState;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sweep trials DB}: every trial of a study, filtered by state or by column, sorted by any column. */
@Command(name = "trials", mixinStandardHelpOptions = true, description = {"List the trials of a study.",
    "Columns: number, state, the metric (several objectives: one column per objective, named as the study names"
        + " them, then feasible in a constrained study), duration_s, the parameters (definition order), user"
        + " attributes, epochs, reason; the same for every query of one study."})
final class TrialsCommand implements Callable<Integer> {
    @Mixin
    StudyQuery query;

    @Mixin
    TableFormat format;

    @Option(names = "--state", paramLabel = "STATES", split = ",",
            description = "only these states: complete, pruned, fail, running, waiting (comma-separated)")
    List<String> states = new ArrayList<>();

    @Option(names = "--where", paramLabel = "COLUMN=VALUE",
            description = {"only rows where a column has this value, e.g. --where optimizer=adam (repeatable)",
                "a float matches as shown: when rounded to the digits given, so lr=0.047958 matches 0.0479581..."
                    + " (more digits narrow it); whole numbers and text (any case) match exactly"})
    List<String> where = new ArrayList<>();

    @Option(names = "--columns", paramLabel = "COLUMNS", split = ",",
            description = "only these columns, in this order, e.g. --columns number,state,value,lr (value: the"
                    + " metric; default: all)")
    List<String> columns = new ArrayList<>();

    @Option(names = "--sort", paramLabel = "COLUMN", defaultValue = "number",
            description = {"sort by any column (value and objectives: best first; value is the first objective);"
                + " -COLUMN reverses (default: ${DEFAULT-VALUE})"})
    String sort;

    @Option(names = "--desc", description = "reverse the sort order")
    boolean desc;

    @Option(names = "--limit", paramLabel = "N", description = "print at most N trials")
    Integer limit;

    @Override
    public Integer call() {
        OutputFormat out = format.get();
        Set<TrialState> wanted = parseStates(states);
        if (limit != null && limit < 0) {
            throw new UsageException("--limit", limit, "give 0 or more");
        }
        try (Storage storage = query.open()) {
            StudyInfo info = query.resolve(storage);
            StudyView study = StudyQuery.view(storage, info);
            List<FrozenTrial> trials = study.history().trials().stream()
                    .filter(t -> wanted.isEmpty() || wanted.contains(t.state())).toList();
            ObjectiveColumns objectives = ObjectiveColumns.of(info, study.history());
            TrialTable table = TrialTable.of(study, trials);
            String metric = study.metric();
            Direction direction = study.direction();
            if (!objectives.plain()) {
                int k = objectives.sortedBy(sort);
                metric = objectives.names().get(k);
                direction = objectives.directions().get(k);
            }
            table = table.where(where).sorted(sort, desc, metric, direction);
            if (limit != null) {
                table = table.limit(limit);
            }
            if (!columns.isEmpty()) {
                table = table.select("--columns", columns, objectives.plain() ? metric : objectives.names().get(0));
            }
            System.out.print(out.render(table.rows(), table.columns()));
        }
        return 0;
    }

    static Set<TrialState> parseStates(List<String> names) {
        Set<TrialState> out = EnumSet.noneOf(TrialState.class);
        for (String n : names) {
            try {
                out.add(TrialState.valueOf(n.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--state", n, "use complete, pruned, fail, running or waiting");
            }
        }
        return out;
    }
}
