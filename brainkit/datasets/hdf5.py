"""Saving and loading data sets as HDF5 files (never pickle).

Layout: the root has the attributes ``brainkit_dataset`` (the class name),
``format_version``, ``link``, ``field_order`` and ``meta`` (JSON); the group ``fields``
holds one dataset per field with its used rows only, in its own dtype.
Writes are atomic: a temporary file in the same folder is renamed over the
target, so a failed save leaves an existing file as it was.
"""

import json
import os

import numpy as np

FORMAT_VERSION = 1


def _check_format(format):
    if format not in (None, "hdf5", "h5"):
        raise ValueError(f"brainkit saves data sets as HDF5 only (format='hdf5'); got "
                         f"format={format!r}. Pickle is not supported.")


def _plain(value):
    """``value`` with numpy scalars and arrays turned into JSON-able Python."""
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def save_dataset(ds, filename, format=None):
    _check_format(format)
    import h5py

    from brainkit.atomic import atomic_path

    path = os.fspath(filename)
    try:
        meta = json.dumps(_plain(ds._meta()))
    except TypeError as exc:
        raise TypeError(f"cannot save {type(ds).__name__} to {path!r}: an attribute is "
                        f"not a number, string or list ({exc})") from None
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise FileNotFoundError(f"cannot save to {path!r}: folder {folder!r} does not exist")
    with atomic_path(path) as tmp, h5py.File(tmp, "w") as f:
        f.attrs["brainkit_dataset"] = type(ds).__name__
        f.attrs["format_version"] = FORMAT_VERSION
        f.attrs["link"] = json.dumps(list(ds.link))
        f.attrs["field_order"] = json.dumps(list(ds.data))
        f.attrs["meta"] = meta
        fields = f.create_group("fields")
        for label in ds.data:
            fields.create_dataset(label, data=ds.getField(label))


def _dataset_classes(base):
    """``base`` and all its (imported) subclasses, by name."""
    found, todo = {}, [base]
    while todo:
        cls = todo.pop()
        found.setdefault(cls.__name__, cls)
        todo.extend(cls.__subclasses__())
    return found


def load_dataset(cls, filename, format=None):
    _check_format(format)
    import h5py

    path = os.fspath(filename)
    if not os.path.isfile(path):
        raise FileNotFoundError(f"no data set file at {path!r}")
    if not h5py.is_hdf5(path):
        raise ValueError(f"{path!r} is not an HDF5 file; brainkit data sets are saved "
                         "with ds.saveToFile(path)")
    with h5py.File(path, "r") as f:
        name = f.attrs.get("brainkit_dataset")
        if name is None or "fields" not in f:
            raise ValueError(f"{path!r} is an HDF5 file but holds no brainkit data set "
                             "(no 'brainkit_dataset' attribute or 'fields' group)")
        version = int(f.attrs.get("format_version", 0))
        if version > FORMAT_VERSION:
            raise ValueError(f"{path!r} has data set format version {version}; this "
                             f"brainkit reads up to {FORMAT_VERSION}")
        link = json.loads(f.attrs["link"])
        meta = json.loads(f.attrs["meta"])
        order = json.loads(f.attrs.get("field_order", "[]"))
        labels = [label for label in order if label in f["fields"]]
        labels += sorted(set(f["fields"]) - set(labels))
        fields = {label: f["fields"][label][()] for label in labels}
    return _build(cls, str(name), link, meta, fields, path)


def _build(cls, name, link, meta, fields, path):
    from brainkit.datasets.dataset import DataSet

    classes = _dataset_classes(DataSet)
    if name not in classes:
        raise ValueError(f"{path!r} holds a {name}, which is not a known data set class")
    stored = classes[name]
    if not issubclass(stored, cls):
        raise ValueError(f"{path!r} holds a {name}, not a {cls.__name__}; load it with "
                         f"{name}.loadFromFile")
    missing = [label for label in link if label not in fields]
    if missing:
        raise ValueError(f"{path!r}: linked fields {missing} are missing from 'fields'")
    ds = stored.__new__(stored)
    DataSet.__init__(ds)
    for label, arr in fields.items():
        if arr.ndim != 2:
            raise ValueError(f"{path!r}: field {label!r} has shape {arr.shape}; expected 2-D")
        ds.data[label] = arr
        ds.endmarker[label] = arr.shape[0]
    ds.link = link
    ds._restore_meta(meta)
    ds._check_loaded()
    return ds
