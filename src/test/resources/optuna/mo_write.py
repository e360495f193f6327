"""Writes a 2-objective study (maximize accuracy, minimize size) with Optuna's NSGA-II sampler, constrained or not,
with failed trials and infinite values, then prints it as mo_read.py does."""
import json
import sys

import optuna

sys.path.insert(0, sys.path[0])
from mo_read import study_json  # noqa: E402


def objective(trial):
    x = trial.suggest_float("x", 0.0, 1.0)
    y = trial.suggest_float("y", 0.0, 1.0)
    layers = trial.suggest_int("layers", 1, 4)
    if trial.number % 11 == 7:
        raise RuntimeError("simulated failure")
    if trial.number == 5:
        return float("inf"), 30.0
    if trial.number == 6:
        return 0.5, float("-inf")
    if trial.number in (8, 9):
        return 0.75, 1.5  # the same point twice: both on the front, as neither dominates the other
    return 1.0 - (x - 0.3) ** 2 - 0.1 * layers, 10.0 * y + layers


def constraints(trial):
    # feasible when x <= 0.8 and y >= 0.2
    return [trial.params["x"] - 0.8, 0.2 - trial.params["y"]]


def main():
    storage, name, constrained = sys.argv[1], sys.argv[2], sys.argv[3] == "constrained"
    optuna.logging.set_verbosity(optuna.logging.ERROR)
    sampler = optuna.samplers.NSGAIISampler(seed=7, constraints_func=constraints if constrained else None)
    study = optuna.create_study(study_name=name, storage=storage, directions=["maximize", "minimize"],
                                sampler=sampler)
    if hasattr(study, "set_metric_names"):
        study.set_metric_names(["accuracy", "size"])
    study.optimize(objective, n_trials=30, catch=(RuntimeError,))
    print(json.dumps(study_json(study)))


if __name__ == "__main__":
    main()
