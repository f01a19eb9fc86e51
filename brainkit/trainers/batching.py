"""Turn a dataset into time-major batches for the compiled networks.

Plain (supervised) data: every sample is a sequence of length 1, so a batch of
B samples is an array of shape (1, B, dim). Sequential data: B sequences of
unequal length are padded at the end to (T, B, dim) with weight 0 on the
padded steps; since a step never depends on later steps, padding at the end
changes neither the outputs nor the gradients of the real steps.
"""

import numpy as np


def is_sequential(ds):
    return hasattr(ds, "getNumSequences")


class DataBatches:
    """Cached arrays of a dataset and a way to cut batches from them.

    ``weights`` is None for plain data, else the ``importance`` field.
    ``len(self)`` counts units: samples, or sequences for sequential data.
    """

    def __init__(self, ds):
        self.inputs = np.asarray(ds["input"], dtype=float)
        self.targets = np.asarray(ds["target"], dtype=float)
        self.weights = (np.asarray(ds["importance"], dtype=float)
                        if "importance" in getattr(ds, "data", {}) else None)
        self.sequential = is_sequential(ds)
        if self.sequential:
            n = ds.getNumSequences()
            self.lengths = np.array([ds.getSequenceLength(i) for i in range(n)], dtype=int)
            self.starts = np.concatenate([[0], np.cumsum(self.lengths)[:-1]]).astype(int)
        else:
            self.lengths = np.ones(len(self.inputs), dtype=int)
            self.starts = np.arange(len(self.inputs))

    def __len__(self):
        return len(self.starts)

    def get(self, units):
        """Inputs (T, B, indim), targets (T, B, outdim) and error weights
        (T, B, outdim; None when every weight is 1) for the given unit indices."""
        units = np.asarray(units, dtype=int)
        if not self.sequential:
            w = None if self.weights is None else self.weights[units][None]
            return self.inputs[units][None], self.targets[units][None], w
        lengths = self.lengths[units]
        T, B = int(lengths.max()), len(units)
        # (t, b) position and dataset row of every real step, without a loop over steps
        t_idx = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        b_idx = np.repeat(np.arange(B), lengths)
        rows = np.repeat(self.starts[units], lengths) + t_idx
        X = np.zeros((T, B, self.inputs.shape[1]))
        Y = np.zeros((T, B, self.targets.shape[1]))
        X[t_idx, b_idx] = self.inputs[rows]
        Y[t_idx, b_idx] = self.targets[rows]
        if self.weights is None and lengths.min() == T:
            return X, Y, None
        W = np.zeros_like(Y)
        W[t_idx, b_idx] = 1.0 if self.weights is None else self.weights[rows]
        return X, Y, W

    def unpad(self, out, units):
        """The rows of a padded (T, B, dim) output that belong to real steps,
        in dataset order of the given units: shape (sum of lengths, dim)."""
        lengths = self.lengths[np.asarray(units, dtype=int)]
        t_idx = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        return out[t_idx, np.repeat(np.arange(len(lengths)), lengths)]


def chunks(order, size):
    """Consecutive pieces of ``order`` of at most ``size`` items."""
    return [order[i:i + size] for i in range(0, len(order), size)]


def dataset_outputs(module, ds, batchsize=1024):
    """Outputs of ``module`` for every sample of ``ds`` (every step of every
    sequence, each sequence from a reset state), shape (N, outdim), together
    with the ``DataBatches`` used."""
    data = DataBatches(ds)
    parts = []
    for units in chunks(np.arange(len(data)), batchsize):
        X, _, _ = data.get(units)
        out = module._run_forward(X)
        parts.append(data.unpad(out, units) if data.sequential else out[0].copy())
    module.reset()
    if not parts:
        return np.zeros((0, module.outdim)), data
    return np.concatenate(parts), data
