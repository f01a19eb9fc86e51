"""save_hdf5: a network as an HDF5 file (layout in brainkit.io.hdf5)."""

import numpy as np

from brainkit.io import metadata, registry
from brainkit.atomic import atomic_path
from brainkit.io.layout import connection_order, module_order
from brainkit.io.values import integer_tuple
from brainkit.structure.connections.shared import MotherConnection
from brainkit.structure.modules.module import Module
from brainkit.structure.networks.flatten import leaf_containers
from brainkit.structure.networks.network import Network

FORMAT = "brainkit.network"
FORMAT_VERSION = 1
SLICES = ("inSliceFrom", "inSliceTo", "outSliceFrom", "outSliceTo")


def _write_args(group, args, owner):
    plain, refs = group.create_group("args"), group.create_group("refs")
    for key, value in args.items():
        if value is None:
            continue
        if isinstance(value, (Module, MotherConnection)):
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
    group.attrs["paramdim"] = np.int64(registry.owned_paramdim(obj))
    _write_args(group, args, obj)


def _offsets(net):
    """Where each parameter block below ``net`` starts in its flat vector
    (a nested network's blocks within the network's own)."""
    found, pos = {}, 0
    for c in leaf_containers(net):
        found[id(c)] = pos
        pos += c.paramdim
    return found


def _write_network(group, net, offsets):
    """``net``'s structure into ``group`` (the file's root, or a nested
    network's group under its outer network's modules)."""
    import h5py
    strings = h5py.string_dtype()
    group.attrs["class"] = registry.path_for(net)
    group.attrs["name"] = net.name
    group.attrs.create("inmodules", [m.name for m in net.inmodules], dtype=strings)
    group.attrs.create("outmodules", [m.name for m in net.outmodules], dtype=strings)
    _write_args(group, registry.constructor_args(net), net)
    modules = group.create_group("modules")
    for i, m in enumerate(module_order(net)):
        if isinstance(m, Network):
            nested = modules.create_group(str(i))
            _write_network(nested, m, offsets)
            nested.attrs["param_offset"] = np.int64(0)
            nested.attrs["paramdim"] = np.int64(0)
        else:
            _write_object(modules.create_group(str(i)), m, offsets,
                          registry.constructor_args(m))
    if net.motherconnections:
        mothers = group.create_group("mothers")
        for i, mother in enumerate(net.motherconnections):
            _write_object(mothers.create_group(str(i)), mother, offsets,
                          registry.constructor_args(mother))
    connections = group.create_group("connections")
    for i, (c, recurrent) in enumerate(connection_order(net)):
        member = connections.create_group(str(i))
        args = registry.constructor_args(c)
        for key in ("inmod", "outmod"):
            member.attrs[key] = args.pop(key).name
        for key in SLICES:
            args.pop(key, None)
            member.attrs[key] = np.int64(getattr(c, key))
        member.attrs["recurrent"] = bool(recurrent)
        _write_object(member, c, offsets, args)


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
    with atomic_path(path) as tmp, h5py.File(tmp, "w") as f:
        f.attrs["format"] = FORMAT
        f.attrs["format_version"] = np.int64(FORMAT_VERSION)
        _write_network(f, net, _offsets(net))
        f.create_dataset("params", data=np.asarray(net.params))
        metadata.write_hdf5(f, net)
