"""SequentialDataSet: samples grouped into sequences of any lengths."""

import random as _random

import numpy as np

from brainkit.datasets.batching import dataset_outputs, gather, padded_rows
from brainkit.datasets.dataset import OutOfSyncError, check_proportion, random_order
from brainkit.datasets.supervised import SupervisedDataSet, _is_dim


class EmptySequenceError(ValueError):
    """A sequence would be left without samples."""


class SequentialDataSet(SupervisedDataSet):
    """Input/target samples in sequences; the field ``sequence_index`` holds the
    first row of each sequence. ``newSequence()`` closes the current one.

    >>> ds = SequentialDataSet(1, 1)
    >>> ds.addSample([0], [0]); ds.addSample([1], [1])
    >>> ds.newSequence(); ds.addSample([1], [1])
    >>> ds.getNumSequences(), ds.getSequenceLength(0), ds.getSequence(1)[0].tolist()
    (2, 2, [[1.0]])
    """

    def __init__(self, indim, targetdim):
        SupervisedDataSet.__init__(self, indim, targetdim)
        self.addField("sequence_index", 1)
        # integer starts: PyBrain's float ones broke slicing on numpy >= 1.12
        self.convertField("sequence_index", int)
        self._append_rows("sequence_index", np.zeros((1, 1), dtype=int))

    def newSequence(self):
        """Start a new sequence; nothing happens on an empty data set. Raises
        EmptySequenceError if the current sequence has no samples yet."""
        n = len(self)
        if n == 0:
            return
        if self["sequence_index"][-1, 0] == n:
            raise EmptySequenceError("newSequence: the current sequence is still empty; "
                                     "add samples to it before starting another")
        self._append_rows("sequence_index", np.array([[n]]))

    # sequences -------------------------------------------------------------------

    def sequence_bounds(self):
        """``(starts, stops)``: int arrays with the row range of each sequence
        (a just-opened, still empty last sequence is not counted)."""
        n = len(self)
        starts = self["sequence_index"][:, 0].astype(np.intp)
        if n == 0:
            return starts[:0], starts[:0]
        if starts[-1] == n:
            starts = starts[:-1]
        return starts, np.append(starts[1:], n)

    def getNumSequences(self):
        """The number of sequences with samples (0 for an empty data set)."""
        return len(self.sequence_bounds()[0])

    def _bounds_of(self, index):
        starts, stops = self.sequence_bounds()
        if not -len(starts) <= index < len(starts):
            raise IndexError(f"sequence {index} out of range; the data set has "
                             f"{len(starts)} sequences")
        return int(starts[index]), int(stops[index])

    def getSequence(self, index):
        """``[inputs (L, indim), targets (L, outdim)]`` of sequence ``index``
        (one entry per linked field; views)."""
        start, stop = self._bounds_of(index)
        return [self[label][start:stop] for label in self.link]

    def getSequenceIterator(self, index):
        """The samples of one sequence as tuples of rows."""
        return zip(*self.getSequence(index))

    def getSequenceLength(self, index):
        start, stop = self._bounds_of(index)
        return stop - start

    def gotoSequence(self, index):
        """Move the cursor to the first sample of sequence ``index``."""
        self.index = self._bounds_of(index)[0]

    def getCurrentSequence(self):
        """The sequence the cursor is in."""
        starts, _ = self.sequence_bounds()
        return int(np.searchsorted(starts, self.index, side="right")) - 1

    def endOfSequence(self, index):
        """True once the cursor has moved past the last sample of ``index``."""
        return self.index >= self._bounds_of(index)[1]

    def __iter__(self):
        """One iterator over ``(input, target)`` rows per sequence (PyBrain)."""
        self._check_sync()
        for i in range(self.getNumSequences()):
            yield self.getSequenceIterator(i)

    def _provideSequences(self):
        return iter(self)

    def _take_sequences(self, indices):
        """A new data set of the same class with the given sequences, in order."""
        starts, stops = self.sequence_bounds()
        indices = np.asarray(indices, dtype=np.intp)
        lengths = stops[indices] - starts[indices]
        firsts = np.cumsum(lengths) - lengths
        rows = np.repeat(starts[indices] - firsts, lengths) + np.arange(lengths.sum())
        new = self._take(rows)
        index = firsts if len(indices) else np.zeros(1, dtype=np.intp)
        new.data["sequence_index"] = index[:, None].astype(int)
        new.endmarker["sequence_index"] = len(index)
        return new

    def subset(self, indices):
        """A new data set of the same class holding copies of the *sequences*
        at ``indices``, in that order."""
        return self._take_sequences(
            self._check_indices(indices, self.getNumSequences(), "sequence"))

    def removeSequence(self, index):
        """Delete sequence ``index`` and its samples."""
        self._bounds_of(index)
        keep = np.delete(np.arange(self.getNumSequences()), index)
        rest = self._take_sequences(keep)
        self.data, self.endmarker = rest.data, rest.endmarker
        self.reset()

    def clear(self, unlinked=False):
        SupervisedDataSet.clear(self, unlinked)
        self.data["sequence_index"] = np.zeros((1, 1), dtype=int)
        self.endmarker["sequence_index"] = 1

    def splitWithProportion(self, proportion=0.5, rng=None):
        """``(left, right)`` by whole sequences: ``int(n * proportion)`` random
        sequences go left, in their original order. Draws with the stdlib
        ``random.sample`` like PyBrain, or from ``rng`` if given."""
        proportion = check_proportion(proportion)
        n = self.getNumSequences()
        k = int(n * proportion)
        if rng is None:
            left = np.array(_random.sample(list(range(n)), k), dtype=np.intp)
        else:
            left = random_order(n, rng)[:k]
        mask = np.zeros(n, dtype=bool)
        mask[left] = True
        return (self._take_sequences(np.flatnonzero(mask)),
                self._take_sequences(np.flatnonzero(~mask)))

    # batches of whole sequences ----------------------------------------------------

    def padded_rows(self, indices):
        """``(rows, mask)`` of shape (T, B): the row of step t of each sequence,
        and whether that step exists (T is the longest length)."""
        starts, stops = self.sequence_bounds()
        indices = self._check_indices(indices, len(starts), "sequence")
        return padded_rows(starts[indices], stops[indices] - starts[indices])

    def padded_batch(self, indices=None):
        """Sequences side by side, time-major and zero-padded: one float array
        ``(T, B, dim)`` per linked field (input, target, ...) and then the
        ``(T, B)`` bool mask of real steps. ``indices`` default: all sequences.

        >>> ds = SequentialDataSet(1, 1)
        >>> ds.addSample([1], [0]); ds.newSequence(); ds.addSample([2], [0]); ds.addSample([3], [1])
        >>> X, Y, mask = ds.padded_batch()
        >>> X[:, :, 0].tolist(), mask.tolist()
        ([[1.0, 2.0], [0.0, 3.0]], [[True, True], [False, True]])
        """
        if indices is None:
            indices = np.arange(self.getNumSequences())
        rows, mask = self.padded_rows(indices)
        return (*(gather(self[label], rows, mask) for label in self.link), mask)

    def _sample_batches(self, batchsize, shuffle, rng):
        """For sequences, ``batches(k)`` yields ``padded_batch`` tuples of k whole
        sequences."""
        if not _is_dim(batchsize) or batchsize < 1:
            raise ValueError(f"batches expects a batch size of at least 1; got {batchsize!r}")
        n = self.getNumSequences()
        order = random_order(n, rng, legacy="stdlib") if shuffle else np.arange(n)
        for start in range(0, n, batchsize):
            yield self.padded_batch(order[start:start + batchsize])

    # evaluation ------------------------------------------------------------------

    def _module_outputs(self, module):
        """Outputs for every row; a recurrent module runs the sequences side by
        side, each from a reset state."""
        if not getattr(module, "sequential", False):
            return SupervisedDataSet._module_outputs(self, module)
        return dataset_outputs(module, self)[0]

    def evaluateModuleMSE(self, module, averageOver=1):
        """PyBrain's half MSE of the module's outputs, the module reset before
        every sequence (sequences run side by side in batches)."""
        return SupervisedDataSet.evaluateModuleMSE(self, module, averageOver)

    def _check_loaded(self):
        super()._check_loaded()
        self._check_field("sequence_index", 1, integer=True, linked=False)
        starts = self.data["sequence_index"][:, 0]
        if (starts.size == 0 or starts[0] != 0 or np.any(np.diff(starts) <= 0)
                or starts[-1] > len(self)):
            raise OutOfSyncError(f"sequence_index must be one column of increasing starts "
                                 f"from 0 up to {len(self)}; got {starts[:10].tolist()}")
        self.data["sequence_index"] = self.data["sequence_index"].astype(int)
