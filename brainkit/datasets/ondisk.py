"""DiskDataSet: a data set file read in chunks, for data larger than memory.

``DiskDataSet(path)`` opens a file written by ``saveToFile`` (a
SupervisedDataSet or ClassificationDataSet: one row per sample; not
sequences, so not an ImportanceDataSet) with every check of the file reader
(``brainkit.datasets.hdf5``) except the values', which are checked chunk by
chunk as they are read. An ``importance`` field, if the data set had one,
weighs the errors as it does in memory. The trainers take it like a data set
held in memory::

    ds = DiskDataSet('big.h5')
    BackpropTrainer(net, ds, batchsize=64, seed=0).trainEpochs(3)

and read it a chunk of rows at a time (``chunk_rows``, by default as many as
fill ``CHUNK_BYTES``): an epoch visits the chunks in random order and the
rows of each chunk in random order (``brainkit.datasets.batching``), so at
most two chunks are in memory, whatever the size of the file. ``split``
divides it into training and validation parts without reading it, and
``scaled`` gives a view whose rows are scaled as they are read.

>>> import os, tempfile
>>> from brainkit.datasets import SupervisedDataSet
>>> path = os.path.join(tempfile.mkdtemp(), 'd.h5')
>>> SupervisedDataSet(np.arange(10.0)[:, None], np.arange(10.0)[:, None] ** 2).saveToFile(path)
>>> with DiskDataSet(path, chunk_rows=4) as ds:
...     len(ds), ds.indim, ds.outdim, ds.read(8, 10)[1].ravel().tolist()
(10, 1, 1, [64.0, 81.0])
"""

import os

import numpy as np

from brainkit.datasets.hdf5 import DataSetFileError, open_dataset, read_rows
from brainkit.filechecks import short

CHUNK_BYTES = 1 << 24       # 16 MiB of rows per read, by default


class _Chunked:
    """What a DiskDataSet and its parts share: ``bounds`` (the units' chunk
    boundaries), ``chunk(k)``, and the parts made from them."""

    def __len__(self):
        return int(self.bounds[-1])

    def hasField(self, label):
        return self.source.hasField(label)

    @property
    def indim(self):
        return self.source.indim

    @property
    def outdim(self):
        return self.source.outdim

    def split(self, fraction, seed=0):
        """(rest, held out): each row held out with probability ``fraction``,
        drawn chunk by chunk from ``seed`` (nothing is read)."""
        if not 0 < fraction < 1:
            raise ValueError(f"split: the fraction must be between 0 and 1; got {fraction!r}")

        def held(k, n):
            return np.random.default_rng([seed, k]).random(n) < fraction
        return (DiskPart(self, lambda k, n: ~held(k, n)), DiskPart(self, held))

    def scaled(self, shift, scale, yshift=0.0, yscale=1.0, dtype=np.float64):
        """A view whose rows come as ((X - shift) / scale, (Y - yshift) /
        yscale) in ``dtype``."""
        dtype = np.dtype(dtype)
        factors = [np.asarray(v, dtype=dtype) for v in (shift, scale, yshift, yscale)]

        def transform(X, Y, W):
            # in place in one copy of the rows, in the target dtype: no float64 temporaries
            X, Y = X.astype(dtype), Y.astype(dtype)
            X -= factors[0]
            X /= factors[1]
            Y -= factors[2]
            Y /= factors[3]
            return X, Y, None if W is None else W.astype(dtype)
        return DiskPart(self, None, transform)

    def moments(self, *fields):
        """(mean, standard deviation) of each column of a field (default
        'input'), in float64, read chunk by chunk (chunks combined as in Chan
        et al.'s parallel variance). Several fields give a list of such
        pairs, one per field, from one pass over the rows."""
        fields = fields or ("input",)
        index = [{"input": 0, "target": 1}[field] for field in fields]
        count, means, m2s = 0, [0.0] * len(fields), [0.0] * len(fields)
        for k in range(len(self.bounds) - 1):
            chunk = self.chunk(k)
            n = len(chunk[0])
            if n == 0:
                continue
            total = count + n
            for i, j in enumerate(index):
                values = np.asarray(chunk[j], dtype=np.float64)
                part_mean = values.mean(axis=0)
                part_m2 = ((values - part_mean) ** 2).sum(axis=0)
                delta = part_mean - means[i]
                means[i] = means[i] + delta * (n / total)
                m2s[i] = m2s[i] + part_m2 + delta ** 2 * (count * n / total)
            count = total
        if count == 0:
            raise ValueError(f"moments: {self!r} holds no rows")
        found = [(mean, np.sqrt(m2 / count)) for mean, m2 in zip(means, m2s)]
        return found[0] if len(fields) == 1 else found


