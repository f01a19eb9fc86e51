"""BackpropTrainer: PyBrain's gradient-descent trainer, on whole batches."""

import numbers

import numpy as np

from brainkit.trainers.rules import GradientDescent
from brainkit.trainers.trainer import EVAL_BATCH, Trainer


def _number(name, value, low, low_ok, high=None):
    if not isinstance(value, numbers.Real) or isinstance(value, bool) or not np.isfinite(value):
        raise ValueError(f"{name} must be a finite number; got {value!r}")
    if value < low or (value == low and not low_ok) or (high is not None and value > high):
        bound = f"{'>=' if low_ok else '>'} {low}" + (f" and <= {high}" if high is not None else "")
        raise ValueError(f"{name} must be {bound}; got {value!r}")


class BackpropTrainer(Trainer):
    """Trains a module by backpropagation with PyBrain's semantics.

    The output error is ``target - output``; ``train()`` runs one epoch over the
    samples (sequences) in random order and returns PyBrain's error figure, the
    half squared error averaged over samples and output units, each sample's
    error taken before the update it causes. ``batchsize=1`` (the default) is
    PyBrain's online learning; ``batchsize=k`` makes one update from the
    gradient summed over k samples, computed in one batched pass;
    ``batchlearning=True`` makes one update per epoch. The update is
    ``rules.GradientDescent`` (momentum, weight decay, ``lrdecay`` after every
    update); pass ``rule=`` another rule (e.g. ``rules.Adam()``) to change it.

    >>> from brainkit import buildNetwork
    >>> from brainkit.datasets import SupervisedDataSet
    >>> ds = SupervisedDataSet(2, 1)
    >>> for x, y in [((0, 0), 0), ((0, 1), 1), ((1, 0), 1), ((1, 1), 0)]:
    ...     ds.addSample(x, (y,))
    >>> trainer = BackpropTrainer(buildNetwork(2, 3, 1), ds, seed=0)
    >>> error = trainer.train()
    """

    def __init__(self, module, dataset=None, learningrate=0.01, lrdecay=1.0, momentum=0.0,
                 verbose=False, batchlearning=False, weightdecay=0.0, batchsize=1,
                 seed=None, shuffle=True, rule=None, out=None):
        _number("learningrate", learningrate, 0, False)
        _number("lrdecay", lrdecay, 0, False)
        _number("momentum", momentum, 0, True, 1)
        _number("weightdecay", weightdecay, 0, True)
        if not isinstance(batchsize, numbers.Integral) or batchsize < 1:
            raise ValueError(f"batchsize must be a positive integer; got {batchsize!r}")
        Trainer.__init__(self, module, verbose=verbose, seed=seed, shuffle=shuffle, out=out)
        self.batchlearning = batchlearning
        self.batchsize = int(batchsize)
        self.descent = rule if rule is not None else GradientDescent(
            learningrate, lrdecay, momentum, weightdecay)
        if dataset is not None:
            self.setData(dataset)

    @property
    def learningrate(self):
        return self.descent.learningrate

    def _update(self):
        self.descent.step(self.module.params, self.module.derivs)

    def train(self):
        """One epoch; returns the epoch's error figure."""
        self._require_data()
        module, data = self.module, self._data
        module.resetDerivatives()
        size = max(self.batchsize, EVAL_BATCH) if self.batchlearning else self.batchsize
        errors = ponderation = 0.0
        for X, Y, W, _ in self._passes(data, self._order(len(data)), size):
            E, e, p = self._forward_error(X, Y, W)
            errors += e
            ponderation += p
            # each update's gradient is one run's: it overwrites the last one
            module.run_backward(E, mode="accumulate" if self.batchlearning else "fresh")
            if not self.batchlearning:
                self._update()
        if self.batchlearning:
            self._update()          # derivs keep the epoch's gradient, as in PyBrain
        else:
            module.resetDerivatives()
        return self._finish_epoch(errors / ponderation)

    def _finish_epoch(self, error):
        if not np.isfinite(error):
            raise FloatingPointError(f"training diverged in epoch {self.totalepochs}: the "
                                     "error is not finite; lower the learning rate")
        self.epoch += 1
        self.totalepochs += 1
        self.history.append(error)
        if self.verbose:
            self._say(self._epoch_line(error))
        return error

    def _epoch_line(self, error):
        """What ``verbose`` prints after an epoch (PyBrain's line)."""
        return f"Total error: {error}"

    def trainUntilConvergence(self, dataset=None, maxEpochs=None, verbose=None,
                              continueEpochs=10, validationProportion=0.25,
                              trainingData=None, validationData=None,
                              convergence_threshold=10, progress=False):
        """Train until the validation error stops improving (PyBrain's rule).

        The data are split (``validationProportion`` for validation) unless
        ``trainingData`` and ``validationData`` are given. After every epoch the
        validation error is measured; training stops when the best of the last
        ``continueEpochs`` epochs is worse than the worst of the ``continueEpochs``
        before them, when the last ``continueEpochs`` errors agree to
        ``convergence_threshold`` decimals, or after ``maxEpochs`` epochs. The
        module is left at the parameters of the best validation error.
        Returns the training and validation errors up to and including the
        best epoch (the validation list starts with the error before training);
        the full curves are ``self.trainingErrors`` / ``self.validationErrors``.
        """
        verbose = self.verbose if verbose is None else verbose
        if maxEpochs is not None and (not isinstance(maxEpochs, numbers.Integral)
                                      or maxEpochs < 1):
            raise ValueError(f"maxEpochs must be a positive integer or None; got {maxEpochs!r}")
        trainingData, validationData = self._split(dataset, validationProportion,
                                                   trainingData, validationData)
        keep = self.ds, getattr(self, "_data", None)
        self.setData(trainingData)
        module = self.module
        best_params = module.params.copy()
        bestverr = self.testOnData(validationData)
        bestepoch = 0
        self.trainingErrors, self.validationErrors = [], [bestverr]
        bar = None
        if progress:
            from tqdm import tqdm
            bar = tqdm(total=maxEpochs, desc="epochs", unit="epoch")
        epochs = 0
        while True:
            self.trainingErrors.append(self.train())
            self.validationErrors.append(self.testOnData(validationData))
            if not np.isfinite(self.validationErrors[-1]):
                raise FloatingPointError("the validation error is not finite; training diverged")
            if epochs == 0 or self.validationErrors[-1] < bestverr:
                bestverr, bestepoch = self.validationErrors[-1], epochs
                best_params = module.params.copy()
            if bar is not None:
                bar.update(1)
                bar.set_postfix(train=f"{self.trainingErrors[-1]:.4g}", valid=f"{bestverr:.4g}")
            epochs += 1
            if maxEpochs is not None and epochs >= maxEpochs:
                break
            if len(self.validationErrors) >= 2 * continueEpochs:
                old = self.validationErrors[-2 * continueEpochs:-continueEpochs]
                new = self.validationErrors[-continueEpochs:]
                if min(new) > max(old):
                    break
                last = round(new[-1], convergence_threshold)
                if all(round(v, convergence_threshold) == last for v in new):
                    break
        if bar is not None:
            bar.close()
        module._setParameters(best_params)
        self.ds, self._data = keep
        if verbose:
            self._say(f"train-errors: {self.trainingErrors}")
            self._say(f"valid-errors: {self.validationErrors}")
        return self.trainingErrors[:bestepoch + 1], self.validationErrors[:bestepoch + 2]

    def _split(self, dataset, proportion, trainingData, validationData):
        if trainingData is not None and validationData is not None:
            check = [trainingData, validationData]
        else:
            if not (isinstance(proportion, numbers.Real) and 0 < proportion < 1):
                raise ValueError("validationProportion must be between 0 and 1 (exclusive); "
                                 f"got {proportion!r}")
            dataset = self._dataset(dataset)
            kwargs = {"rng": self.rng} if self.rng is not None else {}
            check = list(dataset.splitWithProportion(1 - proportion, **kwargs))
        for part, label in zip(check, ("training", "validation")):
            if len(part) == 0:
                raise ValueError(f"the {label} part is empty: the dataset is too small to "
                                 f"split with validationProportion={proportion}; add samples "
                                 "or pass trainingData and validationData")
        return check
