"""Data sets: PyBrain's classes (one per file) and bundled, ready-made data.

>>> from brainkit.datasets import SupervisedDataSet
>>> ds = SupervisedDataSet(2, 1)
>>> ds.addSample([0, 1], [1])
>>> len(ds)
1
"""

from brainkit.datasets.dataset import DataSet, NoLinkedFieldsError, OutOfSyncError
from brainkit.datasets.supervised import SupervisedDataSet
from brainkit.datasets.classification import (ClassificationDataSet,
                                              SequenceClassificationDataSet)
from brainkit.datasets.sequential import EmptySequenceError, SequentialDataSet
from brainkit.datasets.importance import ImportanceDataSet
from brainkit.datasets.hdf5 import DataSetFileError
from brainkit.datasets.unsupervised import UnsupervisedDataSet
from brainkit.datasets.loaders import (load_digits, load_gender, load_iris, load_parity,
                                       load_xor, make_moons)

__all__ = ["DataSet", "SupervisedDataSet", "ClassificationDataSet", "SequentialDataSet",
           "SequenceClassificationDataSet",
           "ImportanceDataSet", "UnsupervisedDataSet", "OutOfSyncError",
           "NoLinkedFieldsError", "EmptySequenceError", "DataSetFileError", "load_digits",
           "load_iris", "load_xor", "load_gender", "load_parity", "make_moons"]
