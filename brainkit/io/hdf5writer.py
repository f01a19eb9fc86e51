"""save_hdf5: a network as an HDF5 file (layout in brainkit.io.hdf5)."""

import numpy as np

from brainkit.io import metadata, registry
from brainkit.atomic import atomic_path
from brainkit.io.layout import connection_order, module_order
from brainkit.io.values import integer_tuple
from brainkit.structure.modules.module import Module

FORMAT = "brainkit.network"
FORMAT_VERSION = 1
SLICES = ("inSliceFrom", "inSliceTo", "outSliceFrom", "outSliceTo")


def _write_args(group, args, owner):
    plain, refs = group.create_group("args"), group.create_group("refs")
    for key, value in args.items():
        if value is None:
            continue
        if isinstance(value, Module):
            refs.attrs[key] = value.name
        elif isinstance(value, (bool, np.bool_, str)):
            plain.attrs[key] = value
        elif isinstance(value, (int, np.integer)):
            plain.attrs[key] = np.int64(value)
        elif isinstance(value, (float, np.floating)):
            plain.attrs[key] = np.float64(value)
        elif integer_tuple(value):
            plain.attrs[key] = np.asarray(value, dtype=np.int64)
        else:
            raise TypeError(f"{owner!r}: cannot write argument {key}={value!r}; a file "
                            "stores numbers, strings, booleans, tuples of integers and "
                            "modules of the network")


def _write_object(group, obj, offsets, args):
    group.attrs["name"] = obj.name
    group.attrs["class"] = registry.path_for(obj)
    group.attrs["param_offset"] = np.int64(offsets.get(id(obj), 0))
    group.attrs["paramdim"] = np.int64(obj.paramdim)
    _write_args(group, args, obj)


def save_hdf5(net, path):
    """Write a sorted network to ``path`` as HDF5, atomically; float32
    networks keep their dtype.

    >>> import os, tempfile
    >>> from brainkit import buildNetwork
    >>> path = os.path.join(tempfile.mkdtemp(), 'net.h5')
    >>> net = buildNetwork(2, 3, 1)
    >>> save_hdf5(net, path)
    >>> from brainkit.io.hdf5reader import load_hdf5
    >>> bool((load_hdf5(path).params == net.params).all())
    True
    """
    import h5py
    net._require_sorted("save_hdf5")
    offsets, pos = {}, 0
    for c in net._containers:
        offsets[id(c)] = pos
        pos += c.paramdim
    strings = h5py.string_dtype()
    with atomic_path(path) as tmp, h5py.File(tmp, "w") as f:
        f.attrs["format"] = FORMAT
        f.attrs["format_version"] = np.int64(FORMAT_VERSION)
        f.attrs["class"] = registry.path_for(net)
        f.attrs["name"] = net.name
        f.attrs.create("inmodules", [m.name for m in net.inmodules], dtype=strings)
        f.attrs.create("outmodules", [m.name for m in net.outmodules], dtype=strings)
        _write_args(f, registry.constructor_args(net), net)
        modules = f.create_group("modules")
        for i, m in enumerate(module_order(net)):
            _write_object(modules.create_group(str(i)), m, offsets,
                          registry.constructor_args(m))
        connections = f.create_group("connections")
        for i, (c, recurrent) in enumerate(connection_order(net)):
            group = connections.create_group(str(i))
            args = registry.constructor_args(c)
            for key in ("inmod", "outmod"):
                group.attrs[key] = args.pop(key).name
            for key in SLICES:
                args.pop(key, None)
                group.attrs[key] = np.int64(getattr(c, key))
            group.attrs["recurrent"] = bool(recurrent)
            _write_object(group, c, offsets, args)
        f.create_dataset("params", data=np.asarray(net.params))
        metadata.write_hdf5(f, net)
