"""Optuna's side of OverheadBenchmark: a trivial objective over the same six parameters, timed per trial.

Prints "START <epoch ms>" once and "END <epoch ms>" after each trial, so the Java side computes the same
per-trial figures for both frameworks. Run with Debian's /usr/bin/python3 (python3-optuna 3.1).
"""
import argparse
import time

import optuna

GRID = {
    "lr": [1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2],
    "optimizer": ["sgd", "momentum", "nesterov", "adam", "rmsprop"],
    "init": ["xavier", "he", "orthogonal"],
    "dropout": [0.0, 0.25, 0.5],
    "batchSize": [32, 64, 128, 256],
    "l2": [1e-6, 1e-4, 1e-2],
}


def objective_random(trial):
    trial.suggest_float("lr", 1e-4, 1e-1, log=True)
    trial.suggest_categorical("optimizer", ["sgd", "momentum", "nesterov", "adam", "rmsprop"])
    trial.suggest_categorical("init", ["xavier", "he", "uniform", "normal", "orthogonal"])
    dropout = trial.suggest_float("dropout", 0.0, 0.6)
    trial.suggest_categorical("batchSize", [32, 64, 128, 256])
    trial.suggest_float("l2", 1e-6, 1e-2, log=True)
    return dropout + 6


def objective_grid(trial):
    values = [trial.suggest_categorical(k, v) for k, v in GRID.items()]
    return values[3] + 6


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--storage", required=True)
    ap.add_argument("--sampler", choices=["random", "grid"], required=True)
    ap.add_argument("--trials", type=int, required=True)
    a = ap.parse_args()
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    if a.sampler == "random":
        sampler, objective = optuna.samplers.RandomSampler(seed=42), objective_random
    else:
        sampler, objective = optuna.samplers.GridSampler(GRID, seed=42), objective_grid
    study = optuna.create_study(storage=a.storage, sampler=sampler, study_name="overhead")

    def done(_study, _trial):
        print("END %.3f" % (time.time() * 1000), flush=True)

    print("START %.3f" % (time.time() * 1000), flush=True)
    study.optimize(objective, n_trials=a.trials, callbacks=[done])


if __name__ == "__main__":
    main()
