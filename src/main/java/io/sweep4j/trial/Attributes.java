package io.sweep4j.trial;

/** Keys of the system attributes sweep4j writes, all under the {@code sweep4j:} prefix Optuna leaves alone. */
public final class Attributes {
    public static final String PREFIX = "sweep4j:";
    public static final String FAIL_REASON = PREFIX + "fail_reason";
    /** Why a pruner stopped a trial. */
    public static final String PRUNED_REASON = PREFIX + "pruned_reason";
    public static final String INTERRUPTED = PREFIX + "interrupted";
    /**
     * Trial attribute of a FAIL: the class of the unexpected exception that ended it (a bug, in the objective or
     * below it). Absent when the objective declared the failure (a {@code TrialFailedException}: divergence) or it
     * depends on the parameters (out of memory, a NaN result): only these trials count toward stopping a run early.
     */
    public static final String ERROR = PREFIX + "error";
    public static final String RETRY_OF = PREFIX + "retry_of";
    public static final String GRID_ID = PREFIX + "grid_id";
    public static final String METRIC = PREFIX + "metric";
    public static final String SPACE = PREFIX + "space";
    public static final String SAMPLER = PREFIX + "sampler";
    /** How the study was last run: sampler, pruner, objective, budget, parallelism (for reports). */
    public static final String DEFINITION = PREFIX + "definition";
    /** Study attribute: the pruner's description. */
    public static final String PRUNER = PREFIX + "pruner";
    /** Trial attribute: the Hyperband bracket a trial was given when it was claimed. */
    public static final String BRACKET = PREFIX + "bracket";
    /** Trial attributes of a PRUNED trial: the step it was stopped at, the rule that stopped it, and why. */
    public static final String PRUNED_STEP = PREFIX + "pruned_step";
    public static final String PRUNED_RULE = PREFIX + "pruned_rule";
    /** Optuna's successive-halving key: the value a trial had when it completed rung {@code k}. */
    public static final String COMPLETED_RUNG = "completed_rung_";
    /** The process that claimed a trial: its worker record, for judging its liveness. */
    public static final String WORKER = PREFIX + "worker";
    public static final String RETRY_DEPTH = PREFIX + "retry_depth";
    /**
     * Trial attribute of a reserved trial whose parameters are not stored yet (the sampler proposes after the
     * reservation commits); removed when they are. A trial that ends holding it never ran and is not counted.
     */
    public static final String RESERVED = PREFIX + "reserved";
    /**
     * Trial attribute: the trial was interrupted by a deliberate stop (Ctrl-C, SIGTERM), not by a crash, so its retry
     * does not count against the retry limit, which is there to stop a configuration that crashes its worker.
     */
    public static final String STOPPED = PREFIX + "stopped";
    /** Optuna's system attribute on an enqueued (WAITING) trial: the parameters it fixes. */
    public static final String FIXED_PARAMS = "fixed_params";
    /**
     * Optuna's key of a trial's constraint values ({@code constraints_func} results, a list; each ≤ 0 when satisfied),
     * which its samplers and {@code best_trials} read.
     */
    public static final String CONSTRAINTS = "constraints";
    /**
     * Optuna's study attribute naming each objective, in order ({@code study.set_metric_names}): a list of strings,
     * which Optuna's API and dashboard show in place of {@code values_0}, {@code values_1}.
     */
    public static final String METRIC_NAMES = "study:metric_names";
    /** Optuna's own failure-reason key, read from trials Optuna ran. */
    public static final String OPTUNA_FAIL_REASON = "fail_reason";
    /** Trial attribute prefix: every metric of the epoch at step {@code k} under {@code sweep4j:metrics:k}. */
    public static final String METRICS = PREFIX + "metrics:";
    /** Trial attributes of the genetic sampler: the generation a trial belongs to, its parents and its genome. */
    public static final String GA_GENERATION = PREFIX + "ga:generation";
    public static final String GA_PARENTS = PREFIX + "ga:parents";
    public static final String GA_GENOME = PREFIX + "ga:genome";

    private Attributes() {
    }

    /** The key of the metrics of the epoch at {@code step}: {@code sweep4j:metrics:3}. */
    public static String metricsAt(int step) {
        return METRICS + step;
    }
}
