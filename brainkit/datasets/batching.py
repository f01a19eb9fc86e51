"""Turn a dataset into time-major batches for the compiled networks.

Plain (supervised) data: every sample is a sequence of length 1, so a batch of
B samples is an array of shape (1, B, dim). Sequential data: B sequences of
unequal length sit side by side, zero-padded at the end to (T, B, dim), with
error weight 0 on the padded steps; since a step never depends on later steps,
padding at the end changes neither the outputs nor the gradients of the real
steps.
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
    """Consecutive pieces of ``order`` of at most ``size`` items; with
    ``order`` None, slices of range(count) (so plain data needs no copy)."""
    if order is None:
        return [slice(i, min(i + size, count)) for i in range(0, count, size)]
    return [order[i:i + size] for i in range(0, len(order), size)]


def dataset_outputs(module, ds, batchsize=1024):
    """Outputs of ``module`` for every sample of ``ds`` (every step of every
    sequence, each sequence from a reset state; each sample of plain data on
    its own), shape (N, outdim), in dataset order, with the ``DataBatches``."""
    data = DataBatches(ds)
    parts = [np.zeros((0, module.outdim))]
    with blas_limit(largest_product(module, batchsize * data.steps)):
        for units in chunks(None, batchsize, len(data)):
            X, _, _ = data.get(units)
            out = module.run_forward(X)
            parts.append(data.unpad(out, units) if data.sequential else out[0].copy())
    module.reset()
    return np.concatenate(parts), data
