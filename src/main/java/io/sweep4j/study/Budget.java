package io.sweep4j.study;

import io.sweep4j.space.Readable;
import io.sweep4j.space.UsageException;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How much a study may run: a number of counted trials (finished ones, and running ones while they run; trials
 * cut short by an interruption are retried and not counted), a wall time for launching trials, or both.
 */
public record Budget(OptionalInt trials, Optional<Duration> time) {

    public Budget {
        if (trials.isPresent() && trials.getAsInt() < 0) {
            throw new UsageException("budget.trials", trials.getAsInt(), "give a trial count >= 0");
        }
        if (time.isPresent() && (time.get().isNegative() || time.get().isZero())) {
            throw new UsageException("budget.time", time.get(), "give a positive duration, e.g. Duration.ofHours(8)");
        }
    }

    /** At most {@code n} trials in the study, counting those of earlier runs. */
    public static Budget trials(int n) {
        return new Budget(OptionalInt.of(n), Optional.empty());
    }

    /** Launch trials until {@code limit} has passed; running trials are allowed to finish. */
    public static Budget time(Duration limit) {
        return new Budget(OptionalInt.empty(), Optional.of(limit));
    }

    /** No limit: run until the sampler is exhausted or the user stops the study. */
    public static Budget unlimited() {
        return new Budget(OptionalInt.empty(), Optional.empty());
    }

    /** This budget, also bounded by a wall time: whichever comes first ends the study. */
    public Budget orTime(Duration limit) {
        return new Budget(trials, Optional.of(limit));
    }

    /** This budget with its trial count replaced. */
    public Budget withTrials(int n) {
        return new Budget(OptionalInt.of(n), time);
    }

    /** As a person reads it: {@code 20 trials or 3m 00s}, {@code 20 trials}, {@code 8h 00m}, {@code unlimited}. */
    public String describe() {
        String n = trials.isPresent() ? trials.getAsInt() + " trials" : null;
        String t = time.map(Readable::duration).orElse(null);
        if (n != null && t != null) {
            return n + " or " + t;
        }
        return n != null ? n : t != null ? t : "unlimited";
    }
}
