"""Optuna 4.9's TPE split on recorded trials, for MultiObjectiveTpeTest.

stdin: a JSON list of cases {directions, n_below, constrained, complete_only, trials: [{number, state, values,
constraints, intermediate}]}; stdout: per case {below: [numbers], weights: [per below trial, trial order] or null}.
"""
import json
import sys

import optuna
from optuna.distributions import FloatDistribution
from optuna.samplers._tpe.sampler import _calculate_weights_below_for_multi_objective
from optuna.samplers._tpe.sampler import _split_complete_trials
from optuna.samplers._tpe.sampler import _split_trials
from optuna.trial import TrialState

optuna.logging.set_verbosity(optuna.logging.ERROR)
STATES = {"COMPLETE": TrialState.COMPLETE, "PRUNED": TrialState.PRUNED, "RUNNING": TrialState.RUNNING}


def frozen(t):
    attrs = {} if t.get("constraints") is None else {"constraints": tuple(t["constraints"])}
    trial = optuna.trial.create_trial(
        state=STATES[t["state"]],
        values=t.get("values"),
        params={"x": 0.5},
        distributions={"x": FloatDistribution(0, 1)},
        system_attrs=attrs,
        intermediate_values={int(k): v for k, v in (t.get("intermediate") or {}).items()},
    )
    trial.number = t["number"]
    return trial


out = []
for case in json.load(sys.stdin):
    study = optuna.create_study(directions=case["directions"])
    trials = [frozen(t) for t in case["trials"]]
    if case["complete_only"]:
        below, _ = _split_complete_trials(trials, study, case["n_below"])
    else:
        below, _ = _split_trials(study, trials, case["n_below"], case["constrained"])
    below = sorted(below, key=lambda t: t.number)
    weights = None
    if len(case["directions"]) > 1 and all(t.state == TrialState.COMPLETE for t in below):
        constraints_func = (lambda t: t.system_attrs.get("constraints", (float("inf"),))) if case["constrained"] else None
        weights = _calculate_weights_below_for_multi_objective(study, below, constraints_func).tolist()
    out.append({"below": [t.number for t in below], "weights": weights})
json.dump(out, sys.stdout)
