"""The DataSet base class: named 2-D fields that grow by whole rows.

A data set is a dict ``data`` of 2-D arrays ``(capacity, dim)``, one per field
(``'input'``, ``'target'``, ...), and ``endmarker[label]``, the rows in use.
Appending doubles the capacity when it runs out, so building a data set row
by row costs amortised O(1) per row. Fields listed in ``link`` hold one row
per sample and must stay the same length.
"""

import copy as _copy
import numbers
import random as _random

import numpy as np


class OutOfSyncError(ValueError):
    """Linked fields have different lengths."""


class NoLinkedFieldsError(ValueError):
    """The data set has no linked fields to read samples from."""


def random_order(n, rng=None, legacy="numpy"):
    """A permutation of ``range(n)`` as an int array.

    ``rng`` (a numpy ``Generator``, ``RandomState`` or an int seed) makes it
    repeatable on its own; without it the draw comes from numpy's global state
    (``legacy='numpy'``) or from the stdlib ``random`` (``legacy='stdlib'``),
    where PyBrain drew it.

    >>> sorted(random_order(4, rng=0).tolist())
    [0, 1, 2, 3]
    """
    if rng is None:
        if legacy == "stdlib":
            order = list(range(n))
            _random.shuffle(order)
            return np.array(order, dtype=np.intp)
        return np.random.permutation(n)
    if isinstance(rng, numbers.Integral):
        rng = np.random.default_rng(rng)
    if not hasattr(rng, "permutation"):
        raise TypeError(f"rng must be a numpy Generator, RandomState or int seed; got {rng!r}")
    return np.asarray(rng.permutation(n), dtype=np.intp)


def check_proportion(proportion):
    """Refuse a split proportion outside the open interval (0, 1)."""
    if not isinstance(proportion, numbers.Real) or not 0.0 < proportion < 1.0:
        raise ValueError(f"splitWithProportion expects a proportion strictly between 0 "
                         f"and 1; got {proportion!r}")
    return float(proportion)


def as_field_array(values, label, what):
    """A finite numeric 2-D array for a whole field; a 1-D array becomes one column.

    Integer arrays keep their dtype (PyBrain's [SURPRISE]), booleans become float.
    """
    try:
        arr = np.asarray(values)
    except ValueError as exc:
        raise ValueError(f"{what}: could not read field {label!r} as an array ({exc})") from None
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"{what}: field {label!r} takes numbers; got an array of dtype {arr.dtype}")
    if arr.dtype.kind == "b":
        arr = arr.astype(float)
    if arr.ndim == 1:
        arr = arr[:, None]
    if arr.ndim != 2:
        raise ValueError(f"{what}: field {label!r} takes a 2-D array (rows, dim); "
                         f"got shape {arr.shape}")
    if arr.dtype.kind == "f" and not np.isfinite(arr).all():
        raise ValueError(f"{what}: field {label!r} contains NaN or inf")
    return arr


