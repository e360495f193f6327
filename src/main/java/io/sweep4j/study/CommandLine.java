package io.sweep4j.study;

import io.sweep4j.console.LiveDisplay;
import io.sweep4j.console.ResultSummary;
import io.sweep4j.console.RunHeading;
import io.sweep4j.console.StudyArgs;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.History;
import io.sweep4j.trial.TrialState;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * What {@link Study#run(String[])} hands the terminal ({@code io.sweep4j.console}, a layer below): the arguments to
 * apply, the run's events for the live display, and its result for the summary, each as plain values.
 */
final class CommandLine implements RunListener {
    private final LiveDisplay display;
    /** Which of a trial's values the live lines show: the study metric's, the one reported per step. */
    private volatile int shown;

    CommandLine(LiveDisplay display) {
        this.display = display;
    }

    /** Applies a study file's command-line overrides ({@link StudyArgs}) to {@code study}. */
    static void apply(Study study, String[] args) {
        StudyArgs a = StudyArgs.parse(args, Study.maxParallelism(), Study.parallelismFix());
        if (a.trials().isPresent()) {
            study.budget(study.budget().withTrials(a.trials().getAsInt()));
        }
        a.timeout().ifPresent(t -> study.budget(study.budget().orTime(t)));
        a.parallelism().ifPresent(study::parallelism);
        a.maxFailures().ifPresent(study::maxConsecutiveFailures);
        if (a.allowSpaceChange()) {
            study.allowSpaceChange();
        }
        a.storage().ifPresent(study::storage);
    }

    /** The lines a run prints when it ends, its {@code top} best trials listed. */
    static String summary(StudyResult result, int top) {
        return ResultSummary.render(result.studyName(), result.storage(), result.metric(), result.history(),
                result.stopReason().name().toLowerCase(Locale.ROOT).replace('_', ' '), result.trialsRunHere(), top);
    }

    static RunHeading heading(StudySpec spec) {
        Objectives o = spec.objectives();
        return new RunHeading(spec.name(), String.valueOf(spec.storage()), o.metricDirection(), spec.metric(),
                spec.sampler().describe(), spec.pruner().describe(), spec.budget().describe(), spec.budget().trials(),
                spec.budget().time(), spec.parallelism(), o.goals().stream().map(Objectives.Goal::describe).toList(),
                o.pruningRule());
    }

    @Override
    public void opened(StudySpec spec, Supplier<History> read) {
        shown = spec.objectives().names().indexOf(spec.metric());
        History history = read.get();
        display.opened(heading(spec), history, RetryPolicy.pending(history, spec.space(), spec.retries()).size());
    }

    @Override
    public void started(FrozenTrial claimed) {
        display.started(claimed);
    }

    @Override
    public void reported(int number, int step, double value) {
        display.reported(number, step, value);
    }

    @Override
    public void ended(FrozenTrial claimed, TrialState state, List<Double> values, String reason) {
        display.ended(claimed, state, values.size() > shown ? values.get(shown) : null, reason);
    }

    @Override
    public void waiting(String why) {
        display.waiting(why);
    }
}
