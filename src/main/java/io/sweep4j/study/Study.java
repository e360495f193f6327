package io.sweep4j.study;

import io.sweep4j.console.LiveDisplay;
import io.sweep4j.prune.Pruner;
import io.sweep4j.prune.Pruners;
import io.sweep4j.sampler.Sampler;
import io.sweep4j.space.SearchSpace;
import io.sweep4j.space.UsageException;
import io.sweep4j.store.Names;
import io.sweep4j.store.SchemaRevision;
import io.sweep4j.store.Storage;
import io.sweep4j.store.StorageUrl;
import io.sweep4j.trial.Direction;
import io.sweep4j.trial.Metrics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The study DSL: name, storage, space, sampler, objective, the objectives (each a direction and a value's name) and
 * constraints, parallelism and budget.
 *
 * <pre>{@code
 * Study.named("fashion-mlp")
 *     .storage("results/fashion-mlp.db")
 *     .space(s -> s.logFloat("lr", 1e-4, 1e-1).choice("optimizer", "sgd", "adam"))
 *     .sampler(Samplers.random(42))
 *     .objective(trial -> train(trial))
 *     .maximize("val_accuracy")
 *     .budget(Budget.trials(50))
 *     .run(args);
 * }</pre>
 *
 * Running the same study again (same name, same file) continues it.
 *
 * <p>Several objectives: {@code .maximize("val_accuracy").minimize("param_count")}, in order; each names a value the
 * objective returns ({@link Objective#named}), a metric the trial reports, or a user attribute it stores. Constraints:
 * {@code .constraint("param_count", "<=", 1_000_000)}; {@code best} is then the best feasible trial.
 */
public final class Study {
    private final String name;
    private String storage;
    private Storage ownMemory;
    private SchemaRevision revision;
    private final List<Map<String, Object>> enqueued = new ArrayList<>();
    private SearchSpace space = SearchSpace.builder().build();
    /** Null: the default, {@link StudyDefinition#defaultSampler()}. */
    private Sampler sampler;
    private Pruner pruner = Pruners.none();
    private Objective objective;
    private final List<Objectives.Goal> goals = new ArrayList<>();
    private String pruneOn;
    private final List<Constraint> constraints = new ArrayList<>();
    private int parallelism = defaultParallelism();
    private Budget budget = Budget.unlimited();
    private int retries = 2;
    private int maxConsecutiveFailures = FailureStreak.DEFAULT_LIMIT;
    private Duration heartbeat = Duration.ofSeconds(5);
    private boolean allowSpaceChange;
    private Path resultsDir;

    private Study(String name) {
        this.name = name;
    }

    /** Starts a study definition; a study of that name in the same file is continued. */
    public static Study named(String name) {
        return new Study(name);
    }

    /**
     * Where the study is stored, as Optuna spells it: a SQLite file ({@code results/x.db}, created if missing; its
     * directory must exist), {@code sqlite:///abs/x.db}, or {@code postgresql://user@host:5432/db} (password from
     * the URL, PGPASSWORD or ~/.pgpass); or in this process's memory: {@code memory:} (this study object's own) or
     * {@code memory:NAME} (shared by every study naming it in this JVM). {@code sweep run ... --storage URL} overrides
     * it.
     */
    public Study storage(String url) {
        this.storage = url;
        return this;
    }

    public Study storage(Path path) {
        return storage(path.toString());
    }

    /**
     * The Optuna schema revision a <em>new</em> storage is created at: {@code "v3.2.0.a"} (default; Optuna 3.2 to
     * 5.0 read it) or {@code "v3.0.0.d"} for Optuna 3.1 (Debian bookworm); an existing storage at the other one is
     * refused. Also {@code ?revision=v3.0.0.d} after the URL or path.
     */
    public Study schemaRevision(String alembicRevision) {
        this.revision = SchemaRevision.parse("schemaRevision", alembicRevision);
        return this;
    }

    /**
     * Runs a trial with these parameters first (a warm start from known-good settings), as Optuna's
     * {@code enqueue_trial}: stored as a WAITING trial with {@code fixed_params}, once per study; parameters it
     * leaves out are sampled.
     */
    public Study enqueue(Map<String, ?> params) {
        this.enqueued.add(new LinkedHashMap<>(params));
        return this;
    }

    public Study space(Consumer<SearchSpace.Builder> definition) {
        SearchSpace.Builder b = SearchSpace.builder();
        definition.accept(b);
        this.space = b.build();
        return this;
    }

    public Study space(SearchSpace space) {
        this.space = Objects.requireNonNull(space, "space");
        return this;
    }

    /**
     * How each trial's parameters are chosen (default {@code Samplers.tpe()}, seed 0; with several objectives TPE if
     * it handles them, else {@code Samplers.random(0)}). A study with several objectives needs a sampler that
     * {@link Sampler#handlesSeveralObjectives() handles them}.
     */
    public Study sampler(Sampler sampler) {
        this.sampler = Objects.requireNonNull(sampler, "sampler");
        return this;
    }

    public Study pruner(Pruner pruner) {
        this.pruner = Objects.requireNonNull(pruner, "pruner");
        return this;
    }

    public Study objective(Objective objective) {
        this.objective = objective;
        return this;
    }

    /**
     * Look for the largest value of {@code metric} (e.g. {@code val_accuracy}). Each call adds an objective, in order:
     * {@code .maximize("val_accuracy").minimize("param_count")}.
     */
    public Study maximize(String metric) {
        return addObjective(Direction.MAXIMIZE, metric);
    }

    /** Look for the smallest value of {@code metric} (e.g. {@code val_loss}); each call adds an objective. */
    public Study minimize(String metric) {
        return addObjective(Direction.MINIMIZE, metric);
    }

    private Study addObjective(Direction d, String metric) {
        this.goals.add(new Objectives.Goal(metric, d));
        return this;
    }

    /**
     * In a study with several objectives, the one whose per-step values the pruner judges and the trial reports as the
     * study's metric ({@link Trial#metric()}); the others are measured when the trial ends. Default: the first
     * objective the objective accepts as its metric (a DL4J objective: one it reports per epoch).
     */
    public Study pruneOn(String objective) {
        this.pruneOn = objective;
        return this;
    }

    /**
     * A constraint on the value called {@code name} (returned, reported or stored, as an objective): {@code "<="} or
     * {@code ">="} {@code bound}. Stored per trial as Optuna stores {@code constraints_func} results (≤ 0: satisfied);
     * {@code best} means best feasible. A trial without that value fails, and the run stops.
     */
    public Study constraint(String name, String relation, double bound) {
        this.constraints.add(new Constraint.Bound(name, relation, bound));
        return this;
    }

    /** A constraint computed from the finished trial: ≤ 0 when satisfied, e.g. {@code t -> t.get("ms") - 5}. */
    public Study constraint(Constraint constraint) {
        this.constraints.add(Objects.requireNonNull(constraint, "constraint"));
        return this;
    }

    /** How many trials run at once (default: the number of cores; at most 4 per core). */
    public Study parallelism(int n) {
        this.parallelism = n;
        return this;
    }

    public Study budget(Budget budget) {
        this.budget = Objects.requireNonNull(budget, "budget");
        return this;
    }

    /**
     * How many times a trial cut short by a crash or kill is retried with the same parameters (default 2; 0: never
     * retried). Stops by Ctrl-C or SIGTERM do not count: a trial stopped by the user is retried however often.
     */
    public Study retries(int n) {
        this.retries = n;
        return this;
    }

    /**
     * Stops the run once the study's last {@code n} trials failed in a row with the same unexpected error (an
     * exception other than {@link TrialFailedException}), default {@value FailureStreak#DEFAULT_LIMIT}: an
     * objective that always throws wastes {@code n} trials, not the whole budget. Diverged, pruned and interrupted
     * trials do not count; 0 never stops. How the streak is counted: {@link FailureStreak}. Also
     * {@code --max-failures N} on the command line.
     */
    public Study maxConsecutiveFailures(int n) {
        this.maxConsecutiveFailures = n;
        return this;
    }

    /** How often running trials signal they are alive (default 5 s); a trial silent for 4 intervals is dead. */
    public Study heartbeat(Duration interval) {
        this.heartbeat = interval;
        return this;
    }

    /** Resume even if the search space differs from the stored one (the old trials keep their parameters). */
    public Study allowSpaceChange() {
        this.allowSpaceChange = true;
        return this;
    }

    /**
     * The folder under which trial files (checkpoints, saved models) go, each study of each storage in its own
     * {@code <storage>-files/<study>-<id>/} (see {@link StudyFolder}; in a folder other than the SQLite file's own,
     * {@code <storage>} adds a hash of the file's path); default: the SQLite file's directory, or {@code results/}
     * for PostgreSQL.
     */
    public Study resultsDir(Path dir) {
        this.resultsDir = dir;
        return this;
    }

    /** The checked, immutable definition; every bad input fails here, before anything runs. */
    public StudySpec spec() {
        if (name == null || name.isBlank()) {
            throw new UsageException("study name", name, "give the study a non-empty name: Study.named(\"my-study\")");
        }
        Names.check("study name", name);
        if (storage == null) {
            throw new UsageException("storage", null, "set a storage file: .storage(\"results/" + name + ".db\")");
        }
        StorageUrl url = StorageUrl.parse(storage, revision);
        if (objective == null) {
            throw new UsageException("objective", null, "set the objective: .objective(trial -> ...)");
        }
        if (goals.isEmpty()) {
            throw new UsageException("direction", null, "say what to optimize: .maximize(\""
                    + Metrics.VAL_ACCURACY + "\") or .minimize(\"" + Metrics.VAL_LOSS + "\")");
        }
        if (parallelism < 1) {
            throw new UsageException("parallelism", parallelism, "give 1 or more parallel trials");
        }
        if (parallelism > maxParallelism()) {
            throw new UsageException("parallelism", parallelism, "too large: at most " + maxParallelism()
                    + parallelismFix());
        }
        if (retries < 0) {
            throw new UsageException("retries", retries, "give 0 or more retries");
        }
        if (maxConsecutiveFailures < 0) {
            throw new UsageException("maxConsecutiveFailures", maxConsecutiveFailures, "give 1 or more failures in a"
                    + " row to stop at, or 0 never to stop");
        }
        if (heartbeat == null || heartbeat.isNegative() || heartbeat.isZero()) {
            throw new UsageException("heartbeat", heartbeat, "give a positive interval, e.g. Duration.ofSeconds(5)");
        }
        SearchSpace full = space.extend(objective::defineParameters);
        Objectives objectives = StudyDefinition.objectives(goals, pruneOn, constraints, objective, full);
        Sampler chosen = sampler != null ? sampler : StudyDefinition.defaultSampler();
        StudyDefinition.checkSampler(chosen, objectives);
        Pruner fixedPruner = pruner.withMaxSteps(objective.maxSteps());
        Path base = url instanceof StorageUrl.Sqlite s ? s.file().toAbsolutePath().getParent()
                : url instanceof StorageUrl.Memory m ? memoryFilesBase(m)
                : Path.of("results").toAbsolutePath();
        Path results = resultsDir != null ? resultsDir : base;
        return new StudySpec(name, url, full, chosen, fixedPruner, objective, objectives, parallelism, budget,
                retries, heartbeat, allowSpaceChange, results, enqueued, maxConsecutiveFailures);
    }

    /**
     * Where a memory storage's trial files go: a folder of this process under the temporary directory (they live no
     * longer than the storage that names them), of this study object too for its own {@code memory:}, so two study
     * objects' own memory storages never share a trial's folder.
     */
    private Path memoryFilesBase(StorageUrl.Memory m) {
        return Path.of(System.getProperty("java.io.tmpdir"), "sweep4j-memory-" + ProcessHandle.current().pid()
                + (m.name().isEmpty() ? "-" + Integer.toHexString(System.identityHashCode(this)) : ""));
    }

    /**
     * Runs the study in this process and returns what it stored. A library call, it leaves SIGINT (Ctrl-C) to the
     * application; a JVM shutdown still marks running trials interrupted, so the next run resumes them. Only
     * {@link #run(String[])}, a command line, takes over Ctrl-C, and only while it runs.
     */
    public StudyResult optimize() {
        StudySpec spec = spec();
        try (Storage storage = open(spec)) {
            StudyResult result = new StudyRunner(spec, storage).run();
            if (result.stopReason() != StopReason.INTERRUPTED
                    && result.stopReason() != StopReason.REPEATED_FAILURES
                    && result.stopReason() != StopReason.MISSING_VALUE) {
                spec.objective().studyEnded(spec, result, storage);
            }
            return result;
        }
    }

    /**
     * Runs the study from a {@code main}: applies {@code --trials N}, {@code --timeout 30m}, {@code --parallelism N},
     * {@code --max-failures N} and {@code --allow-space-change} from {@code args}, runs with a live display, and
     * prints the best trials. Ends with a {@link StudyExitException}: exit 1 when every trial of the run failed, the
     * same error failed {@link #maxConsecutiveFailures(int) too many trials in a row}, or a trial lacked a value an
     * objective or constraint names (the run stops at the first), 130 after Ctrl-C.
     */
    public StudyResult run(String[] args) {
        CommandLine.apply(this, args);
        StudySpec checked = spec();
        StudyResult result;
        try (Storage storage = open(checked); LiveDisplay display = LiveDisplay.forStandardOutput()) {
            result = new StudyRunner(checked, storage, new CommandLine(display), true).run();
            display.close();
            System.out.print(CommandLine.summary(result, checked.objectives(), 5));
            if (result.stopReason() == StopReason.INTERRUPTED) {
                throw new StudyExitException(StudyExitException.INTERRUPTED, "stopped by Ctrl-C; run again to resume");
            }
            if (result.stopReason() == StopReason.REPEATED_FAILURES) {
                throw new StudyExitException(StudyExitException.ALL_FAILED, FailureStreak.of(result.history())
                        .explain(checked.maxConsecutiveFailures()));
            }
            if (result.stopReason() == StopReason.MISSING_VALUE) {
                throw new StudyExitException(StudyExitException.ALL_FAILED, Measured.explainStop(result.history()));
            }
            if (display.allFailed()) {
                throw new StudyExitException(StudyExitException.ALL_FAILED, "every trial of this run failed ("
                        + display.endedHere() + "); see the reasons above");
            }
            // as optimize() does: a study file's run that ends by its budget gets its objective's end (the refit)
            checked.objective().studyEnded(checked, result, storage);
        }
        return result;
    }

    /**
     * The run's storage: {@code memory:} alone is this object's own, kept across its runs as a file would be (closing
     * a memory storage releases nothing); any other is opened from its URL.
     */
    private synchronized Storage open(StudySpec spec) {
        if (spec.storage() instanceof StorageUrl.Memory m && m.name().isEmpty()) {
            if (ownMemory == null) {
                ownMemory = new StudyOpener(spec).openStorage();
            }
            return ownMemory;
        }
        return new StudyOpener(spec).openStorage();
    }

    Budget budget() {
        return budget;
    }

    static int defaultParallelism() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    /**
     * The most trials one process runs at once: 4 per core. Refused above it rather than capped: each trial trains
     * its own network in its own memory, so beyond the cores more trials only add memory and switching, and a run
     * quietly doing something other than asked is worse than a clear refusal before anything is stored. Trials
     * that mostly wait (remote work) still get 4 per core; more machines: run more processes on one storage.
     */
    static int maxParallelism() {
        return 4 * defaultParallelism();
    }

    static String parallelismFix() {
        int cores = defaultParallelism();
        return ", 4 per core of this machine's " + cores + "; each trial trains its own network, so more at once"
                + " only adds memory (leave it out to run " + cores + "; for more machines, run a process on each"
                + " with the same storage)";
    }
}
