"""Data sets to and from files: which class a file holds, and the check that
what it holds is a data set the API could have built (the HDF5 layout itself
is ``brainkit.datasets.hdf5``).

>>> import os, tempfile
>>> from brainkit.datasets import SupervisedDataSet
>>> path = os.path.join(tempfile.mkdtemp(), 'd.h5')
>>> save_dataset(SupervisedDataSet([[0, 1]], [[1]]), path)
>>> load_dataset(SupervisedDataSet, path)['input'].tolist()
[[0, 1]]
"""

import os

from brainkit.datasets.dataset import DataSet
from brainkit.datasets.hdf5 import DataSetFileError, read_dataset, write_dataset
from brainkit.filechecks import short


def _check_format(format):
    if format not in (None, "hdf5", "h5"):
        raise ValueError(f"brainkit saves data sets as HDF5 only (format='hdf5'); got "
                         f"format={format!r}. Pickle is not supported.")


def save_dataset(ds, filename, format=None):
    """Write ``ds`` (its used rows, link and attributes) to an HDF5 file."""
    _check_format(format)
    fields = {label: ds.getField(label) for label in ds.data}
    write_dataset(filename, type(ds).__name__, ds.link, fields, ds._meta())


def _dataset_classes(base):
    """``base`` and all its (imported) subclasses, by name."""
    found, todo = {}, [base]
    while todo:
        cls = todo.pop()
        found.setdefault(cls.__name__, cls)
        todo.extend(cls.__subclasses__())
    return found


def load_dataset(cls, filename, format=None):
    """The data set in an HDF5 file written by ``save_dataset``, an object of the
    class the file names, which must be ``cls`` or a subclass. Raises
    DataSetFileError (a ValueError) for a bad file, FileNotFoundError for none."""
    _check_format(format)
    path = os.fspath(filename)
    stored = read_dataset(path)
    classes = _dataset_classes(DataSet)
    if stored.class_name not in classes:
        raise DataSetFileError(f"{path!r} holds a {short(stored.class_name)}, which is not "
                               "a known data set class")
    klass = classes[stored.class_name]
    if not issubclass(klass, cls):
        raise DataSetFileError(f"{path!r} holds a {klass.__name__}, not a {cls.__name__}; "
                               f"load it with {klass.__name__}.loadFromFile")
    ds = klass.__new__(klass)
    DataSet.__init__(ds)
    for label, arr in stored.fields.items():
        ds.data[label] = arr
        ds.endmarker[label] = arr.shape[0]
    ds.link = list(stored.link)
    try:
        ds._restore_meta(stored.meta)
        ds._check_loaded()
    except (ValueError, TypeError, LookupError) as exc:
        raise DataSetFileError(f"{path!r} does not hold a valid {klass.__name__}: "
                               f"{short(str(exc), 300)}") from None
    return ds
