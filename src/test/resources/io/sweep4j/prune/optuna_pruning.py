"""Replays hand-made learning curves through a real Optuna pruner and prints its decisions as JSON.

Input (stdin, JSON, a list of cases), each: study name, direction, pruner spec, curves (one list of values per trial), schedule (the
order of (trial index, step) reports: trial numbers follow first appearance), and how many bracket ids to list.
Output: Optuna's version, the step each trial was pruned at (-1: ran to its end), each trial's completed_rung_k
system attributes, and Hyperband's bracket for trial numbers 0..n-1.
"""
import json
import sys
import types

import optuna

optuna.logging.set_verbosity(optuna.logging.ERROR)

def run(spec):
    kind = spec["pruner"]["kind"]
    args = spec["pruner"]["args"]
    if kind == "percentile":
        pruner = optuna.pruners.PercentilePruner(args["percentile"], n_startup_trials=args["startup"],
                                                 n_warmup_steps=args["warmup"], interval_steps=args["interval"],
                                                 n_min_trials=args["min_trials"])
    elif kind == "asha":
        pruner = optuna.pruners.SuccessiveHalvingPruner(min_resource=args["min"], reduction_factor=args["eta"],
                                                        min_early_stopping_rate=args["rate"],
                                                        bootstrap_count=args["bootstrap"])
    elif kind == "hyperband":
        pruner = optuna.pruners.HyperbandPruner(min_resource=args["min"], max_resource=args["max"],
                                                reduction_factor=args["eta"], bootstrap_count=args["bootstrap"])
    else:
        raise SystemExit("unknown pruner " + kind)

    study = optuna.create_study(study_name=spec["study"], direction=spec["direction"], pruner=pruner)
    curves = spec["curves"]
    trials = {}
    pruned = [-1] * len(curves)
    done = set()
    for index, step in spec["schedule"]:
        if index in done:
            continue
        if index not in trials:
            trials[index] = study.ask()
        trial = trials[index]
        trial.report(curves[index][step], step)
        if trial.should_prune():
            pruned[index] = step
            study.tell(trial, state=optuna.trial.TrialState.PRUNED)
            done.add(index)
        elif step == len(curves[index]) - 1:
            study.tell(trial, curves[index][step])
            done.add(index)

    attrs = []
    for index in range(len(curves)):
        frozen = study._storage.get_trial(trials[index]._trial_id) if index in trials else None
        attrs.append({k: v for k, v in (frozen.system_attrs.items() if frozen else []) if k.startswith("completed_rung_")})

    brackets = []
    if kind == "hyperband":
        if not pruner._pruners:
            pruner._try_initialization(study)
        fake_study = types.SimpleNamespace(study_name=spec["study"])
        for number in range(spec["brackets"]):
            brackets.append(pruner._get_bracket_id(fake_study, types.SimpleNamespace(number=number)))
        brackets_count = pruner._n_brackets
    else:
        brackets_count = 0

    return {"version": optuna.__version__, "pruned": pruned, "attrs": attrs, "brackets": brackets,
            "bracket_count": brackets_count}


print(json.dumps([run(spec) for spec in json.loads(sys.stdin.read())]))
