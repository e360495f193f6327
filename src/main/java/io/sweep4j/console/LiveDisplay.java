package io.sweep4j.console;

import io.sweep4j.space.Readable;
import io.sweep4j.trial.Direction;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.History;
import io.sweep4j.trial.TrialState;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The progress of {@code sweep run}: a banner, then on a terminal a status block redrawn in place (counts of the
 * budget, best so far, elapsed, ETA, each running trial's epoch and metric) under one line per ended trial; on a
 * pipe or file one plain line per event instead. Plain ANSI escapes (cursor up, erase line) are all it needs. Its
 * methods are the run's events, called on the runner's threads after each change is stored.
 */
public final class LiveDisplay implements AutoCloseable {
    private final PrintStream out;
    private final boolean terminal;
    private final int width;
    private final Clock clock;
    private final Instant start;
    private final Map<Integer, Running> running = new TreeMap<>();
    private ScheduledExecutorService ticker;
    private RunHeading run;
    /** The study's trials by end when this run opened it (interrupted ones apart): the status line is the study's. */
    private int completeBefore;
    private int prunedBefore;
    private int failedBefore;
    /** Trials of this run, by how they ended. */
    private int complete;
    private int pruned;
    private int failed;
    private int interrupted;
    private Best best;
    private String waiting;
    private int drawnLines;

    /** {@code terminal}: redraw in place ({@code width} columns); else one line per event. */
    public LiveDisplay(PrintStream out, boolean terminal, int width, Clock clock) {
        this.out = out;
        this.terminal = terminal;
        this.width = Math.max(40, width);
        this.clock = clock;
        this.start = clock.instant();
    }

    /** For standard output: in place when it is a terminal (and TERM is not dumb), plain lines otherwise. */
    public static LiveDisplay forStandardOutput() {
        String term = System.getenv("TERM");
        boolean tty = System.console() != null && term != null && !term.equals("dumb");
        return new LiveDisplay(System.out, tty, TerminalWidth.columns(), Clock.systemUTC());
    }

    private record Running(int number, Instant started, Integer step, Double value) {
    }

    private record Best(int number, double value, Map<String, Object> params) {
    }

    /**
     * The study is open: prints the banner. {@code history} is what the study held before this run claimed anything,
     * {@code toRetry} how many of its interrupted trials are still to retry.
     */
    public synchronized void opened(RunHeading heading, History history, int toRetry) {
        this.run = heading;
        for (FrozenTrial t : history.trials()) {
            switch (t.state()) {
                case COMPLETE -> completeBefore++;
                case PRUNED -> prunedBefore++;
                case FAIL -> failedBefore += t.interrupted() ? 0 : 1;
                default -> {
                }
            }
        }
        if (!heading.several()) {
            // with several objectives no one trial is best: the summary lists the front
            history.best().ifPresent(t -> best = new Best(t.number(), t.value(), t.params().asMap()));
        }
        out.print(RunBanner.render(heading, history, toRetry));
        out.flush();
        if (terminal) {
            ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "sweep4j-display");
                t.setDaemon(true);
                return t;
            });
            ticker.scheduleAtFixedRate(this::redraw, 1, 1, TimeUnit.SECONDS);
            redraw();
        }
    }

    /** A trial was claimed and is about to run. */
    public synchronized void started(FrozenTrial claimed) {
        running.put(claimed.number(), new Running(claimed.number(), clock.instant(), null, null));
        waiting = null;
        event("trial " + claimed.number() + " started: " + Readable.of(claimed.params().asMap()));
    }

    /** A running trial reported {@code value} of the study's metric at {@code step}. */
    public synchronized void reported(int number, int step, double value) {
        Running r = running.get(number);
        if (r != null) {
            running.put(number, new Running(number, r.started(), step, value));
        }
        if (!terminal) {
            line(String.format(Locale.ROOT, "trial %d step %d %s=%s", number, step, run.metric(),
                    Readable.number(value)));
        } else {
            redraw();
        }
    }

    /**
     * A trial ended with one value per objective (none unless it completed; a pruned single-objective trial keeps its
     * last report); with several objectives its line shows each by name.
     */
    public synchronized void endedWithValues(FrozenTrial claimed, TrialState state, List<Double> values,
            String reason) {
        if (!run.several()) {
            ended(claimed, state, values.isEmpty() ? null : values.get(0), reason);
            return;
        }
        StringBuilder named = new StringBuilder();
        for (int k = 0; k < values.size() && k < run.objectives().size(); k++) {
            named.append(' ').append(run.objectives().get(k)).append('=').append(Readable.of(values.get(k)));
        }
        end(claimed, state, null, named.toString(), reason);
    }

    /** A trial ended and its end is stored; {@code reason} is empty unless it failed or was pruned. */
    public synchronized void ended(FrozenTrial claimed, TrialState state, Double value, String reason) {
        end(claimed, state, value, " " + run.metric() + "=" + Readable.of(value), reason);
    }

    private void end(FrozenTrial claimed, TrialState state, Double value, String shown, String reason) {
        Running r = running.remove(claimed.number());
        boolean wasInterrupted = state == TrialState.FAIL && "interrupted".equals(reason);
        switch (state) {
            case COMPLETE -> complete++;
            case PRUNED -> pruned++;
            default -> {
                if (wasInterrupted) {
                    interrupted++;
                } else {
                    failed++;
                }
            }
        }
        if (state == TrialState.COMPLETE && value != null && !value.isNaN() && (best == null
                || (run.direction() == Direction.MAXIMIZE ? value > best.value() : value < best.value()))) {
            best = new Best(claimed.number(), value, claimed.params().asMap());
        }
        String took = r == null ? "" : " in " + Readable.duration(Duration.between(r.started(), clock.instant()));
        String what = state == TrialState.FAIL ? "failed" + took + ": " + reason
                : state + shown + took
                + (reason.isEmpty() ? "" : " (" + reason + ")");
        event("trial " + claimed.number() + " " + what + (terminal ? "" : " · " + status()));
    }

    /** The run waits (on other processes' trials, on a locked database); {@code why} says on what. */
    public synchronized void waiting(String why) {
        waiting = why;
        event("waiting: " + why);
    }

    /** Trials of this run that ended, by how. */
    public synchronized int endedHere() {
        return complete + pruned + failed + interrupted;
    }

    /** Whether every trial this run ended failed (interrupted ones aside) — the study's code is likely broken. */
    public synchronized boolean allFailed() {
        return failed > 0 && complete == 0 && pruned == 0;
    }

    @Override
    public synchronized void close() {
        if (ticker != null) {
            ticker.shutdownNow();
            ticker = null;
        }
        erase();
        out.flush();
    }

    private void event(String text) {
        if (terminal) {
            erase();
            out.println(fit("  " + elapsedTag() + text));
            redraw();
        } else {
            line(text);
        }
    }

    private void line(String text) {
        out.println(elapsedTag() + text);
        out.flush();
    }

    private String elapsedTag() {
        long s = Duration.between(start, clock.instant()).toSeconds();
        return String.format(Locale.ROOT, "[%02d:%02d:%02d] ", s / 3600, s / 60 % 60, s % 60);
    }

    /** The status block: counts and ETA, best so far, one line per running trial. */
    synchronized List<String> block() {
        List<String> lines = new ArrayList<>();
        lines.add(status() + "   elapsed " + Readable.duration(Duration.between(start, clock.instant())));
        if (best != null) {
            lines.add("  best #" + best.number() + " " + run.metric() + "=" + Readable.number(best.value()) + "  "
                    + Readable.of(best.params()));
        }
        for (Running r : running.values()) {
            String at = r.step() == null ? "starting" : "step " + r.step() + "  " + run.metric() + "="
                    + Readable.number(r.value());
            lines.add("  #" + r.number() + " " + at + "  (" + Readable.duration(Duration.between(r.started(),
                    clock.instant())) + ")");
        }
        if (waiting != null) {
            lines.add("  waiting: " + waiting);
        }
        return lines;
    }

    /**
     * The study's counts, one scope for every number on the line: its finished trials that count toward the budget,
     * as stored when this run opened it plus those ended here since (interrupted ones are retried, not counted).
     */
    private String status() {
        StringBuilder sb = new StringBuilder("study: ");
        int c = completeBefore + complete;
        int p = prunedBefore + pruned;
        int f = failedBefore + failed;
        int done = c + p + f;
        sb.append(done).append(run.maxTrials().isPresent() ? "/" + run.maxTrials().getAsInt() : "")
                .append(" done (").append(c).append(" complete, ").append(p).append(" pruned, ").append(f)
                .append(" failed)");
        eta(done).ifPresent(e -> sb.append(", ETA ").append(Readable.duration(e)));
        return sb.toString();
    }

    /**
     * Whichever ends first: the remaining trials at this run's pace, or the time budget; none once the time is used
     * (no trial starts, the running ones end when they end).
     */
    private java.util.Optional<Duration> eta(int done) {
        Duration elapsed = Duration.between(start, clock.instant());
        if (run.timeLimit().filter(t -> t.compareTo(elapsed) <= 0).isPresent()) {
            return java.util.Optional.empty();
        }
        Duration byTrials = null;
        int here = complete + pruned + failed;
        if (run.maxTrials().isPresent() && here > 0) {
            int left = Math.max(0, run.maxTrials().getAsInt() - done);
            byTrials = Duration.ofMillis((long) (elapsed.toMillis() / (double) here * left));
        }
        Duration byTime = run.timeLimit().map(t -> t.minus(elapsed)).filter(d -> !d.isNegative())
                .orElse(null);
        if (byTrials == null) {
            return java.util.Optional.ofNullable(byTime);
        }
        return java.util.Optional.of(byTime == null || byTrials.compareTo(byTime) < 0 ? byTrials : byTime);
    }

    private synchronized void redraw() {
        if (!terminal || run == null) {
            return;
        }
        erase();
        List<String> lines = block();
        for (String l : lines) {
            out.print(fit(l));
            out.print('\n');
        }
        drawnLines = lines.size();
        out.flush();
    }

    /** Moves up over the block drawn last and erases it, so the next lines print where it was. */
    private void erase() {
        if (drawnLines > 0) {
            out.print("\033[" + drawnLines + "F\033[J");
            drawnLines = 0;
        }
    }

    private String fit(String s) {
        return s.length() < width ? s : s.substring(0, width - 2) + "…";
    }
}
