"""Turn a dataset into time-major batches for the compiled networks.

Plain (supervised) data: every sample is a sequence of length 1, so a batch of
B samples is an array of shape (1, B, dim). Sequential data: B sequences of
unequal length sit side by side, zero-padded at the end to (T, B, dim), with
error weight 0 on the padded steps; since a step never depends on later steps,
padding at the end changes neither the outputs nor the gradients of the real
steps.

Data read in chunks (a ``DiskDataSet`` and its parts, which have ``bounds``
and ``chunk(k)``) come through ``ChunkedBatches``: an epoch's order
(``ChunkOrder``) visits the chunks in random order and the units of each in
random order, made one chunk at a time, so a batch needs at most two chunks
in memory. ``data_batches(ds)`` picks the right kind.
"""

import numpy as np

from brainkit.blas import blas_limit, largest_product


def _floats(field):
    """A field as floats without a copy: float32 data stays float32 (a
    float32 network then holds no float64 copy of it), integers become float64."""
    field = np.asarray(field)
    return field if field.dtype.kind == "f" else field.astype(float)


def padded_rows(starts, lengths):
    """Sequences side by side: ``(rows, mask)`` of shape (T, B) for sequences
    that start at rows ``starts`` of a field and have ``lengths`` steps. The
    row of step t of each sequence (0 where it has none), and whether that
    step exists; T is the longest length. The one padding rule of brainkit."""
    steps = np.arange(lengths.max() if lengths.size else 0)[:, None]
    mask = steps < lengths[None, :]
    return np.where(mask, starts[None, :] + steps, 0), mask


def gather(field, rows, mask):
    """``field[rows]`` as floats, (T, B, dim), zero on the steps that do not exist."""
    arr = _floats(field)[rows]
    arr[~mask] = 0.0
    return arr


def is_sequential(ds):
    return hasattr(ds, "getNumSequences")


class DataBatches:
    """A dataset's arrays and a way to cut batches from them.

    ``len(self)`` counts units: samples, or sequences for sequential data.
    Error weights come from an ``importance`` field when there is one.
    """

    def __init__(self, ds):
        self.ds = ds
        self.inputs = _floats(ds["input"])
        self.targets = _floats(ds["target"])
        self.weights = _floats(ds["importance"]) if ds.hasField("importance") else None
        self.sequential = is_sequential(ds)
        self.count = ds.getNumSequences() if self.sequential else len(self.inputs)
        # rows of a run per unit, on average (for choosing BLAS threads)
        self.steps = len(self.inputs) / max(self.count, 1)

    def __len__(self):
        return self.count

    def order(self, permute):
        """An epoch's order of the units: ``permute(n)``, or None (``permute``
        None: as they are)."""
        return None if permute is None else permute(self.count)

    def get(self, units):
        """Inputs (T, B, indim), targets (T, B, outdim) and error weights
        (T, B, outdim; None when every weight is 1) for the given units (an
        index array, or a slice: plain data then comes as views, uncopied)."""
        if not self.sequential:
            w = None if self.weights is None else self.weights[units][None]
            return self.inputs[units][None], self.targets[units][None], w
        rows, mask = self.ds.padded_rows(_indices(units, self.count))
        X, Y = gather(self.inputs, rows, mask), gather(self.targets, rows, mask)
        if self.weights is None and mask.all():
            return X, Y, None
        W = mask[:, :, None] * (1.0 if self.weights is None else self.weights[rows])
        return X, Y, W

    def unpad(self, out, units):
        """The real steps of a padded (T, B, dim) output, sequence after
        sequence: shape (sum of the lengths, dim)."""
        _, mask = self.ds.padded_rows(_indices(units, self.count))
        return out.transpose(1, 0, 2)[mask.T]


def _indices(units, count):
    return np.arange(count)[units] if isinstance(units, slice) else np.asarray(units, int)


def chunks(order, size, count=None):
    """Consecutive pieces of ``order`` of at most ``size`` items, one at a
    time; with ``order`` None, slices of range(count) (so plain data needs
    no copy)."""
    if order is None:
        for i in range(0, count, size):
            yield slice(i, min(i + size, count))
        return
    for i in range(0, len(order), size):
        yield order[i:i + size]


def is_chunked(ds):
    """Whether ``ds`` is read in chunks (a DiskDataSet or a part of one)."""
    return hasattr(ds, "bounds") and callable(getattr(ds, "chunk", None))


def data_batches(ds):
    """``DataBatches`` for data in memory, ``ChunkedBatches`` for data read in chunks."""
    return ChunkedBatches(ds) if is_chunked(ds) else DataBatches(ds)


