"""The checks that brainkit's file readers share, and their error texts.

Model files (``brainkit.io``) and data set files (``brainkit.datasets``)
are read defensively in the same ways: only a regular file is opened; an
HDF5 group or dataset must be the file's own (no soft or external link, no
external storage, no virtual dataset), and a dataset's declared size must be
stored in the file (compressed data may expand at most ``MAX_EXPANSION``
times). Each check returns what is wrong (or None), and the reader raises
its own error (``ModelFileError``, ``DataSetFileError``) with it. Texts from
a file are quoted with ``short`` and messages cut with ``cut``.

This module imports nothing from brainkit, so that every layer can use it;
h5py objects come from the callers.

>>> short('x' * 100, limit=10)
"'xx...xxx'"
"""

import math
import reprlib
import stat

MAX_MESSAGE_CHARS = 2000
MAX_EXPANSION = 1024        # declared bytes per stored byte of a compressed dataset
NOT_REGULAR = "not a regular file (a folder, device or pipe)"


def cut(message, limit=MAX_MESSAGE_CHARS):
    """``message`` cut to at most about ``limit`` characters."""
    message = str(message)
    if len(message) <= limit:
        return message
    return f"{message[:limit]}... ({len(message) - limit} more characters cut)"


def short(value, limit=60):
    """``repr`` of a value from a file, cut to a readable length."""
    r = reprlib.Repr()
    r.maxstring = r.maxother = r.maxlist = limit
    return r.repr(value)


def not_regular(st):
    """``NOT_REGULAR`` if the ``os.stat`` result ``st`` is not a regular
    file's (reading a pipe or device could block), else None."""
    return None if stat.S_ISREG(st.st_mode) else NOT_REGULAR


def hdf5_member(parent, key, kind, name=None):
    """``(parent[key], None)`` if it is a ``kind`` ('group' or 'dataset')
    linked from ``parent`` in this file, else ``(None, what is wrong)``; the
    text calls it ``name`` (default ``repr(key)``). A link is looked at
    without being followed."""
    import h5py
    name = repr(key) if name is None else name
    link = parent.get(key, getlink=True)
    if link is None:
        return None, f"missing {kind} {name}"
    if not isinstance(link, h5py.HardLink):
        return None, (f"{name} is a link to elsewhere (a soft link or one into another "
                      "file); brainkit files hold their data themselves")
    obj = parent[key]
    if not isinstance(obj, h5py.Group if kind == "group" else h5py.Dataset):
        return None, f"{name} should be a {kind}"
    return obj, None


def stored_elsewhere(dataset):
    """Whether an h5py Dataset's values are kept outside its file (external
    storage or a virtual dataset)."""
    return bool(dataset.external) or dataset.is_virtual


def unstored_bytes(dataset, file_size):
    """``(declared, stored)`` byte counts if the file (of ``file_size``
    bytes) does not really store the values an h5py Dataset declares (more
    than its size, or less than the values need, or than
    1/``MAX_EXPANSION`` of them when compressed); None when it does. Checked
    before any value is read, so a few bytes cannot make a reader allocate
    gigabytes."""
    declared = math.prod(dataset.shape) * dataset.dtype.itemsize
    stored = dataset.id.get_storage_size()
    compressed = dataset.id.get_create_plist().get_nfilters() > 0
    if stored > file_size or declared > (MAX_EXPANSION * stored if compressed else stored):
        return declared, stored
    return None
