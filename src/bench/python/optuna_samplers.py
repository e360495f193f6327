"""Optuna's side of the sampler benchmark (run by io.sweep4j.bench.SamplerBenchmark with /usr/bin/python3).

Runs Optuna 4.9's TPESampler, default and multivariate (seeded), on the same landscapes as SamplerProblems.java,
and times TPE's proposals with 1 000 and 3 000 stored trials. Prints one JSON object:
{"optuna": version, "curves": {problem: {sampler: [[noise-free value of the best observed trial after trial 1..N]
per seed]}}, "millis": {"1000": ms, "3000": ms}}. The landscapes and the noise must stay identical to the Java ones.
Refuses to run (exit 2) under another Optuna than 4.9: set PYTHONPATH to src/test/python/third_party/optuna-4.9.0.
"""
import argparse
import json
import math
import sys
import time
import warnings

import optuna

REQUIRED = "4.9."

OPTIMIZERS = ["sgd", "momentum", "nesterov", "adam", "rmsprop"]
INITS = ["xavier", "he", "uniform", "normal", "orthogonal"]
LR_OPT = [-1.3, -2.0, -2.1, -3.0, -3.2]
OPT_PENALTY = [0.04, 0.015, 0.01, 0.0, 0.005]
INIT_PENALTY = [0.0, 0.005, 0.03, 0.02, 0.01]

H_ALPHA = [1.0, 1.2, 3.0, 3.2]
H_A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]]
H_P = [[1312, 1696, 5569, 124, 8283, 5886], [2329, 4135, 8307, 3736, 1004, 9991],
       [2348, 1451, 3522, 2883, 3047, 6650], [4047, 8828, 8732, 5743, 1091, 381]]

CNN_OPTIMIZERS = ["sgd", "momentum", "adam"]
ACTIVATIONS = ["relu", "tanh", "elu"]
CNN_LR = [-1.0, -1.0, -3.0]
CNN_OPT_PENALTY = [0.03, 0.0, 0.005]
ACT_PENALTY = [0.0, 0.02, 0.005]

BOOSTERS = ["gbtree", "dart", "gblinear"]
BOOSTER_PENALTY = [0.005, 0.0, 0.03]
BEST_DEPTH = [6, 5, 0]

MASK = (1 << 64) - 1


def mix(z):
    z &= MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


def noise(seed, number):
    """SamplerProblems.noise: SplitMix64's finaliser, then Box-Muller, in unsigned 64-bit arithmetic."""
    key = (seed * 1000003 + number) & MASK
    u1 = ((mix(key) >> 11) + 0.5) * 2.0 ** -53
    u2 = (mix(key + 0x9E3779B97F4A7C15) >> 11) * 2.0 ** -53
    return math.sqrt(-2 * math.log(u1)) * math.cos(2 * math.pi * u2)


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


def cnn7(trial):
    optimizer = trial.suggest_categorical("optimizer", CNN_OPTIMIZERS)
    momentum = trial.suggest_float("momentum", 0.5, 0.99) if optimizer == "momentum" else None
    lr = trial.suggest_float("lr", 1e-5, 1.0, log=True)
    batch = trial.suggest_int("batch", 16, 1024, log=True)
    filters = trial.suggest_int("filters", 8, 256, log=True)
    dropout = trial.suggest_float("dropout", 0.0, 0.7)
    activation = trial.suggest_categorical("activation", ACTIVATIONS)
    o = CNN_OPTIMIZERS.index(optimizer)
    e = lr
    momentum_penalty = 0.0
    if momentum is not None:
        e /= 1 - momentum
        momentum_penalty = 0.3 * (momentum - 0.9) * (momentum - 0.9)
    b = math.log(batch) / math.log(2) - 6
    c = math.log(filters) / math.log(2) - 6
    a = math.log10(e) - CNN_LR[o] - 0.2 * b
    d = dropout - 0.2 - 0.05 * c
    return (0.08 + CNN_OPT_PENALTY[o] + ACT_PENALTY[ACTIVATIONS.index(activation)] + 0.03 * a * a + momentum_penalty
            + 0.004 * b * b + 0.01 * (c - 1) * (c - 1) + 0.3 * d * d)


