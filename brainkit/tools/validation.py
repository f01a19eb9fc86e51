"""Measuring networks: percentError, Validator, ModuleValidator, CrossValidator."""

import copy

import numpy as np

from brainkit.datasets.batching import is_sequential


def percentError(out, true):
    """Percentage of positions where ``out`` and ``true`` differ (both flattened).

    >>> percentError([0, 1, 2, 2], [0, 1, 1, 2])
    25.0
    """
    out, true = np.ravel(out), np.ravel(true)
    if out.shape != true.shape:
        raise ValueError(f"percentError: {out.size} predictions but {true.size} true values")
    if out.size == 0:
        raise ValueError("percentError: no values to compare")
    return 100.0 * float(np.sum(out != true)) / out.size


def _classes(values):
    """Class numbers from one-of-many rows (argmax), or from a column of labels."""
    values = np.asarray(values)
    if values.ndim == 2 and values.shape[1] > 1:
        return np.argmax(values, axis=1)
    return np.rint(values.ravel()).astype(int)


class Validator:
    """Figures computed from arrays of outputs and targets."""

    @staticmethod
    def classificationPerformance(output, target):
        """Fraction of samples whose class matches (argmax of one-of-many rows)."""
        output, target = _classes(output), _classes(target)
        if output.shape != target.shape:
            raise ValueError(f"{len(output)} outputs but {len(target)} targets")
        return float(np.mean(output == target))

    @staticmethod
    def ESS(output, target):
        """Sum of squared errors."""
        return float(np.sum((np.asarray(output) - np.asarray(target)) ** 2))

    @staticmethod
    def MSE(output, target, importance=None):
        """The true mean squared error, optionally importance-weighted (twice
        what ``testOnData`` reports, which halves it, as in PyBrain)."""
        sq = (np.asarray(output, dtype=float) - np.asarray(target, dtype=float)) ** 2
        if importance is None:
            return float(np.mean(sq))
        importance = np.asarray(importance, dtype=float)
        return float(np.sum(sq * importance) / np.sum(importance))


class ModuleValidator:
    """The same figures for a module on a dataset (sequences reset the module)."""

    @staticmethod
    def calculateModuleOutput(module, dataset):
        return module.activateOnDataset(dataset)

    @classmethod
    def validate(cls, valfunc, module, dataset):
        output = cls.calculateModuleOutput(module, dataset)
        target = dataset["target"]
        if "importance" in getattr(dataset, "data", {}):
            return valfunc(output, target, dataset["importance"])
        return valfunc(output, target)

    @classmethod
    def classificationPerformance(cls, module, dataset):
        return cls.validate(Validator.classificationPerformance, module, dataset)

    @classmethod
    def MSE(cls, module, dataset):
        return cls.validate(Validator.MSE, module, dataset)


def testOnSequenceData(module, dataset):
    """The fraction of sequences classified right: a sequence's predicted class
    is the argmax of the module's outputs summed over its steps, its true
    class the argmax of its last target (one-of-many targets), as in PyBrain.

    >>> from brainkit import buildNetwork
    >>> from brainkit.datasets import SequentialDataSet
    >>> ds = SequentialDataSet(1, 2)
    >>> ds.addSample([1.0], [0, 1]); ds.newSequence(); ds.addSample([-1.0], [1, 0])
    >>> net = buildNetwork(1, 2, bias=False); net.params[:] = [1.0, -1.0]
    >>> testOnSequenceData(net, ds)
    0.0
    """
    if not is_sequential(dataset):
        raise TypeError(f"testOnSequenceData needs sequences (a SequentialDataSet); got a "
                        f"{type(dataset).__name__}")
    output = module.activateOnDataset(dataset)
    starts, stops = dataset.sequence_bounds()
    if len(starts) == 0:
        raise ValueError("testOnSequenceData: the data set holds no sequence")
    summed = np.add.reduceat(output, starts, axis=0)
    target = np.asarray(dataset["target"])[stops - 1]
    return Validator.classificationPerformance(np.argmax(summed, axis=1),
                                               np.argmax(target, axis=1))


