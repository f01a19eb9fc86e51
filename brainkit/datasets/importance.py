"""ImportanceDataSet: sequences whose every target value carries a weight."""

import numpy as np

from brainkit.datasets.sequential import SequentialDataSet


class ImportanceDataSet(SequentialDataSet):
    """A SequentialDataSet with a linked field ``importance`` (one weight per
    target value). Errors are weighted by it and normalised by its sum:
    sum(0.5 * w * (t - y)**2) / sum(w).

    >>> ds = ImportanceDataSet(1, 2)
    >>> ds.addSample([1], [0, 1], importance=[1, 0]); ds.addSample([2], [1, 1])
    >>> ds['importance'].tolist()
    [[1.0, 0.0], [1.0, 1.0]]
    """

    def __init__(self, indim, targetdim):
        SequentialDataSet.__init__(self, indim, targetdim)
        self.addField("importance", self.outdim)
        self._append_rows("importance", np.ones((len(self), self.outdim)))
        self.link.append("importance")

    def addSample(self, inp, target, importance=None):
        """Append one sample; ``importance`` is one weight per target value, a
        single number for all of them, or None for ones. Lists and arrays both
        work (PyBrain's ``== None`` test failed on arrays)."""
        if importance is None:
            importance = np.ones(self.outdim)
        elif np.ndim(importance) == 0:
            importance = np.full(self.outdim, importance, dtype=float)
        weights = self._row("importance", importance, "ImportanceDataSet.addSample")
        if np.any(weights < 0):
            raise ValueError(f"ImportanceDataSet.addSample: importance must not be "
                             f"negative; got {weights.tolist()}")
        self.appendLinked(inp, target, weights)

    def _weights(self):
        return self["importance"]

    def _check_loaded(self):
        super()._check_loaded()
        self._check_field("importance", self.outdim)
        if np.any(self["importance"] < 0):
            raise ValueError("importance must not be negative")
