"""The HDF5 file format of data sets: a pure reader and writer (never pickle).

Layout (``format_version`` 1): the root has the attributes
``brainkit_dataset`` (the class name), ``format_version``, and JSON texts
``link`` (the linked field labels), ``field_order`` and ``meta`` (the
class's attributes, such as ``class_labels``); the group ``fields`` holds one
2-D dataset per field with its used rows only, in its own dtype.

Writing is atomic (``brainkit.atomic``). Reading trusts nothing in the file
(the checks it shares with the model file reader are ``brainkit.filechecks``):
links (soft or to other files), data stored outside the file and virtual
datasets are refused; a field must be a 2-D array of real numbers (bool, int
or float) whose size the file really stores (compressed data may expand at
most ``MAX_EXPANSION`` times), without NaN or inf; each attribute must have
the expected type. Every malformed file raises ``DataSetFileError`` (a
``ValueError``) naming the file and the problem. Which classes exist and
what their fields must hold is the business of ``brainkit.datasets.files``;
this module knows only the layout.
"""

import json
import os
from collections import namedtuple

import numpy as np

from brainkit.filechecks import (cut, hdf5_member, not_regular, short, stored_elsewhere,
                                 unstored_bytes)

FORMAT_VERSION = 1

StoredDataSet = namedtuple("StoredDataSet", "class_name link fields meta")


class DataSetFileError(ValueError):
    """A file is not a valid brainkit data set file: the message names the file,
    the attribute or field that is wrong, what was expected and what came, and
    is cut to about ``MAX_MESSAGE_CHARS`` (of ``brainkit.filechecks``)
    characters whatever the file holds.

    >>> raise DataSetFileError("d.h5: field 'input' holds NaN or inf")
    Traceback (most recent call last):
    ...
    brainkit.datasets.hdf5.DataSetFileError: d.h5: field 'input' holds NaN or inf
    """

    def __init__(self, message=""):
        ValueError.__init__(self, cut(message))


def plain(value):
    """``value`` with numpy scalars and arrays turned into JSON-able Python."""
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return value


def write_dataset(path, class_name, link, fields, meta):
    """Write ``fields`` (label -> 2-D array, in order) atomically to ``path``."""
    import h5py

    from brainkit.atomic import atomic_path

    path = os.fspath(path)
    try:
        meta_text = json.dumps(plain(meta), allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"cannot save {class_name} to {path!r}: an attribute is not a "
                        f"number, string or list ({exc})") from None
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise FileNotFoundError(f"cannot save to {path!r}: folder {folder!r} does not exist")
    with atomic_path(path) as tmp, h5py.File(tmp, "w") as f:
        f.attrs["brainkit_dataset"] = class_name
        f.attrs["format_version"] = FORMAT_VERSION
        f.attrs["link"] = json.dumps(list(link))
        f.attrs["field_order"] = json.dumps(list(fields))
        f.attrs["meta"] = meta_text
        group = f.create_group("fields")
        for label, arr in fields.items():
            group.create_dataset(label, data=arr)


