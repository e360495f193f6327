package io.sweep4j.cli;

import io.sweep4j.space.UsageException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code sweep} command: run studies, and list, rank and export what they stored. Exit 0 / 1 / 2 (usage). */
@Command(name = "sweep", mixinStandardHelpOptions = true, version = "sweep4j 0.1.0",
        description = "Hyperparameter search for Deeplearning4j; studies are stored in Optuna's schema (SQLite,"
                + " or PostgreSQL for many machines).",
        subcommands = {RunCommand.class, StudiesCommand.class, TrialsCommand.class, BestCommand.class,
            BackupCommand.class, ReportCommand.class, ImportanceCommand.class, ExportCommand.class,
            UpgradeCommand.class, DashboardCommand.class, CommandLine.HelpCommand.class},
        footer = "In a source checkout, ./sweep bench runs the benchmarks of src/bench (not in the library jar).")
public final class Main implements Runnable {
    static final int USAGE = 2;
    static final int FAILURE = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code (tests call this instead of {@link #main}). */
    public static int execute(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            Throwable cause = unwrap(e);
            if (cause instanceof CommandLine.ParameterException pe) {
                cmd.getErr().println("error: " + pe.getMessage());
                pe.getCommandLine().usage(cmd.getErr());
                return USAGE;
            }
            if (cause instanceof UsageException) {
                cmd.getErr().println("error: " + cause.getMessage());
                return USAGE;
            }
            cmd.getErr().println("error: " + (cause.getMessage() == null ? cause.toString() : cause.getMessage()));
            if (System.getenv("SWEEP_DEBUG") != null) {
                cause.printStackTrace(cmd.getErr());
            }
            return FAILURE;
        });
        return cl.execute(args);
    }

    static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof java.lang.reflect.InvocationTargetException || t instanceof StudyFailedException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "give a command: run, studies, trials, best, importance, report, export, backup, upgrade");
    }
}