testOnSequenceData.__test__ = False       # PyBrain's name; not a test for pytest


def _units(dataset):
    """What folds are made of: samples, or whole sequences."""
    return dataset.getNumSequences() if is_sequential(dataset) else len(dataset)


def _fold(trainer, train_part, test_part, epochs, valfunc):
    """One fold: a copy of ``trainer`` trained on ``train_part``, scored on ``test_part``."""
    trainer = copy.deepcopy(trainer)
    trainer.setData(train_part)
    trainer.trainEpochs(epochs)
    return valfunc(trainer.module, test_part)


class CrossValidator:
    """k-fold cross-validation of a trainer: for each fold, a copy of the
    trainer (and its module) is trained on the other folds and ``valfunc`` is
    measured on the fold; ``validate()`` returns the mean.

    ``max_epochs`` epochs per fold (one if None). The folds, and one seed per
    fold, come from numpy's global random state, or from ``rng`` (a
    ``numpy.random.Generator`` or an int seed). Each fold runs with numpy's
    global state and Python's ``random`` seeded from its own seed (see
    ``brainkit.tools.parallel``), so ``executor``, any
    ``concurrent.futures.Executor`` (a process pool, or
    ``dask.distributed.Client(address).get_executor()``), runs the folds in
    parallel with the scores of the serial run. ``progress(done, total,
    fold, score)`` is called as each fold finishes (``verbose`` prints a
    line instead). The trainer, its module and ``valfunc`` must pickle to go
    to another process (a function defined at a module's top level).

    >>> from brainkit import buildNetwork
    >>> from brainkit.datasets import load_xor
    >>> from brainkit.trainers import BackpropTrainer
    >>> trainer = BackpropTrainer(buildNetwork(2, 3, 1), learningrate=0.1, seed=0)
    >>> score = CrossValidator(trainer, load_xor(), n_folds=2, valfunc=ModuleValidator.MSE,
    ...                        rng=0).validate()
    """

    def __init__(self, trainer, dataset, n_folds=5,
                 valfunc=ModuleValidator.classificationPerformance, max_epochs=None,
                 verbose=False, rng=None, executor=None, progress=None):
        from brainkit.tools.parallel import check_executor
        if not isinstance(n_folds, int) or n_folds < 2:
            raise ValueError(f"n_folds must be an integer >= 2; got {n_folds!r}")
        units = _units(dataset)
        if units < n_folds:
            raise ValueError(f"cannot make {n_folds} folds of {units} "
                             f"{'sequences' if is_sequential(dataset) else 'samples'}")
        if not (rng is None or isinstance(rng, (int, np.integer, np.random.Generator))) \
                or isinstance(rng, bool):
            raise TypeError(f"rng must be a numpy Generator, an int seed or None; got {rng!r}")
        check_executor(executor)
        self.trainer, self.dataset, self.n_folds = trainer, dataset, n_folds
        self.valfunc, self.max_epochs, self.verbose, self.rng = valfunc, max_epochs, verbose, rng
        self.executor, self.progress = executor, progress

    def validate(self):
        from brainkit.tools.parallel import job_seeds, run_jobs
        n = _units(self.dataset)
        rng = np.random.default_rng(self.rng) if isinstance(self.rng, (int, np.integer)) \
            else self.rng
        perm = np.random.permutation(n) if rng is None else rng.permutation(n)
        folds = np.array_split(perm, self.n_folds)
        seeds = job_seeds(self.n_folds, rng)
        # the trainer without its data: each fold takes its own part
        shell = copy.copy(self.trainer)
        shell.ds, shell._data = None, None
        jobs = [(shell, self.dataset.subset(np.concatenate(folds[:i] + folds[i + 1:])),
                 self.dataset.subset(test), self.max_epochs or 1, self.valfunc)
                for i, test in enumerate(folds)]

        def report(done, total, fold, score):
            if self.verbose:
                self.trainer._say(f"fold {fold + 1}/{total}: {score}")
            if self.progress is not None:
                self.progress(done, total, fold, score)

        scores = run_jobs(_fold, jobs, seeds, self.executor, report)
        return float(np.mean(scores))
