package io.sweep4j.cli;

import io.sweep4j.report.StudyView;
import io.sweep4j.report.TrialTable;
import io.sweep4j.space.UsageException;
import io.sweep4j.store.Storage;
import io.sweep4j.trial.FrozenTrial;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sweep best DB}: the best completed trials of a study, best first (NaN never wins; ties by number). */
@Command(name = "best", mixinStandardHelpOptions = true, description = {"Show the best trials of a study.",
    "Same columns as `sweep trials`."})
final class BestCommand implements Callable<Integer> {
    @Mixin
    StudyQuery query;

    @Mixin
    TableFormat format;

    @Option(names = "--top", paramLabel = "N", defaultValue = "1", description = "how many (default: ${DEFAULT-VALUE})")
    int top;

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
        if (top < 1) {
            throw new UsageException("--top", top, "give 1 or more");
        }
        OutputFormat out = format.get();
        try (Storage storage = query.open()) {
            StudyView study = query.view(storage);
            List<FrozenTrial> ranked = study.history().ranked();
            TrialTable table = TrialTable.of(study, ranked).where(where).limit(top);
            if (!columns.isEmpty()) {
                table = table.select("--columns", columns, study.metric());
            }
            if (table.rows().isEmpty()) {
                System.err.println("no completed trial in study \"" + study.name() + "\""
                        + (where.isEmpty() ? " yet" : " matches " + String.join(" and ", where)));
                return 1;
            }
            System.out.print(out.render(table.rows(), table.columns()));
        }
        return 0;
    }
}