def target_parts(ds):
    """The target field, whole or chunk by chunk (each chunk's values checked
    as it is read)."""
    if not is_chunked(ds):
        yield np.asarray(ds["target"])
        return
    for k in range(len(ds.bounds) - 1):
        yield ds.chunk(k)[1]


class ChunkOrder:
    """An epoch's order of units that come in chunks (unit boundaries
    ``bounds``): the chunks in the order ``permute(number of chunks)``, and
    the units of each in the order ``permute(its size)``, drawn when the
    chunk is reached. Sliced in increasing order (``chunks``), it holds the
    orders of two chunks at most."""

    def __init__(self, bounds, permute):
        self.bounds, self.permute = bounds, permute
        self.visits = np.asarray(permute(len(bounds) - 1))
        sizes = np.diff(bounds)[self.visits]
        self.starts = np.concatenate([[0], np.cumsum(sizes)])
        self._drawn = {}

    def __len__(self):
        return int(self.starts[-1])

    def _units(self, j):
        """The units of the j-th chunk visited, in their drawn order."""
        if j not in self._drawn:
            if len(self._drawn) >= 2:
                del self._drawn[min(self._drawn)]
            k = self.visits[j]
            self._drawn[j] = self.bounds[k] + np.asarray(
                self.permute(int(self.bounds[k + 1] - self.bounds[k])))
        return self._drawn[j]

    def __getitem__(self, part):
        a, b = max(part.start or 0, 0), min(part.stop, len(self))
        pieces = []
        j = int(np.searchsorted(self.starts, a, side="right")) - 1
        while a < b:
            stop = min(b, int(self.starts[j + 1]))
            pieces.append(self._units(j)[a - self.starts[j]:stop - self.starts[j]])
            a, j = stop, j + 1
        return np.concatenate(pieces) if pieces else np.zeros(0, dtype=int)


class ChunkedBatches:
    """``DataBatches`` for data read in chunks (``is_chunked``): ``get``
    gathers a batch from the (at most two) chunks it touches, kept in memory
    until others are needed. Plain samples only."""

    sequential = False
    steps = 1.0

    def __init__(self, ds):
        self.ds = ds
        self.bounds = np.asarray(ds.bounds)
        self.count = int(self.bounds[-1])
        self._kept = {}

    def __len__(self):
        return self.count

    def order(self, permute):
        """An epoch's order: chunk by chunk (``ChunkOrder``); None (``permute``
        None: no shuffling) as they are."""
        return None if permute is None else ChunkOrder(self.bounds, permute)

    def _chunk(self, k):
        if k not in self._kept:
            if len(self._kept) >= 2:
                self._kept.pop(next(iter(self._kept)))
            X, Y, W = self.ds.chunk(k)
            self._kept[k] = (_floats(X), _floats(Y), None if W is None else _floats(W))
        return self._kept[k]

    def get(self, units):
        """Inputs (1, B, indim), targets (1, B, outdim) and error weights (or
        None) of the units: a slice, or an index array."""
        if isinstance(units, slice):
            units = np.arange(units.start, units.stop)
        units = np.asarray(units, dtype=int)
        ks = np.searchsorted(self.bounds, units, side="right") - 1
        first = ks[0] if len(ks) else 0
        if len(ks) and ks[-1] == first and np.all(ks == first):
            parts = [None if a is None else a[units - self.bounds[first]]
                     for a in self._chunk(first)]
        else:
            parts = [None] * 3
            for k in np.unique(ks):
                rows = ks == k
                for i, a in enumerate(self._chunk(k)):
                    if a is None:
                        continue
                    if parts[i] is None:
                        parts[i] = np.empty((len(units), a.shape[1]), dtype=a.dtype)
                    parts[i][rows] = a[units[rows] - self.bounds[k]]
        X, Y, W = parts
        return X[None], Y[None], None if W is None else W[None]

    @property
    def targets(self):
        """Every target, read chunk by chunk (for ``testOnClassData``)."""
        return np.concatenate([self._chunk(k)[1] for k in range(len(self.bounds) - 1)])


def dataset_outputs(module, ds, batchsize=1024):
    """Outputs of ``module`` for every sample of ``ds`` (every step of every
    sequence, each sequence from a reset state; each sample of plain data on
    its own), shape (N, outdim), in dataset order, with the ``DataBatches``."""
    data = data_batches(ds)
    parts = [np.zeros((0, module.outdim))]
    with blas_limit(largest_product(module, batchsize * data.steps)):
        for units in chunks(None, batchsize, len(data)):
            X, _, _ = data.get(units)
            out = module.run_forward(X)
            parts.append(data.unpad(out, units) if data.sequential else out[0].copy())
    module.reset()
    return np.concatenate(parts), data
