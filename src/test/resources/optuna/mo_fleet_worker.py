"""One Optuna worker of a mixed fleet on a 2-objective study (accuracy against size): runs N trials of study
"mofleet" with NSGA-II and a constraint (accuracy >= 0.2) beside sweep4j workers on the same storage."""
import json
import sys
import time

import optuna


def objective(trial):
    x = trial.suggest_float("x", 0.0, 1.0)
    n = trial.suggest_int("n", 0, 9)
    trial.set_user_attr("by", "optuna")
    # Optuna calls constraints_func before it stores the values: the constraint comes through a user attribute
    trial.set_user_attr("constraint", [0.2 - (1.0 - x)])
    time.sleep(0.05)
    return 1.0 - x, 10.0 * (1.0 - x) + n


def main():
    storage, n = sys.argv[1], int(sys.argv[2])
    optuna.logging.set_verbosity(optuna.logging.ERROR)
    sampler = optuna.samplers.NSGAIISampler(seed=5, constraints_func=lambda t: t.user_attrs["constraint"])
    study = optuna.create_study(study_name="mofleet", storage=storage, directions=["maximize", "minimize"],
                                load_if_exists=True, sampler=sampler)
    if hasattr(study, "set_metric_names"):
        study.set_metric_names(["accuracy", "size"])
    study.optimize(objective, n_trials=n)
    mine = [t.number for t in study.trials if t.user_attrs.get("by") == "optuna"]
    print(json.dumps({"numbers": mine, "states": [t.state.name for t in study.trials]}))


if __name__ == "__main__":
    main()
