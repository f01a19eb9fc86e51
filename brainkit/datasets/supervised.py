"""SupervisedDataSet: linked ``input`` and ``target`` fields, one row per sample."""

import numbers

import numpy as np

from brainkit.datasets.dataset import (DataSet, OutOfSyncError, as_field_array,
                                       check_proportion, random_order)


def _is_dim(value):
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


class SupervisedDataSet(DataSet):
    """Samples of ``indim`` inputs and ``outdim`` targets.

    ``SupervisedDataSet(2, 1)`` starts empty; ``SupervisedDataSet(X, Y)``
    takes arrays (integer arrays keep their dtype, as in PyBrain).

    >>> ds = SupervisedDataSet(2, 1)
    >>> ds.addSample([0, 1], [1]); ds.addSample([1, 1], [0])
    >>> len(ds), ds.indim, ds.outdim, ds['input'].shape
    (2, 2, 1, (2, 2))
    >>> [t.tolist() for inp, t in ds]
    [[1.0], [0.0]]
    """

    def __init__(self, inp, target):
        DataSet.__init__(self)
        what = type(self).__name__
        if _is_dim(inp) and _is_dim(target):
            self.addField("input", inp)
            self.addField("target", target)
        elif not _is_dim(inp) and not _is_dim(target):
            X = as_field_array(inp, "input", what)
            Y = as_field_array(target, "target", what)
            if X.shape[0] != Y.shape[0]:
                raise OutOfSyncError(f"{what}: {X.shape[0]} input rows but {Y.shape[0]} "
                                     "target rows")
            self.data["input"], self.data["target"] = X.copy(), Y.copy()
            self.endmarker["input"] = self.endmarker["target"] = X.shape[0]
        else:
            raise TypeError(f"{what}(inp, target) takes two dimensions (ints) or two "
                            f"arrays; got {type(inp).__name__} and {type(target).__name__}")
        self.linkFields(["input", "target"])

    @property
    def indim(self):
        return self.getDimension("input")

    @property
    def outdim(self):
        return self.getDimension("target")

    @classmethod
    def fromArrays(cls, X, Y, **kwargs):
        """A data set holding copies of ``X`` (N, indim) and ``Y`` (N, outdim);
        a 1-D ``Y`` is one column."""
        what = f"{cls.__name__}.fromArrays"
        return cls(as_field_array(X, "input", what), as_field_array(Y, "target", what), **kwargs)

    @classmethod
    def fromCSV(cls, path, target=-1, delimiter=","):
        """Read a CSV file (a header row is detected); ``target`` names the
        target column(s) by index or header name, the other columns are inputs.
        """
        from brainkit.datasets.csvfile import read_csv, target_columns, to_floats
        header, rows = read_csv(path, delimiter)
        ncols = len(rows[0])
        tcols = target_columns(header, ncols, target)
        icols = [c for c in range(ncols) if c not in tcols]
        return cls.fromArrays(to_floats(rows, icols, header), to_floats(rows, tcols, header))

    def _check_loaded(self):
        super()._check_loaded()
        for label in ("input", "target"):
            self._check_field(label)

    def addSample(self, inp, target):
        """Append one sample; both are checked (width, NaN) before either is added."""
        self.appendLinked(inp, target)

    def getSample(self, index=None):
        """``[input, target]`` rows of sample ``index`` (at the cursor if None)."""
        return self.getLinked(index)

    def _provideSequences(self):
        """Each sample as a one-step sequence ``[[input, target]]`` (what PyBrain's
        trainers iterate over)."""
        return iter([[sample] for sample in self])

    def splitWithProportion(self, proportion=0.5, rng=None):
        """``(left, right)``: a random ``int(len * proportion)`` samples go left,
        the rest right, both of this data set's class (labels and classes kept).

        The permutation comes from numpy's global state like PyBrain's, or from
        ``rng`` (a numpy Generator or a seed) for a split of its own.
        """
        proportion = check_proportion(proportion)
        order = random_order(len(self), rng, legacy="numpy")
        cut = int(len(self) * proportion)
        return self._take(order[:cut]), self._take(order[cut:])

    def batches(self, label, n=None, permutation=None, shuffle=False, rng=None):
        """Two forms. ``batches('input', n, permutation=None)`` is PyBrain's:
        chunks of one field. ``batches(batchsize, shuffle=False, rng=None)``
        yields ``(inputs, targets)`` arrays of up to ``batchsize`` samples, in
        random order if ``shuffle`` (stdlib ``random`` unless ``rng`` is given).

        >>> ds = SupervisedDataSet([[0], [1], [2]], [[0], [1], [0]])
        >>> [(x.ravel().tolist(), y.ravel().tolist()) for x, y in ds.batches(2)]
        [([0, 1], [0, 1]), ([2], [0])]
        """
        if isinstance(label, str):
            return DataSet.batches(self, label, n, permutation)
        return self._sample_batches(label, shuffle, rng)

    def _sample_batches(self, batchsize, shuffle, rng):
        if not _is_dim(batchsize) or batchsize < 1:
            raise ValueError(f"batches expects a batch size of at least 1; got {batchsize!r}")
        X, Y, N = self["input"], self["target"], len(self)
        if not shuffle:
            for start in range(0, N, batchsize):
                yield X[start:start + batchsize], Y[start:start + batchsize]
            return
        order = random_order(N, rng, legacy="stdlib")
        for start in range(0, N, batchsize):
            rows = order[start:start + batchsize]
            yield X[rows], Y[rows]

    # evaluation ------------------------------------------------------------------

    def _weights(self):
        """Per-element weights of the squared error (all ones here)."""
        return None

    def _require_samples(self):
        if len(self) == 0:
            raise ValueError(f"cannot evaluate on an empty {type(self).__name__}")

    def _half_mse(self, outputs):
        """PyBrain's error figure: sum of 0.5*w*(t - y)**2 over sum of w."""
        diff = self["target"] - np.asarray(outputs, dtype=float).reshape(len(self), self.outdim)
        w = self._weights()
        if w is None:
            return 0.5 * float(np.sum(diff * diff)) / diff.size
        total = float(np.sum(w))
        if total <= 0:
            raise ValueError("cannot evaluate: every importance weight is zero")
        return 0.5 * float(np.sum(w * diff * diff)) / total

    def evaluateMSE(self, f):
        """Apply ``f`` to every input (one sample at a time, in order) and return
        sum(0.5 * (t - f(x))**2) / (number of target values): half the MSE,
        as PyBrain computed it despite the name."""
        self._require_samples()
        return self._half_mse(np.array([np.ravel(f(x)) for x in self["input"]]))

    def evaluateModuleMSE(self, module, averageOver=1):
        """``evaluateMSE`` of ``module.activate``, averaged over ``averageOver``
        runs; the module is reset first (once, as PyBrain did). A stateless
        module sees the whole data set as one batch."""
        self._require_samples()
        for label, mine in (("indim", self.indim), ("outdim", self.outdim)):
            theirs = getattr(module, label, mine)
            if theirs != mine:
                raise ValueError(f"evaluateModuleMSE: the module has {label} {theirs}; "
                                 f"the {type(self).__name__} has {label} {mine}")
        if not _is_dim(averageOver) or averageOver < 1:
            raise ValueError(f"averageOver must be a positive integer; got {averageOver!r}")
        return sum(self._half_mse(self._module_outputs(module))
                   for _ in range(averageOver)) / averageOver

    def _module_outputs(self, module):
        module.reset()
        X = self["input"]
        if getattr(module, "sequential", False):
            # a recurrent module sees the samples as one sequence, in order
            out = np.array([module.activate(x) for x in X]).reshape(len(X), -1)
        else:
            out = module.activate(X)
        module.reset()
        return out
