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


class CrossValidator:
    """k-fold cross-validation of a trainer: for each fold, a copy of the
    trainer (and its module) is trained on the other folds and ``valfunc`` is
    measured on the fold; ``validate()`` returns the mean.

    ``max_epochs`` epochs per fold (one if None). Folds come from numpy's
    global random state, or from ``rng`` (a ``numpy.random.Generator``).
    """

    def __init__(self, trainer, dataset, n_folds=5,
                 valfunc=ModuleValidator.classificationPerformance, max_epochs=None,
                 verbose=False, rng=None):
        if not isinstance(n_folds, int) or n_folds < 2:
            raise ValueError(f"n_folds must be an integer >= 2; got {n_folds!r}")
        units = _units(dataset)
        if units < n_folds:
            raise ValueError(f"cannot make {n_folds} folds of {units} "
                             f"{'sequences' if is_sequential(dataset) else 'samples'}")
        self.trainer, self.dataset, self.n_folds = trainer, dataset, n_folds
        self.valfunc, self.max_epochs, self.verbose, self.rng = valfunc, max_epochs, verbose, rng

    def validate(self):
        n = _units(self.dataset)
        perm = np.random.permutation(n) if self.rng is None else self.rng.permutation(n)
        folds = np.array_split(perm, self.n_folds)
        scores = []
        for i, test_idx in enumerate(folds):
            train_idx = np.concatenate([f for j, f in enumerate(folds) if j != i])
            trainer = copy.deepcopy(self.trainer)
            trainer.setData(self.dataset.subset(train_idx))
            trainer.trainEpochs(self.max_epochs or 1)
            scores.append(self.valfunc(trainer.module, self.dataset.subset(test_idx)))
            if self.verbose:
                trainer._say(f"fold {i + 1}/{self.n_folds}: {scores[-1]}")
        return float(np.mean(scores))
