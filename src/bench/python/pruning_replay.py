"""Replays the learning curves of `sweep bench pruning`'s no-pruning arm through Optuna's own pruners.

Every trial of that arm ran all its epochs, and a trial's curve is the same in every arm (its training is seeded
by its number, the random sampler's parameters by the seed), so any pruner can be replayed on the recorded curves
without training again: which trials it would stop, how many epochs it would train, the best validation accuracy it
would keep. Two things a single benchmark run fixes by chance are varied here:

- the study's name: Hyperband assigns each trial to a bracket by crc32("{study_name}_{number}"), so with 40 trials
  the name alone decides how many trials fall in its aggressive and its patient brackets;
- the interleaving: at parallelism 2 a rung's bar depends on which trials reached it first.

Each (configuration, curves) cell replays `--names` study names, each with one seeded random interleaving of two
trials at a time, and prints the spread of the epochs trained (as a share of no pruning's) and of the best
validation accuracy (points from no pruning's best), and how many replays met both targets of issue #11 (<= 35 %
of the epochs, within 0.3 points). Analysis, not a measurement: the benchmark's own runs are the figures.

    PYTHONPATH=src/test/python/third_party/optuna-4.9.0 /usr/bin/python3 src/bench/python/pruning_replay.py \
        --curves results/pruning-bench/pruning-none.db [--curves other-none.db] [--names 30] \
        [--config asha:1,3 --config hyperband:1,20,3 ...]
"""
import argparse
import os
import random
import sqlite3
import statistics
import sys

import optuna

EPOCH_SHARE_TARGET = 35.0
POINTS_TARGET = -0.3


def read_curves(db, usage):
    """Trial number -> validation accuracy per epoch, from a no-pruning arm's database."""
    if not os.path.isfile(db):
        usage(f"--curves {db}: no such file; give the database `sweep bench pruning --arms none` wrote")
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    curves = {}
    for number, value in con.execute(
            "SELECT t.number, i.intermediate_value FROM trials t JOIN trial_intermediate_values i"
            " ON i.trial_id = t.trial_id ORDER BY t.number, i.step"):
        curves.setdefault(number, []).append(value)
    con.close()
    if not curves:
        usage(f"--curves {db}: no learning curves in it; give the database of `sweep bench pruning --arms none`")
    return curves


def best_of(curve):
    finite = [v for v in curve if v is not None and v == v]
    return max(finite) if finite else None


def replay(curves, pruner, study_name, rng, parallel=2):
    """Epochs trained and (number, value) of the best trial the pruner lets complete."""
    study = optuna.create_study(study_name=study_name, direction="maximize", pruner=pruner)
    queue = sorted(curves)
    running = []  # [optuna trial, curve, next step, number]
    epochs = 0
    kept = {}
    while queue or running:
        while queue and len(running) < parallel:
            number = queue.pop(0)
            running.append([study.ask(), curves[number], 0, number])
        entry = rng.choice(running)
        trial, curve, step, number = entry
        value = curve[step] if step < len(curve) else None
        if value is None or value != value:  # the curve ended (or diverged: NaN ends the training)
            best = best_of(curve[:step])
            state = optuna.trial.TrialState.COMPLETE if best is not None else optuna.trial.TrialState.FAIL
            study.tell(trial, best, state=state)
            if best is not None:
                kept[number] = best
            running.remove(entry)
            continue
        trial.report(value, step)
        epochs += 1
        entry[2] = step + 1
        if trial.should_prune():
            study.tell(trial, state=optuna.trial.TrialState.PRUNED)
            running.remove(entry)
    best = max(kept.items(), key=lambda kv: kv[1]) if kept else (None, float("nan"))
    return epochs, best


def pruner_of(spec, usage):
    kind, _, args = spec.partition(":")
    try:
        numbers = [int(x) for x in args.split(",")] if args else []
    except ValueError:
        numbers = []
    if kind == "asha" and len(numbers) == 2:
        return lambda: optuna.pruners.SuccessiveHalvingPruner(min_resource=numbers[0], reduction_factor=numbers[1])
    if kind == "hyperband" and len(numbers) == 3:
        return lambda: optuna.pruners.HyperbandPruner(min_resource=numbers[0], max_resource=numbers[1],
                                                      reduction_factor=numbers[2])
    usage(f"--config {spec}: give asha:MIN,ETA or hyperband:MIN,MAX,ETA, e.g. hyperband:1,20,3")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--curves", action="append", required=True, help="a no-pruning arm's database")
    parser.add_argument("--names", type=int, default=30, help="study names (bracket draws) per cell")
    parser.add_argument("--config", action="append", help="asha:MIN,ETA or hyperband:MIN,MAX,ETA")
    parser.add_argument("--seed", type=int, default=1, help="seed of the interleavings")
    a = parser.parse_args()
    if a.names < 1:
        parser.error(f"--names {a.names}: give at least 1")
    configs = a.config or ["asha:1,3", "hyperband:1,20,3"]
    makers = [(c, pruner_of(c, parser.error)) for c in configs]
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    print(f"Optuna {optuna.__version__}; {a.names} study names per cell, one random interleaving of 2 trials each;"
          f" targets: <= {EPOCH_SHARE_TARGET:.0f} % of the epochs, within {-POINTS_TARGET} points\n")
    print("| curves | pruner | epochs, % of none: median (min-max) | best val, points from none: median (min) |"
          " both targets met |")
    print("|---|---|---|---|---|")
    for db in a.curves:
        curves = read_curves(db, parser.error)
        total = sum(len(c) for c in curves.values())
        none_best = max(b for b in (best_of(c) for c in curves.values()) if b is not None)
        for label, make in makers:
            rng = random.Random(a.seed)
            shares, points, met = [], [], 0
            for i in range(a.names):
                epochs, (_, best) = replay(curves, make(), f"replay-{i}", rng)
                share, pts = 100.0 * epochs / total, 100.0 * (best - none_best)
                shares.append(share)
                points.append(pts)
                met += share <= EPOCH_SHARE_TARGET and pts >= POINTS_TARGET
            print(f"| {db} | {label} | {statistics.median(shares):.1f} ({min(shares):.1f}-{max(shares):.1f}) |"
                  f" {statistics.median(points):+.2f} ({min(points):+.2f}) | {met}/{a.names} |", flush=True)


if __name__ == "__main__":
    main()
