"""Optuna's side of the multi-objective benchmark (run by io.sweep4j.bench.MultiObjectiveBenchmark).

Runs Optuna's NSGAIISampler and TPESampler (default settings, seeded) on the problems of
MultiObjectiveProblems.java (the definitions must stay identical) and prints one JSON object:
{"optuna": version, "values": {problem: {sampler: [[[objective values] per trial] per seed]}},
 "cpu_ms": {sampler: total CPU ms of ask + suggest + tell}, "trials": {sampler: trials run}}.
--problems and --first-seed run a share of the work, so several processes can share it; --samplers NSGA-II runs
one sampler (the Java side times NSGA-II alone that way).
The hypervolume is computed on the Java side, so both sides are measured by one code.
Refuses (exit 3) unless the Optuna it loads is 4.9.
"""
import argparse
import json
import math
import sys
import time

import optuna

OPTIMIZERS = ["sgd", "momentum", "adam", "rmsprop"]
LR_OPT = [-1.0, -1.7, -3.0, -2.7]
OPT_ERROR = [0.06, 0.03, 0.0, 0.01]
ACTIVATIONS = ["relu", "tanh", "elu"]
ACT_ERROR = [0.0, 0.04, 0.01]
ACT_COST = [0.0, 0.03, 0.06]


def zdt(kind, n):
    def objective(trial):
        x = [trial.suggest_float("x%d" % i, 0, 1) for i in range(n)]
        f1 = x[0]
        g = 1 + 9 * sum(x[1:]) / (n - 1)
        r = f1 / g
        if kind == 1:
            h = 1 - math.sqrt(r)
        elif kind == 2:
            h = 1 - r * r
        else:
            h = 1 - math.sqrt(r) - r * math.sin(10 * math.pi * f1)
        return f1, g * h
    return objective


def dtlz2(n, m):
    def objective(trial):
        x = [trial.suggest_float("x%d" % i, 0, 1) for i in range(n)]
        g = sum((xi - 0.5) ** 2 for xi in x[m - 1:])
        f = []
        for i in range(m):
            v = 1 + g
            for j in range(m - 1 - i):
                v *= math.cos(x[j] * math.pi / 2)
            if i > 0:
                v *= math.sin(x[m - 1 - i] * math.pi / 2)
            f.append(v)
        return tuple(f)
    return objective


def mixed(trial):
    lr = trial.suggest_float("lr", 1e-5, 1e-1, log=True)
    width = trial.suggest_int("width", 8, 1024, log=True)
    optimizer = trial.suggest_categorical("optimizer", OPTIMIZERS)
    activation = trial.suggest_categorical("activation", ACTIVATIONS)
    dropout = trial.suggest_float("dropout", 0.0, 0.5)
    o = OPTIMIZERS.index(optimizer)
    a = ACTIVATIONS.index(activation)
    w = math.log(width) / math.log(2)
    d = math.log10(lr) - LR_OPT[o] + 0.1 * (w - 7)
    error = 0.05 + 0.05 * d * d + 0.6 / w + OPT_ERROR[o] + ACT_ERROR[a] + 0.3 * (dropout - 0.2 - 0.02 * w) ** 2
    cost = (w - 3) / 7 + ACT_COST[a] + 0.02 * o
    return error, cost


def problems(zdt_vars):
    return {
        "ZDT1": (zdt(1, zdt_vars), 2),
        "ZDT2": (zdt(2, zdt_vars), 2),
        "ZDT3": (zdt(3, zdt_vars), 2),
        "DTLZ2": (dtlz2(12, 3), 3),
        "mixed": (mixed, 2),
    }


SAMPLERS = {
    "NSGA-II": lambda seed: optuna.samplers.NSGAIISampler(seed=seed),
    "TPE": lambda seed: optuna.samplers.TPESampler(seed=seed),
}


def run(objective, m, make_sampler, seed, trials):
    """Sequential ask-tell; returns each trial's values and the CPU seconds of ask + suggest_* + tell.

    The suggest_* calls happen inside the objective, so its arithmetic (microseconds) is counted too.
    """
    study = optuna.create_study(directions=["minimize"] * m, sampler=make_sampler(seed))
    spent = 0.0
    values = []
    for _ in range(trials):
        start = time.process_time()
        trial = study.ask()
        v = objective(trial)
        study.tell(trial, v)
        spent += time.process_time() - start
        values.append(list(v))
    return values, spent


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--first-seed", type=int, default=0)
    parser.add_argument("--trials", type=int, default=300)
    parser.add_argument("--zdt-vars", type=int, default=10)
    parser.add_argument("--problems", default="ZDT1,ZDT2,ZDT3,DTLZ2,mixed")
    parser.add_argument("--samplers", default=",".join(SAMPLERS))
    args = parser.parse_args()
    if not optuna.__version__.startswith("4.9."):
        print("refusing: this benchmark compares against Optuna 4.9, but %s loaded Optuna %s from %s"
              % (sys.executable, optuna.__version__, optuna.__file__), file=sys.stderr)
        sys.exit(3)
    print("Optuna %s from %s" % (optuna.__version__, optuna.__file__), file=sys.stderr)
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    values = {}
    samplers = {name: make for name, make in SAMPLERS.items() if name in args.samplers.split(",")}
    cpu = {name: 0.0 for name in samplers}
    count = {name: 0 for name in samplers}
    chosen = args.problems.split(",")
    for problem, (objective, m) in problems(args.zdt_vars).items():
        if problem not in chosen:
            continue
        values[problem] = {}
        for name, make in samplers.items():
            runs = []
            for seed in range(args.first_seed, args.first_seed + args.seeds):
                v, spent = run(objective, m, make, seed, args.trials)
                runs.append(v)
                cpu[name] += spent
                count[name] += args.trials
            values[problem][name] = runs
        print("optuna done " + problem, file=sys.stderr, flush=True)
    cpu_ms = {name: cpu[name] * 1000 for name in samplers}
    json.dump({"optuna": optuna.__version__, "values": values, "cpu_ms": cpu_ms, "trials": count}, sys.stdout)


if __name__ == "__main__":
    main()
