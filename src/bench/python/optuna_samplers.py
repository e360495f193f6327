"""Optuna's side of the sampler benchmark (run by io.sweep4j.bench.SamplerBenchmark with /usr/bin/python3).

Runs Optuna's RandomSampler, TPESampler and NSGAIISampler (default settings, seeded) on the same problems as
SamplerBenchmark.java, and times TPE's proposals with 1 000 and 3 000 stored trials. Prints one JSON object:
{"curves": {problem: {sampler: [[best value after trial 1..N] per seed]}}, "millis": {"1000": ms, "3000": ms}}.
The problems must stay identical to the Java definitions.
"""
import argparse
import json
import math
import sys
import time

import numpy as np
import optuna

OPTIMIZERS = ["sgd", "momentum", "nesterov", "adam", "rmsprop"]
INITS = ["xavier", "he", "uniform", "normal", "orthogonal"]
LR_OPT = [-1.3, -2.0, -2.1, -3.0, -3.2]
OPT_PENALTY = [0.04, 0.015, 0.01, 0.0, 0.005]
INIT_PENALTY = [0.0, 0.005, 0.03, 0.02, 0.01]

H_ALPHA = [1.0, 1.2, 3.0, 3.2]
H_A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]]
H_P = [[1312, 1696, 5569, 124, 8283, 5886], [2329, 4135, 8307, 3736, 1004, 9991],
       [2348, 1451, 3522, 2883, 3047, 6650], [4047, 8828, 8732, 5743, 1091, 381]]


def branin(trial):
    x1 = trial.suggest_float("x1", -5, 10)
    x2 = trial.suggest_float("x2", 0, 15)
    b = 5.1 / (4 * math.pi ** 2)
    c = 5 / math.pi
    t = 1 / (8 * math.pi)
    return (x2 - b * x1 * x1 + c * x1 - 6) ** 2 + 10 * (1 - t) * math.cos(x1) + 10


def hartmann6(trial):
    x = [trial.suggest_float("x%d" % i, 0, 1) for i in range(6)]
    total = 0.0
    for i in range(4):
        inner = sum(H_A[i][j] * (x[j] - H_P[i][j] * 1e-4) ** 2 for j in range(6))
        total += H_ALPHA[i] * math.exp(-inner)
    return -total


def mixed6(trial):
    lr = trial.suggest_float("lr", 1e-4, 1e-1, log=True)
    optimizer = trial.suggest_categorical("optimizer", OPTIMIZERS)
    init = trial.suggest_categorical("init", INITS)
    dropout = trial.suggest_float("dropout", 0.0, 0.6)
    batch = trial.suggest_int("batch", 16, 512, log=True)
    l2 = trial.suggest_float("l2", 1e-6, 1e-2, log=True)
    o = OPTIMIZERS.index(optimizer)
    i = INITS.index(init)
    b = math.log(batch) / math.log(2) - 6
    a = math.log10(lr) - LR_OPT[o] - 0.15 * b
    l2e = math.log10(l2) + 4
    return (0.10 + OPT_PENALTY[o] + INIT_PENALTY[i] + 0.08 * a * a + 0.01 * b * b
            + 0.2 * (dropout - 0.25) ** 2 + 0.005 * l2e * l2e)


PROBLEMS = {"branin": branin, "hartmann6": hartmann6, "mixed6": mixed6}
SAMPLERS = {
    "random": lambda seed: optuna.samplers.RandomSampler(seed=seed),
    "TPE": lambda seed: optuna.samplers.TPESampler(seed=seed),
    "NSGA-II": lambda seed: optuna.samplers.NSGAIISampler(seed=seed),
}


def curve(problem, make_sampler, seed, trials):
    study = optuna.create_study(sampler=make_sampler(seed), direction="minimize")
    study.optimize(problem, n_trials=trials)
    return np.minimum.accumulate([t.value for t in study.trials]).tolist()


def tpe_millis(stored, reps=40):
    """Mean CPU ms of ask + suggest + tell with `stored` random trials already in an in-memory study."""
    warm = optuna.create_study(sampler=optuna.samplers.RandomSampler(seed=99), direction="minimize")
    warm.optimize(mixed6, n_trials=stored)
    study = optuna.create_study(sampler=optuna.samplers.TPESampler(seed=1), direction="minimize")
    study.add_trials(warm.trials)
    for _ in range(5):
        trial = study.ask()
        study.tell(trial, mixed6(trial))
    # CPU time, as on the Java side, so other load on the machine does not skew the ratio
    start = time.process_time()
    for _ in range(reps):
        trial = study.ask()
        study.tell(trial, mixed6(trial))
    return (time.process_time() - start) * 1000 / reps


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--trials", type=int, default=100)
    args = parser.parse_args()
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    curves = {}
    for name, problem in PROBLEMS.items():
        curves[name] = {}
        for sampler_name, make in SAMPLERS.items():
            curves[name][sampler_name] = [curve(problem, make, seed, args.trials) for seed in range(args.seeds)]
        print("optuna done " + name, file=sys.stderr)
    millis = {str(n): tpe_millis(n) for n in (1000, 3000)}
    json.dump({"optuna": optuna.__version__, "curves": curves, "millis": millis}, sys.stdout)


if __name__ == "__main__":
    main()