def boost7(trial):
    booster = trial.suggest_categorical("booster", BOOSTERS)
    rate_drop = trial.suggest_float("rate_drop", 0.0, 0.5) if booster == "dart" else None
    eta = trial.suggest_float("eta", 1e-3, 1.0, log=True)
    rounds = trial.suggest_int("rounds", 10, 3000, log=True)
    depth = trial.suggest_int("depth", 1, 12)
    subsample = trial.suggest_float("subsample", 0.4, 1.0)
    lam = trial.suggest_float("lambda", 1e-4, 10.0, log=True)
    b = BOOSTERS.index(booster)
    r = math.log10(rounds / 500)
    k = math.log10(eta * rounds / 10)
    f = 0.15 + BOOSTER_PENALTY[b] + 0.02 * k * k + 0.005 * r * r
    if b != 2:
        f += 0.002 * (depth - BEST_DEPTH[b]) ** 2
    if rate_drop is not None:
        f += 0.1 * (rate_drop - 0.1) ** 2
    s = subsample - 0.8
    l = math.log10(lam)
    return f + 0.05 * s * s + 0.004 * l * l


# name: (objective, optimum, noise standard deviation), in SamplerProblems.all()'s order
PROBLEMS = {
    "branin": (branin, 0.397887, 0.0),
    "hartmann6": (hartmann6, -3.32237, 0.0),
    "mixed6": (mixed6, 0.10, 0.0),
    "cnn7": (cnn7, 0.08, 0.002),
    "boost7": (boost7, 0.15, 0.002),
}
SAMPLERS = {
    "Optuna 4.9 TPE": lambda seed: optuna.samplers.TPESampler(seed=seed),
    "Optuna 4.9 TPE multivariate": lambda seed: optuna.samplers.TPESampler(seed=seed, multivariate=True),
}


def curve(problem, sigma, make_sampler, seed, trials):
    """The noise-free value of the best observed trial after each trial, as SamplerBenchmark.run."""
    def observed(trial):
        truth = problem(trial)
        trial.set_user_attr("truth", truth)
        return truth + sigma * noise(seed, trial.number) if sigma > 0 else truth

    study = optuna.create_study(sampler=make_sampler(seed), direction="minimize")
    study.optimize(observed, n_trials=trials)
    picked = []
    best, truth = math.inf, math.nan
    for t in study.trials:
        if t.value < best:
            best, truth = t.value, t.user_attrs["truth"]
        picked.append(truth)
    return picked


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


def check():
    """The landscapes at given points and the noise at given (seed, number) pairs, for SamplerProblemsMirrorTest."""
    request = json.load(sys.stdin)
    values = {name: [PROBLEMS[name][0](optuna.trial.FixedTrial(p)) for p in points]
              for name, points in request["points"].items()}
    json.dump({"values": values, "noise": [noise(s, n) for s, n in request["noise"]]}, sys.stdout)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--trials", type=int, default=100)
    parser.add_argument("--check", action="store_true",
                        help="read {points: {problem: [params]}, noise: [[seed, n]]} on stdin, print the values")
    args = parser.parse_args()
    if not optuna.__version__.startswith(REQUIRED):
        print("optuna_samplers.py: needs Optuna 4.9, this Python loads %s from %s; set PYTHONPATH to "
              "src/test/python/third_party/optuna-4.9.0" % (optuna.__version__, optuna.__file__), file=sys.stderr)
        sys.exit(2)
    if args.check:
        check()
        return
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    # multivariate=True is experimental in Optuna 4.9, and warns once per sampler about it and the dynamic spaces
    warnings.filterwarnings("ignore")
    curves = {}
    for name, (problem, _, sigma) in PROBLEMS.items():
        curves[name] = {}
        for sampler_name, make in SAMPLERS.items():
            curves[name][sampler_name] = [curve(problem, sigma, make, seed, args.trials) for seed in range(args.seeds)]
        print("optuna done " + name, file=sys.stderr)
    millis = {str(n): tpe_millis(n) for n in (1000, 3000)}
    json.dump({"optuna": optuna.__version__, "curves": curves, "millis": millis}, sys.stdout)


if __name__ == "__main__":
    main()
