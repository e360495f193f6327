"""Loads a study with Optuna's own API and prints it as JSON: what Optuna sees in a file sweep4j wrote."""
import json
import math
import sys

import optuna


def num(v):
    if isinstance(v, float) and not math.isfinite(v):
        return str(v)
    return v


def trial_json(t):
    return {
        "number": t.number,
        "state": t.state.name,
        "value": num(t.value),
        "params": {k: num(v) for k, v in t.params.items()},
        "distributions": {k: type(d).__name__ for k, d in t.distributions.items()},
        "intermediate": {str(k): num(v) for k, v in t.intermediate_values.items()},
        "user_attrs": t.user_attrs,
        "system_attrs": t.system_attrs,
        "has_start": t.datetime_start is not None,
        "has_complete": t.datetime_complete is not None,
    }


def main():
    storage, name = sys.argv[1], sys.argv[2]
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    study = optuna.load_study(study_name=name, storage=storage)
    out = {
        "direction": study.direction.name,
        "trials": [trial_json(t) for t in study.trials],
        "best": trial_json(study.best_trial),
        "study_names": [s.study_name for s in optuna.get_all_study_summaries(storage)],
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
