"""Writes a study with Optuna itself (every distribution kind, COMPLETE/PRUNED/FAIL trials, NaN and inf
intermediate values), then prints it as read_study.py does, for sweep4j to list and rank."""
import json
import sys

import optuna

sys.path.insert(0, sys.path[0])
from read_study import trial_json  # noqa: E402


def objective(trial):
    lr = trial.suggest_float("lr", 1e-5, 1e-1, log=True)
    dropout = trial.suggest_float("dropout", 0.0, 0.5, step=0.1)
    layers = trial.suggest_int("layers", 1, 6)
    batch = trial.suggest_int("batch", 16, 256, log=True)
    opt = trial.suggest_categorical("optimizer", ["sgd", "adam", "rmsprop"])
    if opt == "sgd":
        trial.suggest_float("momentum", 0.0, 0.99)
    trial.set_user_attr("note", "opt=" + opt)
    value = (lr * 100 - 0.3) ** 2 + dropout + layers / 10 + batch / 1000
    for step in range(3):
        trial.report(value + 1 - step * 0.1, step)
    if trial.number % 7 == 3:
        trial.report(float("nan"), 3)
        raise optuna.TrialPruned()
    if trial.number % 7 == 5:
        trial.report(float("inf"), 3)
        raise RuntimeError("simulated failure")
    return value


def main():
    storage = sys.argv[1]
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    study = optuna.create_study(study_name="written-by-optuna", storage=storage, direction="minimize",
                                sampler=optuna.samplers.RandomSampler(seed=11))
    study.optimize(objective, n_trials=25, catch=(RuntimeError,))
    print(json.dumps({
        "direction": study.direction.name,
        "trials": [trial_json(t) for t in study.trials],
        "best": trial_json(study.best_trial),
    }))


if __name__ == "__main__":
    main()
