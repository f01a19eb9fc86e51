"""Trainer: the parts every trainer shares (data, epochs, evaluation)."""

import numbers
import random
import sys

import numpy as np

from brainkit.blas import blas_limit, largest_product

from brainkit.datasets.batching import (chunks, data_batches, dataset_outputs, is_chunked,
                                        target_parts)
from brainkit.trainers.losses import REDUCTIONS, get_loss, output_layer

EVAL_BATCH = 1024   # samples (or sequences) per forward pass when only evaluating


def check_dataset(module, ds, what="dataset", target_width=None):
    """Refuse a dataset that does not fit the module, before anything changes;
    ``target_width(ds)``: the width its targets must have, when it is not the
    module's output width (a mixture density network's)."""
    from brainkit.datasets.supervised import SupervisedDataSet
    if not isinstance(ds, SupervisedDataSet) and not is_chunked(ds):
        raise TypeError(f"the {what} must be a SupervisedDataSet (or a subclass: "
                        "ClassificationDataSet, SequentialDataSet, ...) or a DiskDataSet; "
                        f"got {type(ds).__name__}; SupervisedDataSet.fromArrays(X, Y) "
                        "makes one from arrays")
    outdim = module.outdim if target_width is None else target_width(ds)
    for label, mine, theirs in (("inputs", module.indim, ds.indim),
                                ("targets", outdim, ds.outdim)):
        if mine != theirs:
            raise ValueError(f"the {what} has {theirs} {label} per sample but network "
                             f"{module.name!r} has {mine} {'inputs' if label == 'inputs' else 'outputs'}")
    if len(ds) == 0:
        raise ValueError(f"the {what} is empty; add samples before training or testing")
    if is_chunked(ds):          # its values are checked as they are read
        return
    for field in ("input", "target"):
        if not np.all(np.isfinite(ds[field])):
            raise ValueError(f"the {what}'s {field} field contains NaN or inf")


def flag(name, value):
    """A yes-or-no argument as a bool: True or False, or 1 or 0 (PyBrain took
    any truthy value, and its scripts pass ``verbose=1``); anything else
    raises TypeError."""
    if isinstance(value, (bool, np.bool_)) or (isinstance(value, numbers.Integral)
                                               and value in (0, 1)):
        return bool(value)
    raise TypeError(f"{name} must be True or False; got {value!r}")


