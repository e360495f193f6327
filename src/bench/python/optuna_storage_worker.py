"""One Optuna RDBStorage worker for `sweep bench storage`: loads the shared study and runs N random trials of the
six-parameter space, each sleeping SLEEP_MS (0 for the trivial objective). Waits at the benchmark's start line
(START_DIR: says ready-<pid>, waits for go) after loading Optuna and the study, as the sweep4j workers do; with
WARMUP > 0 it first runs that many trivial trials on the shared study "warmup", beside the other workers, as they
do."""
import os
import sys
import time

import optuna


def main():
    storage, n_trials, sleep_ms, start_dir = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
    warmup = int(sys.argv[5]) if len(sys.argv) > 5 else 0
    optuna.logging.set_verbosity(optuna.logging.ERROR)
    if warmup > 0:
        shared = optuna.create_study(study_name="warmup", storage=storage, load_if_exists=True,
                                     sampler=optuna.samplers.RandomSampler())
        shared.optimize(make_objective(0), n_trials=warmup)
    study = optuna.load_study(study_name="bench", storage=storage, sampler=optuna.samplers.RandomSampler())

    open(os.path.join(start_dir, "ready-%d" % os.getpid()), "x").close()
    while not os.path.exists(os.path.join(start_dir, "go")):
        time.sleep(0.001)

    study.optimize(make_objective(sleep_ms), n_trials=n_trials)


def make_objective(sleep_ms):
    def objective(trial):
        lr = trial.suggest_float("lr", 1e-4, 1e-1, log=True)
        trial.suggest_categorical("optimizer", ["sgd", "momentum", "nesterov", "adam", "rmsprop"])
        trial.suggest_categorical("init", ["xavier", "he", "uniform", "normal", "orthogonal"])
        dropout = trial.suggest_float("dropout", 0.0, 0.6)
        trial.suggest_categorical("batchSize", [32, 64, 128, 256])
        trial.suggest_float("l2", 1e-6, 1e-2, log=True)
        if sleep_ms > 0:
            time.sleep(sleep_ms / 1000)
        return lr + dropout

    return objective


if __name__ == "__main__":
    main()