class DataSet:
    """Named fields of rows: ``data[label]`` ``(capacity, dim)``, ``endmarker[label]``
    rows in use, ``link`` the fields that form one sample together.

    >>> ds = DataSet()
    >>> ds.addField('x', 2); ds.addField('y', 1); ds.linkFields(['x', 'y'])
    >>> ds.appendLinked([1, 2], [3])
    >>> len(ds), ds['x'].tolist(), ds.getDimension('y')
    (1, [[1.0, 2.0]], 1)
    """

    _rowfields = ()          # unlinked fields that still hold one row per sample
    _meta_names = ()         # attributes saved to files beside the fields

    def __init__(self):
        self.data = {}
        self.endmarker = {}
        self.link = []
        self.index = 0

    def __repr__(self):
        fields = ", ".join(f"{k} {self.getDimension(k)}" for k in self.data)
        return f"<{type(self).__name__} {len(self)} samples; fields: {fields}>"

    # fields --------------------------------------------------------------------

    def _require(self, label):
        if label not in self.data:
            known = ", ".join(repr(k) for k in self.data) or "none"
            raise KeyError(f"{type(self).__name__} has no field {label!r}; fields: {known}")

    def addField(self, label, dim):
        """Add an empty field of ``dim`` columns."""
        if not isinstance(label, str) or not label or "/" in label:
            raise ValueError(f"a field label must be a non-empty string without '/'; "
                             f"got {label!r}")
        if not isinstance(dim, numbers.Integral) or isinstance(dim, bool) or dim < 0:
            raise ValueError(f"field {label!r}: dim must be a non-negative integer; got {dim!r}")
        self.data[label] = np.zeros((0, int(dim)))
        self.endmarker[label] = 0

    def setField(self, label, arr):
        """Replace (or create) field ``label`` by a copy of ``arr`` (rows, dim);
        a 1-D array becomes one column."""
        arr = as_field_array(arr, label, f"{type(self).__name__}.setField")
        self.data[label] = arr.copy()
        self.endmarker[label] = arr.shape[0]

    def getField(self, label):
        """The used rows of a field: a view, so writing to it changes the data set."""
        self._require(label)
        return self.data[label][:self.endmarker[label]]

    __getitem__ = getField

    def hasField(self, label):
        return label in self.data

    def getFieldNames(self):
        return list(self.data)

    def getDimension(self, label):
        self._require(label)
        return self.data[label].shape[1]

    def convertField(self, label, dtype):
        """Cast a field to ``dtype`` (keeping its rows)."""
        self._require(label)
        self.data[label] = self.data[label].astype(dtype)

    def linkFields(self, linklist):
        """Declare the fields that together form one sample; they must have
        the same length."""
        for label in linklist:
            self._require(label)
        lengths = {label: self.endmarker[label] for label in linklist}
        if len(set(lengths.values())) > 1:
            raise OutOfSyncError(f"cannot link fields of different lengths: {lengths}")
        self.link = list(linklist)

    def unlinkFields(self, unlinklist=None):
        """Remove fields from ``link`` (all of them by default)."""
        drop = set(self.link if unlinklist is None else unlinklist)
        self.link = [label for label in self.link if label not in drop]

    # growing -------------------------------------------------------------------

    def _row(self, label, value, what):
        """One row for field ``label``: checked for width and finiteness."""
        dim = self.data[label].shape[1]
        try:
            row = np.asarray(value)
        except ValueError as exc:
            raise ValueError(f"{what}: could not read the value for {label!r} ({exc})") from None
        if row.dtype.kind not in "biuf":
            raise TypeError(f"{what}: field {label!r} takes numbers; got {value!r}")
        if row.size != dim:
            raise ValueError(f"{what}: field {label!r} expects {dim} values per sample; "
                             f"got {row.size}")
        if row.dtype.kind == "f" and not np.isfinite(row).all():
            raise ValueError(f"{what}: the value for field {label!r} contains NaN or inf")
        return row.reshape(dim)

    def _append_rows(self, label, rows):
        """Append a (k, dim) block, doubling the capacity when it runs out."""
        arr, end = self.data[label], self.endmarker[label]
        stop = end + rows.shape[0]
        if stop > arr.shape[0]:
            grown = np.zeros((max(stop, 2 * (arr.shape[0] + 1)), arr.shape[1]), dtype=arr.dtype)
            grown[:end] = arr[:end]
            self.data[label] = arr = grown
        arr[end:stop] = rows
        self.endmarker[label] = stop

    def append(self, label, row):
        """Append one row to one field (linked or not)."""
        self._require(label)
        self._append_rows(label, self._row(label, row, f"{type(self).__name__}.append")[None])

    def appendLinked(self, *args):
        """Append one row to each linked field, in the order of ``link``; all
        rows are checked before any is added."""
        if len(args) != len(self.link):
            raise ValueError(f"appendLinked expects one value per linked field "
                             f"{self.link}; got {len(args)}")
        what = f"{type(self).__name__}.addSample"
        rows = [self._row(label, value, what) for label, value in zip(self.link, args)]
        for label, row in zip(self.link, rows):
            self._append_rows(label, row[None])

    # reading -------------------------------------------------------------------

    def __len__(self):
        if self.link:
            return self.endmarker[self.link[0]]
        return max(self.endmarker.values(), default=0)

    getLength = __len__

    def getLinked(self, index=None):
        """The rows of all linked fields at ``index`` (views); without an index,
        the row at the cursor, which then moves on."""
        if not self.link:
            raise NoLinkedFieldsError(f"{type(self).__name__} has no linked fields")
        if index is None:
            index = self.index
        if not 0 <= index < len(self):
            raise IndexError(f"sample index {index} out of range for {len(self)} samples")
        self.index = index + 1
        return [self.data[label][index] for label in self.link]

    def _check_sync(self):
        lengths = {label: self.endmarker[label] for label in self.link}
        if len(set(lengths.values())) > 1:
            raise OutOfSyncError(f"linked fields have different lengths: {lengths}")

    def __iter__(self):
        """Yield ``[row, row, ...]`` lists of the linked fields, sample by sample."""
        self._check_sync()
        self.reset()
        while not self.endOfData():
            yield self.getLinked()

    def reset(self):
        """Move the cursor back to the first sample."""
        self.index = 0

    def endOfData(self):
        return self.index >= len(self)

    def clear(self, unlinked=False):
        """Remove every sample of the linked fields (and of the others too if
        ``unlinked``); dimensions stay."""
        self.reset()
        for label in self.data:
            if unlinked or label in self.link or label in self._rowfields:
                self.data[label] = np.zeros((0, self.getDimension(label)), self.data[label].dtype)
                self.endmarker[label] = 0

    def copy(self):
        """A deep copy."""
        return _copy.deepcopy(self)

    def subset(self, indices):
        """A new data set of the same class holding copies of the samples at
        ``indices``, in that order (classes, labels and other fields kept).

        >>> ds = DataSet(); ds.addField('x', 1); ds.linkFields(['x'])
        >>> for v in (5, 6, 7): ds.append('x', [v])
        >>> ds.subset([2, 0])['x'].ravel().tolist()
        [7.0, 5.0]
        """
        return self._take(self._check_indices(indices, len(self), "sample"))

    @staticmethod
    def _check_indices(indices, n, what):
        """``indices`` as a 1-D int array, each in range for ``n`` items."""
        idx = np.asarray(indices)
        if idx.size == 0:
            return np.zeros(0, dtype=np.intp)
        if idx.ndim != 1 or idx.dtype.kind not in "iu":
            raise TypeError(f"expected a 1-D sequence of {what} indices; got {indices!r:.60}")
        if idx.min() < -n or idx.max() >= n:
            raise IndexError(f"{what} indices out of range for {n} {what}s: "
                             f"{idx[(idx < -n) | (idx >= n)][:5].tolist()}")
        return idx.astype(np.intp) % max(n, 1)

    def _take(self, rows):
        """A new data set of the same class with the given sample rows of the
        linked (and per-sample) fields; other fields and attributes are copied."""
        new = type(self).__new__(type(self))
        for key, value in self.__dict__.items():
            if key not in ("data", "endmarker"):
                setattr(new, key, _copy.deepcopy(value))
        new.data, new.endmarker, new.index = {}, {}, 0
        n = len(self)
        for label in self.data:
            used = self.getField(label)
            per_sample = label in self.link or (label in self._rowfields and used.shape[0] == n)
            new.data[label] = used[rows] if per_sample else used.copy()
            new.endmarker[label] = new.data[label].shape[0]
        return new

    # batches -------------------------------------------------------------------

    def batches(self, label, n, permutation=None):
        """Yield consecutive ``(n, dim)`` chunks of field ``label`` (views; the
        last may be shorter), in the order of ``permutation`` (indices of
        chunks) if given."""
        if not isinstance(n, numbers.Integral) or n < 1:
            raise ValueError(f"batches expects a batch size of at least 1; got {n!r}")
        field = self.getField(label)
        starts = list(range(0, field.shape[0], n))
        if permutation is not None:
            order = [int(i) for i in permutation]
            bad = [i for i in order if not 0 <= i < len(starts)]
            if bad:
                raise ValueError(f"batches: permutation indices {bad} out of range for "
                                 f"{len(starts)} batches")
            starts = [starts[i] for i in order]
        for start in starts:
            yield field[start:start + n]

    def randomBatches(self, label, n, rng=None):
        """Like ``batches`` but from shuffled rows (copies): every row once,
        in random order. Shuffles with the stdlib ``random`` (PyBrain's
        intent; its version never shuffled) unless ``rng`` is given."""
        if not isinstance(n, numbers.Integral) or n < 1:
            raise ValueError(f"randomBatches expects a batch size of at least 1; got {n!r}")
        field = self.getField(label)
        order = random_order(field.shape[0], rng, legacy="stdlib")
        for start in range(0, field.shape[0], n):
            yield field[order[start:start + n]]

    # files ---------------------------------------------------------------------

    def _meta(self):
        """The attributes a file stores beside the fields."""
        return {name: getattr(self, name) for name in self._meta_names}

    def _restore_meta(self, meta):
        for name in self._meta_names:
            if name not in meta:
                raise ValueError(f"the attribute {name!r} of a {type(self).__name__} is "
                                 "missing")
            setattr(self, name, meta[name])

    def _check_loaded(self):
        """Refuse data read from a file that does not fit this class (a
        subclass checks its own fields and attributes too)."""
        self._check_sync()

    def _check_field(self, label, width=None, integer=False, linked=True):
        """For ``_check_loaded``: field ``label`` exists, has ``width`` columns,
        holds integers if ``integer``, and is linked (or not)."""
        if label not in self.data:
            raise ValueError(f"a {type(self).__name__} needs the field {label!r}")
        arr = self.data[label]
        if width is not None and arr.shape[1] != width:
            raise ValueError(f"field {label!r} has {arr.shape[1]} columns; expected {width}")
        if integer and arr.dtype.kind not in "iu":
            raise ValueError(f"field {label!r} holds {arr.dtype}; expected integers")
        if linked != (label in self.link):
            raise ValueError(f"field {label!r} should {'' if linked else 'not '}be linked")

    def saveToFile(self, filename, format=None):
        """Write the data set to an HDF5 file, atomically (a temporary file in
        the same folder, then a rename). brainkit never pickles data sets."""
        from brainkit.datasets.files import save_dataset
        save_dataset(self, filename, format)

    @classmethod
    def loadFromFile(cls, filename, format=None):
        """Read a data set written by ``saveToFile``; returns an object of the
        class stored in the file, which must be ``cls`` or a subclass. A bad
        file raises ``brainkit.datasets.DataSetFileError`` (a ValueError)
        naming the problem; a file from elsewhere is best checked first with
        ``brainkit.tools.checkfile.check_file(path, kind='dataset')``."""
        from brainkit.datasets.files import load_dataset
        return load_dataset(cls, filename, format)
