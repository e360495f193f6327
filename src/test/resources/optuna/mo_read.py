"""Loads a multi-objective study with Optuna's own API and prints it as JSON: directions, each trial's values and
constraints, and Optuna's Pareto front (best_trials, and its front function over the feasible trials, which is what
Optuna 4.x's best_trials is in a constrained study and Optuna 3.1's is not)."""
import json
import math
import sys

import optuna
from optuna.study._multi_objective import _get_pareto_front_trials_by_trials


def num(v):
    if isinstance(v, float) and not math.isfinite(v):
        return str(v)
    return v


def study_json(study):
    trials = study.trials
    complete = [t for t in trials if t.state == optuna.trial.TrialState.COMPLETE]
    feasible = [t for t in complete if "constraints" in t.system_attrs
                and all(c <= 0.0 for c in t.system_attrs["constraints"])]
    constrained = any("constraints" in t.system_attrs for t in trials)
    return {
        "directions": [d.name for d in study.directions],
        "metric_names": getattr(study, "metric_names", None),
        "trials": [{
            "number": t.number,
            "state": t.state.name,
            "values": None if t.values is None else [num(v) for v in t.values],
            "params": t.params,
            "constraints": t.system_attrs.get("constraints"),
        } for t in trials],
        "best_trials": [t.number for t in study.best_trials],
        "feasible_front": sorted(t.number for t in _get_pareto_front_trials_by_trials(
            feasible if constrained else complete, study.directions)),
    }


def main():
    storage, name = sys.argv[1], sys.argv[2]
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    print(json.dumps(study_json(optuna.load_study(study_name=name, storage=storage))))


if __name__ == "__main__":
    main()
