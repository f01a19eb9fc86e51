"""Model files: PyBrain's XML (read and written byte-compatibly) and HDF5.

``save(net, path)`` and ``load(path)`` choose the format by the file ending:
``.xml`` is PyBrain's XML, ``.h5``/``.hdf5`` is HDF5; ``save`` also writes
``.onnx`` (an ONNX model, ``brainkit.io.onnxwriter``). Writes are atomic; a
bad file raises ``ModelFileError`` (a ``ValueError``) naming the problem, and
loading never runs code from the file. lxml and h5py are imported only when a
file is read or written.

>>> import os, tempfile
>>> from brainkit import buildNetwork
>>> net = buildNetwork(2, 3, 1)
>>> folder = tempfile.mkdtemp()
>>> for ending in ('xml', 'h5'):
...     path = os.path.join(folder, 'net.' + ending)
...     save(net, path)
...     print(ending, bool((load(path).params == net.params).all()))
xml True
h5 True
"""

import os

from brainkit.io.errors import ModelFileError
from brainkit.io.hdf5 import load_hdf5, save_hdf5
from brainkit.io.registry import register
from brainkit.io.xml import NetworkReader, NetworkWriter

__all__ = ["save", "load", "register", "ModelFileError", "NetworkWriter", "NetworkReader",
           "save_hdf5", "load_hdf5"]

_FORMATS = {".xml": "xml", ".h5": "hdf5", ".hdf5": "hdf5", ".onnx": "onnx"}


def _format(path):
    ending = os.path.splitext(os.fspath(path))[1].lower()
    if ending not in _FORMATS:
        raise ValueError(f"cannot tell the file format of {os.fspath(path)!r}: use a name "
                         "ending in .xml (PyBrain XML), .h5/.hdf5 (HDF5) or .onnx (ONNX, "
                         "export only)")
    return _FORMATS[ending]


def save(net, path):
    """Write ``net`` to ``path``: PyBrain XML for ``.xml``, HDF5 for ``.h5``/``.hdf5``,
    an ONNX model for ``.onnx`` (``brainkit.io.onnxwriter``; needs onnx)."""
    kind = _format(path)
    if kind == "xml":
        NetworkWriter.writeToFile(net, path)
    elif kind == "onnx":
        from brainkit.io.onnxwriter import save_onnx    # onnx loads only when needed
        save_onnx(net, path)
    else:
        save_hdf5(net, path)


def load(path):
    """Read a network from ``path`` (``.xml``, ``.h5`` or ``.hdf5``)."""
    kind = _format(path)
    if kind == "onnx":
        raise ValueError(f"{os.fspath(path)!r}: brainkit writes ONNX models but does not "
                         "read them; keep the .h5 or .xml file to load the network again")
    if kind == "xml":
        return NetworkReader.readFrom(path)
    return load_hdf5(path)