class _Reader:
    def __init__(self, path, f):
        self.path, self.f = path, f
        self.size = os.path.getsize(path)

    def fail(self, message):
        return DataSetFileError(f"{self.path}: {message}")

    def member(self, parent, key, kind):
        obj, wrong = hdf5_member(parent, key, kind, f"{parent.name.rstrip('/')}/{key}")
        if wrong:
            raise self.fail(wrong)
        return obj

    def attr(self, key, kind):
        if key not in self.f.attrs:
            raise self.fail(f"missing attribute {key!r}")
        value = self.f.attrs[key]
        if isinstance(value, bytes):
            value = value.decode("utf-8")
        if kind is int:
            if not isinstance(value, (int, np.integer)) or isinstance(value, (bool, np.bool_)):
                raise self.fail(f"attribute {key!r} is {short(plain(value))}; expected an "
                                "integer")
            return int(value)
        if not isinstance(value, str):
            raise self.fail(f"attribute {key!r} is {short(plain(value))}; expected text")
        if kind is str:
            return value
        try:
            value = json.loads(value)
        except (ValueError, RecursionError) as exc:
            raise self.fail(f"attribute {key!r} is not JSON ({short(str(exc))})") from None
        if not isinstance(value, kind) or (kind is list and not all(isinstance(v, str)
                                                                    for v in value)):
            raise self.fail(f"attribute {key!r} is {short(value)}; expected "
                            + ("a list of field labels" if kind is list else "a JSON object"))
        return value

    def field(self, group, label):
        """The field's values, after every check of ``checked_field``; NaN or
        inf refused."""
        return read_rows(self.path, label, self.checked_field(group, label))

    def checked_field(self, group, label):
        """The field as an h5py Dataset, its values unread: where it is
        stored, its dtype, its shape and the bytes the file really holds are
        checked."""
        ds = self.member(group, label, "dataset")
        where = f"field {short(label)}"
        if stored_elsewhere(ds):
            raise self.fail(f"{where} is stored outside the file (external storage or a "
                            "virtual dataset); data set files hold their data themselves")
        dtype = ds.dtype
        if dtype.kind not in "biuf" or dtype.fields is not None or dtype.subdtype is not None \
                or dtype.itemsize > 8:
            raise self.fail(f"{where} holds {dtype}; expected real numbers (bool, integer "
                            "or float)")
        if ds.ndim != 2:
            raise self.fail(f"{where} has shape {ds.shape}; expected 2-D (rows, dim)")
        unstored = unstored_bytes(ds, self.size)
        if unstored:
            raise self.fail(f"{where} declares shape {ds.shape} ({unstored[0]} bytes) but the "
                            f"file stores {unstored[1]} bytes of it; the file is damaged")
        return ds

    def read(self, lazy=False):
        f = self.f
        # get(getlink=True) looks at the link only; `in` would follow it
        if "brainkit_dataset" not in f.attrs or f.get("fields", getlink=True) is None:
            raise self.fail("an HDF5 file, but it holds no brainkit data set (no "
                            "'brainkit_dataset' attribute or 'fields' group)")
        name = self.attr("brainkit_dataset", str)
        version = self.attr("format_version", int)
        if version != FORMAT_VERSION:
            raise self.fail(f"data set format version {version} is not supported; this "
                            f"brainkit reads version {FORMAT_VERSION}")
        link, order = self.attr("link", list), self.attr("field_order", list)
        meta = self.attr("meta", dict)
        group = self.member(f, "fields", "group")
        labels = list(group.keys())
        if sorted(order) != sorted(labels) or len(set(order)) != len(order):
            raise self.fail(f"field_order {short(order)} does not list the fields "
                            f"{short(sorted(labels))} once each")
        missing = [label for label in link if label not in labels]
        if missing or len(set(link)) != len(link):
            raise self.fail(f"the linked fields {short(link)} are not distinct fields of "
                            f"the file (missing: {short(missing)})")
        read = self.checked_field if lazy else self.field
        fields = {label: read(group, label) for label in order}
        return StoredDataSet(name, link, fields, meta)


def read_rows(path, label, dataset, start=None, stop=None):
    """Rows start..stop-1 (all by default) of a checked field (an h5py
    Dataset); NaN or inf, or rows the library cannot read, raise
    DataSetFileError naming the file, the field and the rows."""
    where = f"field {short(label)}" + ("" if start is None else f", rows {start}..{stop - 1},")
    try:
        arr = dataset[()] if start is None else dataset[start:stop]
    except (OSError, RuntimeError, ValueError) as exc:
        raise DataSetFileError(f"{path}: cannot read {where} ({type(exc).__name__}: "
                               f"{short(str(exc), 200)})") from None
    if arr.dtype.kind == "f" and not np.isfinite(arr).all():
        raise DataSetFileError(f"{path}: {where} holds NaN or inf")
    return arr


def read_dataset(path):
    """The ``StoredDataSet`` (class name, link, fields, meta) in an HDF5 file
    written by ``write_dataset``; raises DataSetFileError for a bad file."""
    f = _open(path)
    with f:
        return _read(path, f, lazy=False)


def open_dataset(path):
    """``(StoredDataSet, open h5py File)`` of a data set file whose fields
    are h5py Datasets, unread: every check of ``read_dataset`` is made except
    the values', which ``read_rows`` checks as rows are read. The caller
    closes the file."""
    f = _open(path)
    try:
        return _read(path, f, lazy=True), f
    except BaseException:
        f.close()
        raise


def _open(path):
    import h5py

    path = os.fspath(path)
    if not os.path.exists(path):
        raise FileNotFoundError(f"no data set file at {path!r}")
    wrong = not_regular(os.stat(path))
    if wrong:
        raise DataSetFileError(f"{path}: {wrong}")
    try:
        f = h5py.File(path, "r")
    except OSError as exc:
        raise DataSetFileError(f"{path!r} is not an HDF5 file ({short(str(exc), 200)}); "
                               "brainkit data sets are saved with ds.saveToFile(path)") from None
    return f


def _read(path, f, lazy):
    path = os.fspath(path)
    try:
        return _Reader(path, f).read(lazy)
    except DataSetFileError:
        raise
    except (OSError, RuntimeError, LookupError, TypeError, ValueError,
            ArithmeticError) as exc:
        raise DataSetFileError(f"{path}: cannot read the file "
                               f"({type(exc).__name__}: {short(str(exc), 200)})") from None
