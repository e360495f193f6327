package io.sweep4j.prune;

import io.sweep4j.space.UsageException;
import io.sweep4j.trial.Attributes;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.History;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Hyperband (Li et al., JMLR 2018) as Optuna runs it: brackets of asynchronous successive halving that differ in
 * how early they may stop a trial (bracket b first judges at step {@code minResource · eta^b}); each trial's bracket
 * comes from crc32 of {@code "<study>_<number>"} (see {@link Brackets}), is stored at claim time as
 * {@code sweep4j:bracket}, and the trial competes, and its sampler learns, only within its bracket.
 * {@code maxResource} 0 means "auto": the objective's declared steps, fixed when the study is defined (Optuna takes
 * the longest completed trial a process has seen, so two processes can disagree, its issue #1220).
 */
public record HyperbandPruner(int minResource, int maxResource, int reductionFactor, int bootstrapCount,
        boolean onlyEarlier) implements Pruner {

    public HyperbandPruner {
        if (minResource < 1) {
            throw new UsageException("minResource", minResource, "give 1 or more steps");
        }
        if (maxResource != 0 && maxResource < minResource) {
            throw new UsageException("maxResource", maxResource, "give at least minResource (" + minResource
                    + ") steps, or 0 for the objective's own number of steps");
        }
        if (reductionFactor < 2) {
            throw new UsageException("reductionFactor", reductionFactor, "give 2 or more (Optuna's default: 3)");
        }
        if (bootstrapCount < 0) {
            throw new UsageException("bootstrapCount", bootstrapCount, "give 0 or more trials");
        }
    }

    /** The same rule judging trial n only by trials numbered below n (in its bracket): the same at any parallelism. */
    public HyperbandPruner reproducible() {
        return new HyperbandPruner(minResource, maxResource, reductionFactor, bootstrapCount, true);
    }

    @Override
    public Pruner withMaxSteps(OptionalInt maxSteps) {
        if (maxResource > 0) {
            return this;
        }
        if (maxSteps.isEmpty()) {
            throw new UsageException("maxResource", "auto", "the objective does not declare its number of steps:"
                    + " give it, e.g. Pruners.hyperband(1, 20, 3)");
        }
        return new HyperbandPruner(minResource, Math.max(minResource, maxSteps.getAsInt()), reductionFactor,
                bootstrapCount, onlyEarlier);
    }

    public Brackets brackets() {
        if (maxResource == 0) {
            throw new IllegalStateException(describe() + " was not given its steps: define it through Study");
        }
        return Brackets.of(minResource, maxResource, reductionFactor);
    }

    @Override
    public Map<String, Object> onClaim(String studyName, int number) {
        return Map.of(Attributes.BRACKET, brackets().bracketOf(studyName, number));
    }

    @Override
    public History samplerView(String studyName, int number, History history) {
        Brackets brackets = brackets();
        return inBracket(history, studyName, brackets, brackets.bracketOf(studyName, number));
    }

    @Override
    public Decision judge(PruningContext context) {
        Brackets brackets = brackets();
        int bracket = bracketOf(context.trial(), context.studyName(), brackets);
        SuccessiveHalvingPruner halving = new SuccessiveHalvingPruner(minResource, reductionFactor, bracket,
                bootstrapCount, onlyEarlier);
        return halving.judge(context.withHistory(() -> inBracket(context.history().get(), context.studyName(),
                brackets, bracket)), "hyperband bracket " + bracket);
    }

    /** The stored bracket (a retry keeps its original's), else Optuna's. */
    private static int bracketOf(FrozenTrial t, String studyName, Brackets brackets) {
        return t.systemAttributes().get(Attributes.BRACKET) instanceof Number n ? n.intValue()
                : brackets.bracketOf(studyName, t.number());
    }

    private static History inBracket(History history, String studyName, Brackets brackets, int bracket) {
        List<FrozenTrial> mine = history.trials().stream()
                .filter(t -> bracketOf(t, studyName, brackets) == bracket).toList();
        return history.withTrials(mine);
    }

    @Override
    public String describe() {
        return "hyperband(min=" + minResource + ", max=" + (maxResource == 0 ? "auto" : maxResource) + ", eta="
                + reductionFactor + (maxResource == 0 ? "" : ", brackets=" + brackets().count())
                + (bootstrapCount > 0 ? ", bootstrap=" + bootstrapCount : "") + (onlyEarlier ? ", reproducible" : "")
                + ")";
    }
}
