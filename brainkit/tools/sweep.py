"""Sweeps: a grid or a list of settings -> one trained model and score each,
on any ``concurrent.futures.Executor``.

``sweep(fit, settings, **data)`` calls ``fit(**data, **setting, seed=s)`` for
every setting, each with its own seed ``s`` drawn from one ``seed`` and with
numpy's and Python's global random states seeded from it
(``brainkit.tools.parallel``), in this process or on ``executor`` (a
``ProcessPoolExecutor``, or ``dask.distributed.Client(address).get_executor()``
for a cluster), with the same results either way. ``fit`` returns ``(model,
score)``; ``fit_network`` is the ready-made one: a layered network trained
with the measured defaults of ``brainkit.tools.fitting`` (early stopping on
the validation rows), scored on them.

>>> import numpy as np
>>> X = np.linspace(-1, 1, 40)[:, None]; Y = np.sin(3 * X)
>>> results = sweep(fit_network, grid(hidden=[(4,), (16,)], learning_rate=[0.01]),
...                 X=X[::2], Y=Y[::2], valid_X=X[1::2], valid_Y=Y[1::2], max_epochs=20)
>>> [r.setting for r in results]
[{'hidden': (4,), 'learning_rate': 0.01}, {'hidden': (16,), 'learning_rate': 0.01}]
>>> sorted(results[0].score)
['best_epoch', 'epochs', 'loss', 'rmse']
"""

import itertools
from dataclasses import dataclass

import numpy as np

from brainkit.tools import fitting
from brainkit.tools.parallel import job_seeds, run_jobs


def grid(**options):
    """Every combination of the options' values, as a list of settings
    (dicts), the last option varying fastest.

    >>> grid(hidden=[(8,), (16,)], rule=['adam'])
    [{'hidden': (8,), 'rule': 'adam'}, {'hidden': (16,), 'rule': 'adam'}]
    """
    for name, values in options.items():
        if isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
            raise TypeError(f"grid: give each option a list of values; {name}={values!r}")
    names = list(options)
    return [dict(zip(names, values)) for values in itertools.product(*options.values())]


@dataclass
class SweepResult:
    """One setting's outcome: the setting, the seed it ran with, the trained
    model and its score (what ``fit`` returned)."""
    setting: dict
    seed: int
    model: object
    score: object


def _one(fit, data, setting, seed):
    model, score = fit(**data, **setting, seed=seed)
    return SweepResult(dict(setting), seed, model, score)


def sweep(fit, settings, executor=None, seed=0, progress=None, **data):
    """Train and score one model per setting (see the module doc); returns
    ``SweepResult``s in the order of ``settings``. ``progress(done, total,
    i, result)`` is called as each setting finishes. ``seed`` is an int, a
    numpy ``Generator`` or None (numpy's global random state)."""
    settings = list(settings)
    for s in settings:
        if not isinstance(s, dict):
            raise TypeError(f"sweep: each setting must be a dict of keyword arguments for "
                            f"fit; got {s!r}")
        clash = sorted(set(s) & (set(data) | {"seed"}))
        if clash:
            raise ValueError(f"sweep: the setting {s!r} names {clash}, which the sweep "
                             "passes itself (data and seed)")
    seeds = job_seeds(len(settings), seed)
    jobs = [(fit, data, s, job_seed) for s, job_seed in zip(settings, seeds)]
    return run_jobs(_one, jobs, seeds, executor, progress)


def fit_network(X, Y, valid_X=None, valid_Y=None, classification=None, seed=0, **options):
    """Train a layered network on inputs X (N, d) and targets Y (N, k) with
    ``fitting.fit`` (``options``: hidden, hiddenclass, outclass, loss, rule,
    learning_rate, momentum, weight_decay, batch_size, max_epochs, patience,
    scale, dtype), early stopping on the validation rows if given. Classes:
    ``classification`` True, or None and Y one-of-many (rows of 0s and one
    1, two columns or more). Returns (network, score): the score holds the
    validation (else training) ``loss`` of the epoch kept (in training's
    units: scaled targets for numbers), the ``accuracy`` for classes or
    ``rmse`` for numbers (in the targets' units), ``epochs`` run and
    ``best_epoch`` kept. A setting whose training diverges at once gives no
    network (None) and the worst score, with ``diverged`` saying why."""
    X, Y = np.asarray(X, dtype=float), np.asarray(Y, dtype=float).reshape(len(X), -1)
    if classification is None:
        classification = Y.shape[1] > 1 and bool(np.all((Y == 0) | (Y == 1))) \
            and bool(np.all(Y.sum(axis=1) == 1))
    valid = None
    if valid_X is not None:
        valid = (np.asarray(valid_X, dtype=float),
                 np.asarray(valid_Y, dtype=float).reshape(len(valid_X), -1))
    try:
        done = fitting.fit(X, Y, classification, valid, seed=seed, **options)
    except FloatingPointError as exc:       # one setting's step too large: the rest go on
        worst = {"accuracy": 0.0} if classification else {"rmse": float("inf")}
        return None, {"loss": float("inf"), "epochs": 0, "best_epoch": 0, **worst,
                      "diverged": str(exc)}
    Xs, Ys = valid if valid is not None else (X, Y)
    out = fitting.outputs(done.net, Xs.astype(done.net.dtype))
    errors = done.trainer.validationErrors if valid is not None else done.trainer.trainingErrors
    score = {"loss": float(errors[done.kept] if valid is not None else errors[-1]),
             "epochs": done.ran, "best_epoch": done.kept}
    if classification:
        score["accuracy"] = float(np.mean(fitting.predicted(out) == fitting.target_labels(Ys)))
    else:
        score["rmse"] = float(np.sqrt(np.mean((out - Ys) ** 2)))
    return done.net, score
