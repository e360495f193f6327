"""One Optuna worker of a mixed fleet: runs N trials of study "fleet" beside sweep4j workers on the same storage."""
import json
import sys
import time

import optuna


def objective(trial):
    x = trial.suggest_float("x", 0.0, 1.0)
    n = trial.suggest_int("n", 0, 9)
    trial.set_user_attr("by", "optuna")
    time.sleep(0.05)
    return x + n


def main():
    storage, n = sys.argv[1], int(sys.argv[2])
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    study = optuna.create_study(study_name="fleet", storage=storage, direction="minimize", load_if_exists=True,
                                sampler=optuna.samplers.RandomSampler(seed=5))
    study.optimize(objective, n_trials=n)
    mine = [t.number for t in study.trials if t.user_attrs.get("by") == "optuna"]
    print(json.dumps({"numbers": mine, "states": [t.state.name for t in study.trials]}))


if __name__ == "__main__":
    main()
