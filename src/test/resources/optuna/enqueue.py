"""Enqueues one trial with Optuna's own API (a WAITING trial with fixed_params) in an existing study."""
import json
import sys

import optuna


def main():
    storage, name, params = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
    study = optuna.load_study(study_name=name, storage=storage)
    study.enqueue_trial(params)
    print(json.dumps({"version": optuna.__version__}))


if __name__ == "__main__":
    main()
