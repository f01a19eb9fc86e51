"""BackpropTrainer: PyBrain's gradient-descent trainer, on whole batches."""

import math
import numbers

import numpy as np

from brainkit.blas import blas_limit, largest_product

from brainkit.trainers.differences import numeric_gradient
from brainkit.trainers.losses import samples_in
from brainkit.trainers.rules import GradientDescent
from brainkit.trainers.trainer import EVAL_BATCH, Trainer, flag

EXPLODE = 1e10      # a batch error this many times the first epoch's (or 1) means divergence


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

    ``loss=`` names what is minimised (``losses``): ``'sse'`` (PyBrain's ½·sum
    of squared errors, the default), ``'mse'`` or ``'crossentropy'``;
    ``reduction='mean'`` divides each update's gradient by the number of
    samples in it (the default ``'sum'`` is PyBrain's), so the learning rate
    does not depend on the batch size. The figures ``train()`` returns are
    those of the loss (``trainer.history.loss.description`` says which).

    Every update is checked before it lands: if a batch's error is not finite
    or grows past ``EXPLODE`` times the first epoch's, the weights go back to
    where the epoch started and a ``FloatingPointError`` says whether the data
    (NaN or inf in the batch) or the step size is at fault.

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
                 seed=None, shuffle=True, rule=None, out=None, loss="sse", reduction="sum"):
        if rule is None:
            rule = GradientDescent(learningrate, lrdecay, momentum, weightdecay)
        elif not (callable(getattr(rule, "step", None)) and callable(getattr(rule, "reset", None))):
            raise TypeError("rule must be an update rule object such as "
                            f"brainkit.trainers.Adam(); got {rule!r}")
        elif (learningrate, lrdecay, momentum, weightdecay) != (0.01, 1.0, 0.0, 0.0):
            raise ValueError("with rule= give learningrate, lrdecay, momentum and weightdecay "
                             "to the rule itself, e.g. rule=Adam(learningrate=0.01)")
        if (not isinstance(batchsize, numbers.Integral) or isinstance(batchsize, bool)
                or batchsize < 1):
            raise ValueError(f"batchsize must be a positive integer; got {batchsize!r}")
        batchlearning = flag("batchlearning", batchlearning)
        Trainer.__init__(self, module, verbose=verbose, seed=seed, shuffle=shuffle, out=out,
                         loss=loss, reduction=reduction)
        self.batchlearning = batchlearning
        self.batchsize = int(batchsize)
        self.descent = rule
        self._reference = None     # the first epoch's error: the scale of "exploding"
        self._work = (None, 0)     # (data, multiply-adds of its largest product)
        if dataset is not None:
            self.setData(dataset)

    @property
    def learningrate(self):
        return self.descent.learningrate

    def _update(self, samples=None):
        """One step of the rule; ``samples``: divide the gradient by them first
        (the mean reduction of batch learning; minibatches scale their error)."""
        derivs = self.module.derivs
        if samples:
            derivs *= 1.0 / samples
        self.descent.step(self.module.params, derivs)

    def train(self):
        """One epoch; returns the epoch's error figure. An epoch that diverges
        leaves the weights as they were before it (see the class docstring)."""
        self._require_data()
        start = self.module.params.copy()
        if self._data is not self._work[0]:     # the BLAS threads of this data's epochs
            rows = (max(self.batchsize, EVAL_BATCH) if self.batchlearning
                    else self.batchsize) * self._data.steps
            self._work = (self._data, largest_product(self.module, rows))
        # overflow is checked for explicitly, with the weights restored
        with np.errstate(over="ignore", invalid="ignore"):
            if not all_finite(start):
                raise FloatingPointError(f"cannot train in epoch {self.totalepochs}: the "
                                         "network's weights hold NaN or inf; re-initialise "
                                         "them (net.randomize())")
            try:
                with blas_limit(self._work[1]):
                    error = self._epoch()
                if not all_finite(self.module.params):
                    raise _Diverged("the weights became NaN or inf")
            except (_Diverged, FloatingPointError) as exc:
                self.module.params[:] = start
                self.module.resetDerivatives()
                self.descent.reset()
                raise FloatingPointError(self._explain(exc)) from None
        return self._finish_epoch(error, start)

    def _epoch(self):
        module, data = self.module, self._data
        module.resetDerivatives()
        size = max(self.batchsize, EVAL_BATCH) if self.batchlearning else self.batchsize
        limit = EXPLODE * max(self._reference or 0.0, 1.0)
        errors = ponderation = samples = 0.0
        order = data.order(self._order if self.shuffle else None)
        for X, Y, W, _ in self._passes(data, order, size):
            E, e, p = self._forward_error(X, Y, W)
            if not math.isfinite(e) or (self._reference is not None and e > limit * p):
                self._bad_batch = X, Y, W
                raise _Diverged(f"the error of a batch became {e / p:.3g}" + (
                    "" if not math.isfinite(e) else
                    f", over {EXPLODE:.0e} times the first epoch's"))
            errors += e
            ponderation += p
            count = samples_in(Y, W)
            samples += count
            if self.reduction == "mean" and not self.batchlearning:
                E *= 1.0 / count        # the batch's mean: cheaper on E than on derivs
            # each update's gradient is one run's: it overwrites the last one
            module.run_backward(E, mode="accumulate" if self.batchlearning else "fresh")
            if not self.batchlearning:
                self._update()
        if self.batchlearning:      # derivs keep the epoch's gradient, as in PyBrain
            self._update(samples if self.reduction == "mean" else None)
        else:
            module.resetDerivatives()
        return errors / ponderation

    def _explain(self, exc):
        """Why an epoch diverged, and what to do: the data's fault or the step's."""
        where = f"in epoch {self.totalepochs}"
        kept = "the weights are back where the epoch started"
        bad = getattr(self, "_bad_batch", None)
        self._bad_batch = None
        if bad is not None:
            for name, values in zip(("input", "target", "importance"), bad):
                if values is not None and not np.all(np.isfinite(values)):
                    return (f"training stopped {where}: the training data's {name} field "
                            "holds NaN or inf (changed after setData?); fix the data; "
                            f"{kept}")
        return f"training diverged {where}: {exc}; {kept}; {self.descent.advice}"

    def _finish_epoch(self, error, start):
        """Count the epoch; ``start`` holds the weights it started from."""
        if self._reference is None:
            self._reference = error
        line = self._epoch_line(error, start) if self.verbose else None
        self.epoch += 1
        self.totalepochs += 1
        self.history.append(error)
        if line is not None:
            self._say(line)
        return error

    def _epoch_line(self, error, start):
        """What ``verbose`` prints after an epoch (PyBrain's line; other losses
        than PyBrain's are named); ``self.epoch`` is still the epoch's number."""
        # a numpy number, as PyBrain printed: numpy's print options decide its digits
        if self.loss.name == "sse":
            return f"Total error: {np.float64(error)!s}"
        return f"Total error ({self.loss.description}): {np.float64(error)!s}"

    def _checkGradient(self, dataset=None, silent=False):
        """PyBrain's numerical check of the derivatives: for each sample (each
        sequence of sequential data), a list of ``(analytic, numeric)`` pairs,
        one per parameter, where analytic is ``derivs`` after backpropagating
        that sample's error and numeric the central difference (step 1e-6) of
        its loss. As ``derivs`` hold minus the gradient, a correct pair has
        analytic == -numeric. Prints each list unless ``silent``. The
        parameters are left as they were; ``derivs`` hold the last sample's.
        See brainkit.tools.gradientcheck for a check with a verdict."""
        if dataset is not None:
            self.setData(dataset)
        self._require_data()
        module, data, eps = self.module, self._data, 1e-6
        result = []
        for unit in range(len(data)):
            X, Y, W = data.get(np.array([unit]))

            def loss():
                return self._forward_error(X, Y, W)[1]
            module.resetDerivatives()
            module.run_backward(self._forward_error(X, Y, W)[0], mode="accumulate")
            analytic = module.derivs.copy()
            numeric = numeric_gradient(module.params, loss, eps)
            pairs = list(zip(analytic.tolist(), numeric.tolist()))
            if not silent:
                self._say(str(pairs))
            result.append(pairs)
        return result

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
                                      or isinstance(maxEpochs, bool) or maxEpochs < 1):
            raise ValueError(f"maxEpochs must be a positive integer or None; got {maxEpochs!r}")
        for name, value, low in (("continueEpochs", continueEpochs, 1),
                                 ("convergence_threshold", convergence_threshold, 0)):
            if not isinstance(value, numbers.Integral) or isinstance(value, bool) or value < low:
                raise ValueError(f"{name} must be an integer >= {low}; got {value!r}")
        trainingData, validationData = self._split(dataset, validationProportion,
                                                   trainingData, validationData)
        keep = self.ds, getattr(self, "_data", None)
        self.setData(trainingData)
        self.trainingErrors, self.validationErrors = [], []
        best = {"params": self.module.params.copy(), "epoch": 0}
        bar = None
        if progress:
            from tqdm import tqdm
            bar = tqdm(total=maxEpochs, desc="epochs", unit="epoch")
        try:
            self._until_convergence(validationData, maxEpochs, continueEpochs,
                                    convergence_threshold, best, bar)
        finally:
            # also when training diverged: the promise is the best weights
            if bar is not None:
                bar.close()
            self.module._setParameters(best["params"])
            self.ds, self._data = keep
        if verbose:
            self._say(f"train-errors: {self.trainingErrors}")
            self._say(f"valid-errors: {self.validationErrors}")
        bestepoch = best["epoch"]
        return self.trainingErrors[:bestepoch + 1], self.validationErrors[:bestepoch + 2]

    def _until_convergence(self, validationData, maxEpochs, continueEpochs, threshold,
                           best, bar):
        """The loop of trainUntilConvergence; keeps the best weights in ``best``."""
        bestverr = self.testOnData(validationData)
        self.validationErrors.append(bestverr)
        epochs = 0
        while True:
            try:
                self.trainingErrors.append(self.train())
            except FloatingPointError as exc:
                raise FloatingPointError(f"{exc}; trainUntilConvergence keeps the weights "
                                         "of the lowest validation error so far") from None
            self.validationErrors.append(self.testOnData(validationData))
            if not np.isfinite(self.validationErrors[-1]):
                raise FloatingPointError("the validation error is not finite; training "
                                         "diverged; trainUntilConvergence keeps the weights "
                                         "of the lowest validation error so far")
            if epochs == 0 or self.validationErrors[-1] < bestverr:
                bestverr = self.validationErrors[-1]
                best.update(params=self.module.params.copy(), epoch=epochs)
            if bar is not None:
                bar.update(1)
                bar.set_postfix(train=f"{self.trainingErrors[-1]:.4g}", valid=f"{bestverr:.4g}")
            epochs += 1
            if maxEpochs is not None and epochs >= maxEpochs:
                return
            if len(self.validationErrors) >= 2 * continueEpochs:
                old = self.validationErrors[-2 * continueEpochs:-continueEpochs]
                new = self.validationErrors[-continueEpochs:]
                if min(new) > max(old):
                    return
                last = round(new[-1], threshold)
                if all(round(v, threshold) == last for v in new):
                    return

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


def all_finite(values):
    """No NaN or inf in ``values``: a finite sum says so in one cheap pass (a
    sum that overflows is checked value by value)."""
    return math.isfinite(values.sum()) or bool(np.all(np.isfinite(values)))


class _Diverged(Exception):
    """An epoch went wrong; ``train`` restores the weights and explains."""