class DiskPart(_Chunked):
    """Some rows of a DiskDataSet, chosen chunk by chunk (``keep(k, n)``: a
    boolean mask of chunk k's n rows, or None: all), transformed as read
    (``transform(X, Y, W)``, or None)."""

    def __init__(self, parent, keep=None, transform=None):
        self.parent, self.keep, self.transform = parent, keep, transform
        self.source = parent.source
        self.path = self.source.path
        sizes = np.diff(parent.bounds)
        if keep is not None:
            sizes = [int(np.count_nonzero(keep(k, n))) for k, n in enumerate(sizes)]
        self.bounds = np.concatenate([[0], np.cumsum(sizes)]).astype(int)

    def __repr__(self):
        return f"<part of {self.source!r}: {len(self)} samples>"

    def chunk(self, k):
        X, Y, W = self.parent.chunk(k)
        if self.keep is not None:
            rows = self.keep(k, len(X))
            X, Y, W = X[rows], Y[rows], None if W is None else W[rows]
        return (X, Y, W) if self.transform is None else self.transform(X, Y, W)


class DiskDataSet(_Chunked):
    """A data set file read in chunks (see the module doc). ``len(ds)``,
    ``indim``, ``outdim``, ``hasField`` and ``class_name``/``meta`` (the
    stored class and its attributes, e.g. ``class_labels``) are known
    without reading; ``read(start, stop)`` gives rows; ``ds['input']`` is
    refused (it would read the whole field)."""

    def __init__(self, path, chunk_rows=None):
        from brainkit.datasets.dataset import DataSet
        from brainkit.datasets.files import _dataset_classes
        from brainkit.datasets.supervised import SupervisedDataSet
        self.path = os.fspath(path)
        stored, self._file = open_dataset(self.path)
        try:
            klass = _dataset_classes(DataSet).get(stored.class_name)
            if klass is None or not issubclass(klass, SupervisedDataSet) \
                    or hasattr(klass, "getNumSequences"):
                raise DataSetFileError(
                    f"{self.path}: holds a {short(stored.class_name)}; DiskDataSet reads "
                    "files of SupervisedDataSet and its subclasses of one row per sample "
                    "(not sequences: load those with loadFromFile)")
            fields = stored.fields
            if not {"input", "target"} <= set(stored.link):
                raise DataSetFileError(f"{self.path}: the fields 'input' and 'target' are "
                                       f"not linked (link: {short(stored.link)})")
            rows = {label: fields[label].shape[0] for label in stored.link}
            if len(set(rows.values())) != 1:
                raise DataSetFileError(f"{self.path}: the linked fields have different "
                                       f"lengths: {short(rows)}")
            self.class_name, self.meta = stored.class_name, stored.meta
            self._fields = {label: fields[label] for label in ("input", "target", "importance")
                            if label in fields}
            self.count = rows["input"]
            width = sum(f.shape[1] * max(f.dtype.itemsize, 4) for f in self._fields.values())
            self.chunk_rows = _positive(chunk_rows) if chunk_rows is not None else \
                max(1, CHUNK_BYTES // max(width, 1))
            self.bounds = np.array([*range(0, self.count, self.chunk_rows), self.count])
            self.source = self
        except BaseException:
            self._file.close()
            raise

    def __repr__(self):
        return (f"<DiskDataSet {self.path!r}: {self.count} samples of {self.indim} inputs and "
                f"{self.outdim} targets, chunks of {self.chunk_rows} rows>")

    def __len__(self):
        return self.count

    getLength = __len__

    def hasField(self, label):
        return label in self._fields

    @property
    def indim(self):
        return self._fields["input"].shape[1]

    @property
    def outdim(self):
        return self._fields["target"].shape[1]

    def __getitem__(self, label):
        raise TypeError(f"DiskDataSet {self.path!r} keeps its fields on disk: read rows with "
                        "ds.read(start, stop), or load the whole data set into memory with "
                        "SupervisedDataSet.loadFromFile(path)")

    def read(self, start, stop):
        """(inputs, targets, importance or None) of rows start..stop-1, as
        stored; NaN or inf raises DataSetFileError naming the rows."""
        if not 0 <= start <= stop <= self.count:
            raise IndexError(f"rows {start}..{stop - 1} are outside the {self.count} rows of "
                             f"{self.path}")
        parts = [read_rows(self.path, label, self._fields[label], start, stop)
                 if label in self._fields else None
                 for label in ("input", "target", "importance")]
        return tuple(parts)

    def chunk(self, k):
        """``read`` of chunk k's rows."""
        return self.read(int(self.bounds[k]), int(self.bounds[k + 1]))

    def close(self):
        self._file.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __getstate__(self):
        raise TypeError("a DiskDataSet holds an open file and does not pickle; pass its path "
                        "and open it where it is used")


def _positive(value):
    if not isinstance(value, (int, np.integer)) or isinstance(value, bool) or value < 1:
        raise ValueError(f"chunk_rows must be a positive integer; got {value!r}")
    return int(value)
