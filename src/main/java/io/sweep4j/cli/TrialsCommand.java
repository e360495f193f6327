package io.sweep4j.cli;

import io.sweep4j.space.UsageException;
import io.sweep4j.store.Storage;
import io.sweep4j.store.StudyInfo;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.History;
import io.sweep4j.trial.TrialState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sweep trials DB}: every trial of a study, filtered by state and sorted. */
@Command(name = "trials", mixinStandardHelpOptions = true, description = "List the trials of a study.")
final class TrialsCommand implements Callable<Integer> {
    @Mixin
    StudyQuery query;

    @Option(names = "--state", paramLabel = "STATES", split = ",",
            description = "only these states: complete, pruned, fail, running, waiting (comma-separated)")
    List<String> states = new ArrayList<>();

    @Option(names = "--sort", paramLabel = "KEY", defaultValue = "number",
            description = "number, value (best first), duration, or a parameter name (default: ${DEFAULT-VALUE})")
    String sort;

    @Option(names = "--limit", paramLabel = "N", description = "print at most N trials")
    Integer limit;

    @Override
    public Integer call() {
        OutputFormat out = query.format();
        Set<TrialState> wanted = parseStates(states);
        if (limit != null && limit < 0) {
            throw new UsageException("--limit", limit, "give 0 or more");
        }
        try (Storage storage = query.open()) {
            StudyInfo study = query.resolve(storage);
            History h = storage.history(study.studyId());
            List<FrozenTrial> trials = new ArrayList<>(h.trials().stream()
                    .filter(t -> wanted.isEmpty() || wanted.contains(t.state())).toList());
            trials.sort(comparator(h, trials));
            if (limit != null && trials.size() > limit) {
                trials = trials.subList(0, limit);
            }
            TrialRows rows = new TrialRows(trials, study.metric());
            System.out.print(out.render(rows.rows(), rows.columns()));
        }
        return 0;
    }

    private Comparator<FrozenTrial> comparator(History h, List<FrozenTrial> trials) {
        switch (sort.toLowerCase(Locale.ROOT)) {
            case "number":
                return Comparator.comparingInt(FrozenTrial::number);
            case "value": {
                List<FrozenTrial> ranked = h.ranked();
                return Comparator.comparingInt((FrozenTrial t) -> {
                    int i = ranked.indexOf(t);
                    return i < 0 ? Integer.MAX_VALUE : i;
                }).thenComparingInt(FrozenTrial::number);
            }
            case "duration":
                return Comparator.comparing((FrozenTrial t) -> t.duration().orElse(Duration.ZERO)).reversed();
            default:
                boolean known = trials.stream().anyMatch(t -> t.params().has(sort));
                if (!known) {
                    throw new UsageException("--sort", sort, "sort by number, value, duration or a parameter name");
                }
                return Comparator.comparing((FrozenTrial t) -> t.params().has(sort) ? t.params().get(sort) : null,
                        Comparator.nullsLast(TrialsCommand::compareValues)).thenComparingInt(FrozenTrial::number);
        }
    }

    private static int compareValues(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return Double.compare(x.doubleValue(), y.doubleValue());
        }
        return String.valueOf(a).compareTo(String.valueOf(b));
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
