"""brainkit: a fast, PyBrain-style toolkit of modular neural networks.

A network is a graph of named modules (layers) joined by connections; all its
parameters live in one flat vector. Scripts written for PyBrain port by
changing ``pybrain`` to ``brainkit`` in their imports.

>>> from brainkit import buildNetwork
>>> net = buildNetwork(2, 3, 1)
>>> net.activate([1.0, 0.0]).shape
(1,)
"""

from brainkit.structure import *  # noqa: F401,F403
from brainkit.structure import __all__ as _structure
from brainkit.tools.shortcuts import buildNetwork
from brainkit.datasets import (ClassificationDataSet, ImportanceDataSet, SequentialDataSet,
                               SupervisedDataSet, UnsupervisedDataSet)
from brainkit.trainers import BackpropTrainer, RPropMinusTrainer
from brainkit.blas import blas_threads, set_blas_threads

__version__ = "0.1.0"
__all__ = [*_structure, "buildNetwork", "load",
           "SupervisedDataSet", "SequentialDataSet", "ClassificationDataSet",
           "UnsupervisedDataSet", "ImportanceDataSet", "BackpropTrainer", "RPropMinusTrainer",
           "set_blas_threads", "blas_threads"]


def load(path):
    """Read a network saved with ``net.save(path)`` (or by PyBrain's
    NetworkWriter): PyBrain XML for ``.xml``, HDF5 for ``.h5``/``.hdf5``.
    See brainkit.io."""
    from brainkit.io import load as _load   # lxml and h5py load only when needed
    return _load(path)
