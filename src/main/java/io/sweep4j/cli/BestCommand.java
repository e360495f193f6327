package io.sweep4j.cli;

import io.sweep4j.space.UsageException;
import io.sweep4j.store.Storage;
import io.sweep4j.store.StudyInfo;
import io.sweep4j.trial.FrozenTrial;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sweep best DB}: the best completed trials of a study, best first (NaN never wins; ties by number). */
@Command(name = "best", mixinStandardHelpOptions = true, description = "Show the best trials of a study.")
final class BestCommand implements Callable<Integer> {
    @Mixin
    StudyQuery query;

    @Option(names = "--top", paramLabel = "N", defaultValue = "1", description = "how many (default: ${DEFAULT-VALUE})")
    int top;

    @Override
    public Integer call() {
        if (top < 1) {
            throw new UsageException("--top", top, "give 1 or more");
        }
        OutputFormat out = query.format();
        try (Storage storage = query.open()) {
            StudyInfo study = query.resolve(storage);
            List<FrozenTrial> ranked = storage.history(study.studyId()).ranked();
            if (ranked.isEmpty()) {
                System.err.println("no completed trial in study \"" + study.name() + "\" yet");
                return 1;
            }
            TrialRows rows = new TrialRows(ranked.subList(0, Math.min(top, ranked.size())), study.metric());
            System.out.print(out.render(rows.rows(), rows.columns()));
        }
        return 0;
    }
}