class Trainer:
    """Holds a module and a dataset; ``train()`` is one epoch.

    ``seed`` (an int or a ``numpy.random.Generator``) makes shuffling and
    splitting repeatable on their own; without it they use Python's ``random``
    and numpy's global state, exactly as PyBrain does. ``shuffle=False`` keeps
    the dataset's order.
    """

    def __init__(self, module, verbose=False, seed=None, shuffle=True, out=None,
                 loss="sse", reduction="sum"):
        from brainkit.structure.modules.module import Module
        if not isinstance(module, Module):
            raise TypeError("the trainer needs a network or module to train as its first "
                            f"argument; got {type(module).__name__}")
        if getattr(module, "sorted", True) is False:
            raise ValueError(f"network {module.name!r} is not sorted; call sortModules() "
                             "before training it")
        verbose, shuffle = flag("verbose", verbose), flag("shuffle", shuffle)
        if not (seed is None or isinstance(seed, np.random.Generator)
                or (isinstance(seed, numbers.Integral) and not isinstance(seed, bool)
                    and seed >= 0)):
            raise TypeError(f"seed must be a non-negative int, a numpy Generator or None; "
                            f"got {seed!r}")
        if out is not None and not callable(getattr(out, "write", None)):
            raise TypeError(f"out must be a text stream (with write) or None; got {out!r}")
        if reduction not in REDUCTIONS:
            raise ValueError(f"reduction must be 'sum' (PyBrain's: the gradient summed over "
                             f"the batch) or 'mean'; got {reduction!r}")
        self.loss = get_loss(loss)
        self.reduction = reduction
        self.module = module
        self.ds = None
        self.verbose = verbose
        self.shuffle = shuffle
        self.rng = (seed if isinstance(seed, np.random.Generator)
                    else None if seed is None else np.random.default_rng(seed))
        self.out = out            # stream for verbose lines (sys.stdout when None)
        self.epoch = 0
        self.totalepochs = 0
        self.history = History(self.loss)   # the error figure of every train() call

    def _say(self, text):
        (self.out or sys.stdout).write(text + "\n")

    def setData(self, dataset):
        """Use ``dataset`` for training; its widths must match the module. A
        data set read in chunks (``DiskDataSet``) is read through once here,
        so that a bad value stops training before it starts."""
        self._dataset(dataset, scan=True)
        self.ds = dataset
        self._data = data_batches(dataset)

    def _order(self, n):
        """The order of one epoch (None: the dataset's own): PyBrain shuffles a
        list with ``random.shuffle``."""
        if not self.shuffle:
            return None
        if self.rng is not None:
            return self.rng.permutation(n)
        order = list(range(n))
        random.shuffle(order)
        return np.array(order, dtype=int)

    def _require_data(self):
        if self.ds is None:
            raise ValueError("no training data: pass a dataset to the trainer or call setData")

    def trainEpochs(self, epochs=1, progress=False):
        """Train ``epochs`` epochs (with a tqdm progress bar if ``progress``)."""
        steps = range(epochs)
        if progress:
            from tqdm import tqdm
            steps = tqdm(steps, desc="epochs", unit="epoch")
        for _ in steps:
            self.train()

    def trainOnDataset(self, dataset, epochs=1):
        """``setData(dataset)``, then ``trainEpochs(epochs)``."""
        self.setData(dataset)
        self.trainEpochs(epochs)

    def _passes(self, data, units, batchsize):
        """Yield (X, Y, W, units) for forward passes over ``units``."""
        for part in chunks(units, batchsize, len(data)):
            X, Y, W = data.get(part)
            yield X, Y, W, part

    def _forward_error(self, X, Y, W):
        """Forward X; return (error fed back, loss total, its ponderation): see
        ``losses``."""
        return self._error(self.module.run_forward(X), Y, W)

    def _error(self, out, Y, W):
        """(error fed back, loss total, its ponderation) of outputs ``out``."""
        if W is not None:   # the padding mask of sequences is (T, B, 1): one per target value
            W = np.broadcast_to(W, Y.shape)
        return self.loss.evaluate(out, Y, W, output_layer(self.module))

    def testOnData(self, dataset=None, verbose=False):
        """The error figure of the loss on ``dataset`` (default: the training
        data) without training; for PyBrain's default loss the sum of
        0.5 * (target - output)**2 over every sample and unit, divided by their
        number (PyBrain's half mean squared error)."""
        result = self.scorer(dataset)()
        if verbose or self.verbose:
            self._say(f"Average error: {result}")
        return result

    def scorer(self, dataset=None):
        """A function ``score(each=None)`` that gives ``testOnData(dataset)``,
        for data scored again and again (a validation part after every
        epoch): ``dataset`` is checked once, here, not at every call.
        ``each(outputs, targets)``, if given, sees the outputs and targets of
        every forward pass ((T, B, dim) arrays, valid during the call), so
        that other figures come from the same pass."""
        ds = self._dataset(dataset)

        def score(each=None):
            data = data_batches(ds)
            errors = ponderation = 0.0
            with blas_limit(largest_product(self.module, EVAL_BATCH * data.steps)):
                for X, Y, W, _ in self._passes(data, None, EVAL_BATCH):
                    out = self.module.run_forward(X)
                    _, e, p = self._error(out, Y, W)
                    if each is not None:
                        each(out, Y)
                    errors += e
                    ponderation += p
            return errors / ponderation
        return score

    def _dataset(self, dataset, scan=False):
        """``dataset`` checked (None: the training data); data read in chunks
        has its targets checked against the loss only when ``scan``."""
        if dataset is None:
            self._require_data()
            return self.ds
        check_dataset(self.module, dataset, target_width=self._target_width)
        if scan or not is_chunked(dataset):
            for targets in target_parts(dataset):
                self.loss.check(output_layer(self.module), targets)
        return dataset

    def _target_width(self, dataset):
        """The number of target values per sample that ``dataset`` must have:
        the module's outputs. (A trainer whose targets are not its outputs
        says how many here, and may refuse ``dataset`` with its own message.)"""
        return self.module.outdim

    def testOnClassData(self, dataset=None, verbose=False, return_targets=False):
        """The predicted class (argmax of the output) of every sample, as a list;
        with ``return_targets`` also the argmax of every one-of-many target."""
        ds = self._dataset(dataset)
        out, data = dataset_outputs(self.module, ds, EVAL_BATCH)
        predicted = np.argmax(out, axis=1).tolist()
        if verbose or self.verbose:
            self._say(f"Predicted classes: {predicted}")
        if return_targets:
            return predicted, np.argmax(data.targets, axis=1).tolist()
        return predicted


class History(list):
    """The error figures of every ``train()`` call, and the ``loss`` they are
    figures of (``history.loss.description`` says it in words)."""

    def __init__(self, loss):
        list.__init__(self)
        self.loss = loss
