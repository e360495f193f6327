"""Optuna 4.9's NSGA-II elite population selection on recorded trials, for Nsga2SamplerTest.

stdin: a JSON list of cases {directions, size, constrained, trials: [{number, values, constraints}]};
stdout: per case {certain: [numbers], possible: [numbers], count: n}: the trials Optuna keeps for sure (whole fronts,
and members of the cut front strictly less crowded than the cut), the members of the cut front tied with the cut
(Optuna keeps some of them by its sort order, which sweep4j need not follow), and how many it keeps.
"""
import json
import sys

import optuna
from optuna.distributions import FloatDistribution
from optuna.samplers.nsgaii._elite_population_selection_strategy import NSGAIIElitePopulationSelectionStrategy
from optuna.samplers.nsgaii._elite_population_selection_strategy import _calc_crowding_distance
from optuna.samplers.nsgaii._elite_population_selection_strategy import _rank_population
from optuna.trial import TrialState

optuna.logging.set_verbosity(optuna.logging.ERROR)


def frozen(t):
    attrs = {} if t.get("constraints") is None else {"constraints": tuple(t["constraints"])}
    trial = optuna.trial.create_trial(state=TrialState.COMPLETE, values=t["values"], params={"x": 0.5},
                                      distributions={"x": FloatDistribution(0, 1)}, system_attrs=attrs)
    trial.number = t["number"]
    return trial


out = []
for case in json.load(sys.stdin):
    study = optuna.create_study(directions=case["directions"])
    trials = [frozen(t) for t in case["trials"]]
    func = (lambda t: t.system_attrs["constraints"]) if case["constrained"] else None
    elite = NSGAIIElitePopulationSelectionStrategy(population_size=case["size"], constraints_func=func)(study, trials)
    certain, possible = [], []
    for front in _rank_population(trials, study.directions, is_constrained=case["constrained"]):
        room = case["size"] - len(certain)
        if room <= 0:
            break
        if len(front) <= room:
            certain += [t.number for t in front]
            continue
        distance = _calc_crowding_distance(list(front))
        ranked = sorted(front, key=lambda t: -distance[t.number])
        cut = distance[ranked[room - 1].number]
        certain += [t.number for t in front if distance[t.number] > cut]
        possible += [t.number for t in front if distance[t.number] == cut]
        break
    out.append({"certain": certain, "possible": possible, "count": len(elite)})
json.dump(out, sys.stdout)
