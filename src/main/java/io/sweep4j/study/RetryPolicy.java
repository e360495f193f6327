package io.sweep4j.study;

import io.sweep4j.space.SearchSpace;
import io.sweep4j.store.Storage;
import io.sweep4j.trial.Attributes;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.History;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Which interrupted trial to retry next: one not yet retried, whose chain of retries is shorter than the limit,
 * with the same parameters and every attribute its sampler (and pruner) stored with it (a genetic trial keeps its
 * generation, parents and genome), as a new trial carrying {@code sweep4j:retry_of} and {@code sweep4j:retry_depth}.
 * Chosen from the history outside any lock; the storage's reservation takes it only if no other worker did. A
 * reservation that ended before its parameters were stored ({@code sweep4j:reserved}) never ran: it is not retried,
 * and not counted, so the budget gives its place to a new trial.
 */
final class RetryPolicy {
    /** What the runner records about a trial's run and end: not carried to a retry, which gets its own. */
    private static final Set<String> RUN_ATTRIBUTES = Set.of(Attributes.FAIL_REASON, Attributes.INTERRUPTED,
            Attributes.RETRY_OF, Attributes.RETRY_DEPTH, Attributes.WORKER, Attributes.PRUNED_REASON,
            Attributes.PRUNED_STEP, Attributes.PRUNED_RULE, Attributes.STOPPED, Attributes.ERROR,
            Attributes.OPTUNA_FAIL_REASON);

    private final Storage storage;
    private final long studyId;
    private final SearchSpace space;
    private final int retries;
    /**
     * How many interrupted trials the study held when a scan last found none left to retry; -1 before the first
     * scan. The history is scanned again only when the count grows, so runs without interruptions stay cheap.
     */
    private int interruptedAtLastEmptyScan = -1;

    RetryPolicy(Storage storage, long studyId, SearchSpace space, int retries) {
        this.storage = storage;
        this.studyId = studyId;
        this.space = space;
        this.retries = retries;
    }

    /** The interrupted trial to retry next, if any. */
    Optional<FrozenTrial> next(Supplier<History> historySupplier) {
        if (retries == 0) {
            return Optional.empty();
        }
        int interrupted = storage.interruptedCount(studyId);
        if (interruptedAtLastEmptyScan >= 0 && interrupted <= interruptedAtLastEmptyScan) {
            return Optional.empty();
        }
        List<FrozenTrial> pending = pending(historySupplier.get(), space, retries);
        if (!pending.isEmpty()) {
            return Optional.of(pending.get(0));
        }
        interruptedAtLastEmptyScan = interrupted;
        return Optional.empty();
    }

    /**
     * The interrupted trials of {@code history} still to be retried, in trial order: not retried yet, their chain of
     * retries within {@code retries}, and parameters that still fit {@code space} (never a reservation whose proposal
     * was not stored). None when {@code retries} is 0.
     */
    static List<FrozenTrial> pending(History history, SearchSpace space, int retries) {
        if (retries == 0) {
            return List.of();
        }
        Set<Integer> retried = new HashSet<>();
        for (FrozenTrial t : history.trials()) {
            if (t.systemAttributes().get(Attributes.RETRY_OF) instanceof Number n) {
                retried.add(n.intValue());
            }
        }
        List<FrozenTrial> pending = new ArrayList<>();
        for (FrozenTrial t : history.trials()) {
            if (t.interrupted() && !retried.contains(t.number()) && retryDepth(t) <= retries
                    && !t.systemAttributes().containsKey(Attributes.RESERVED) && space.isValid(t.params())) {
                pending.add(t);
            }
        }
        return pending;
    }

    /**
     * The depth of {@code t}'s retry: one more than {@code t}'s own, unless a deliberate stop (Ctrl-C) interrupted
     * {@code t}. An overnight study run in chunks stops its long trials at every chunk's end, and those stops must not
     * use up the retries that guard against a configuration that crashes its worker.
     */
    private static int retryDepth(FrozenTrial t) {
        int depth = ((Number) t.systemAttributes().getOrDefault(Attributes.RETRY_DEPTH, 0)).intValue();
        return Boolean.TRUE.equals(t.systemAttributes().get(Attributes.STOPPED)) ? depth : depth + 1;
    }

    static Map<String, Object> carried(FrozenTrial t, String worker) {
        Map<String, Object> attrs = new LinkedHashMap<>();
        for (var e : t.systemAttributes().entrySet()) {
            if (!RUN_ATTRIBUTES.contains(e.getKey())) {
                attrs.put(e.getKey(), e.getValue());
            }
        }
        attrs.put(Attributes.RETRY_OF, t.number());
        attrs.put(Attributes.RETRY_DEPTH, retryDepth(t));
        attrs.put(Attributes.WORKER, worker);
        return attrs;
    }
}
