"""load_hdf5: a network from an HDF5 file, read defensively (layout in
brainkit.io.hdf5). Every group, dataset and attribute is checked for
presence and type before use; links (soft or to other files), external
storage and virtual datasets are refused; the parameter vector must be stored
in the file (compressed data may expand at most ``MAX_EXPANSION`` times, see
brainkit.filechecks), and
each object's declared parameter count must fit into it before the object is
built; nothing is unpickled. Whatever is wrong with a file, the error is a
ModelFileError. Damage that crashes or hangs libhdf5 itself cannot be caught
in this process: see brainkit.tools.checkfile for files from elsewhere."""

import os

import numpy as np

from brainkit.filechecks import (cut, hdf5_member, not_regular, short, stored_elsewhere,
                                 unstored_bytes)
from brainkit.io import metadata, registry
from brainkit.io.errors import ModelFileError
from brainkit.io.hdf5writer import FORMAT, FORMAT_VERSION, SLICES
from brainkit.io.values import MAX_TUPLE
from brainkit.structure.networks.network import NetworkConstructionException


class _Reader:
    def __init__(self, path, f):
        self.path, self.f = path, f
        self.modules = {}           # the names of the network being read
        self.mothers = {}
        self.units = 0
        self.nparams = self.declared = 0
        self.segments = []          # (offset, object) of every parameter block
        self.pending = []           # networks to assemble, nested ones first

    def fail(self, obj, message):
        return ModelFileError(f"{self.path}, {obj.name}: {message}")

    def member(self, parent, key, kind):
        obj, wrong = hdf5_member(parent, key, kind)
        if wrong:
            raise self.fail(parent, wrong)
        return obj

    def attr(self, obj, key, kind):
        if key not in obj.attrs:
            raise self.fail(obj, f"missing attribute {key!r}")
        return self.value(obj, key, self.raw(obj, key), kind)

    def raw(self, obj, key):
        try:
            return obj.attrs[key]
        except (TypeError, OSError) as exc:
            raise self.fail(obj, f"attribute {short(key)} has a type brainkit cannot read "
                                 f"({cut(exc, 100)})") from None

    def attributes(self, obj):
        """(name, value) of each attribute of ``obj``; the names must be text."""
        found = []
        for key in obj.attrs.keys():
            if not isinstance(key, str):
                raise self.fail(obj, f"the attribute name {short(key)} is not UTF-8 text")
            found.append((key, self.raw(obj, key)))
        return found

    def value(self, obj, key, value, kind=None):
        if isinstance(value, bytes):
            value = value.decode("utf-8", "replace")
        if isinstance(value, np.ndarray) and value.ndim == 0:
            value = value[()]
        if isinstance(value, np.bool_):
            value = bool(value)
        elif isinstance(value, np.integer):
            value = int(value)
        elif isinstance(value, np.floating):
            value = float(value)
        if (kind is None and isinstance(value, np.ndarray) and value.ndim == 1
                and value.dtype.kind == "i" and 0 < value.size <= MAX_TUPLE):
            value = tuple(int(v) for v in value)        # an image layer's shape
        if kind == "names":
            if isinstance(value, np.ndarray) and value.ndim == 1:
                return [self.value(obj, key, v, "text") for v in value]
            raise self.fail(obj, f"attribute {key!r} should be a list of names")
        kinds = {"text": str, "int": int, "bool": bool, None: (str, int, float, bool, tuple)}
        if not isinstance(value, kinds[kind]) or (kind == "int" and isinstance(value, bool)):
            wanted = "a number, boolean, string or tuple of integers" if kind is None else kind
            raise self.fail(obj, f"attribute {key!r} is {short(value)}; expected {wanted}")
        return value

    def arguments(self, group):
        args = {k: self.value(group, k, v) for k, v in
                self.attributes(self.member(group, "args", "group"))}
        for key, name in self.attributes(self.member(group, "refs", "group")):
            name = self.value(group, key, name, "text")
            args[key] = self.mother(group, name) if key == "mother" else self.module(group, name)
        return args

    def mother(self, group, name):
        if name not in self.mothers:
            raise self.fail(group, f"refers to MotherConnection {short(name)}, which is not in "
                                   f"the file; its mothers are {short(sorted(self.mothers))}")
        return self.mothers[name]

    def module(self, group, name):
        if name not in self.modules:
            raise self.fail(group, f"refers to module {short(name)}, which is not in the file; "
                                   f"its modules are {short(sorted(self.modules))}")
        return self.modules[name]

    def members(self, group):
        keys = sorted(group.keys(), key=lambda k: (len(k), k))
        if keys != [str(i) for i in range(len(keys))]:
            raise self.fail(group, f"members must be named 0..{len(keys) - 1}; "
                                   f"got {short(keys)}")
        return [self.member(group, k, "group") for k in keys]

    def build(self, group, kind, args):
        cls = self.class_of(group, kind)
        name = self.attr(group, "name", "text")
        paramdim = self.attr(group, "paramdim", "int")
        offset = self.attr(group, "param_offset", "int")
        # checked before the object (and its parameters) take any memory
        self.declared += max(paramdim, 0)
        if paramdim < 0 or offset < 0 or offset + paramdim > self.nparams \
                or self.declared > self.nparams:
            raise self.fail(group, f"declares {paramdim} parameters at offset {offset}, but "
                                   f"'params' holds {self.nparams} for all objects together")
        obj = registry.build(cls, args, f"{self.path}, {group.name}", paramdim or None,
                             registry.MAX_UNITS - self.units)
        obj.name = name
        if paramdim:
            self.segments.append((offset, obj))
        return obj

    def class_of(self, obj, kind):
        try:
            return registry.class_for(self.attr(obj, "class", "text"), kind)
        except KeyError as exc:
            raise self.fail(obj, exc.args[0]) from None

    def network(self):
        f = self.f
        if "format" not in f.attrs or self.value(f, "format", f.attrs["format"]) != FORMAT:
            raise ModelFileError(f"{self.path}: not a brainkit network file (the attribute "
                                 f"'format' is not {FORMAT!r})")
        version = self.attr(f, "format_version", "int")
        if version != FORMAT_VERSION:
            raise ModelFileError(f"{self.path}: format_version {version} is not supported; "
                                 f"this brainkit reads version {FORMAT_VERSION}")
        params = self.member(f, "params", "dataset")
        self.check_stored(params)
        net = self.structure(f, params.dtype)
        self.set_parameters(params)
        for group, net, connections in self.pending:    # nested networks sort first
            self.guarded(group, self.connect, net, connections)
        return net

    def structure(self, group, dtype):
        """The network of ``group`` with its modules, mothers and connections
        built (a nested network's in its own names); assembled later, once
        the parameters are in place."""
        args = self.arguments(group)
        args["name"] = self.attr(group, "name", "text")
        args["dtype"] = dtype
        net = registry.build(self.class_of(group, "network"), args, f"{self.path}, {group.name}")
        net.name = args["name"]
        outer = self.modules, self.mothers
        self.modules, self.mothers = {}, {}
        for member in self.members(self.member(group, "modules", "group")):
            nested = self.is_network(member)
            m = self.structure(member, dtype) if nested else \
                self.build(member, "module", self.arguments(member))
            if m.name in self.modules:
                raise self.fail(member, f"a second module named {short(m.name)}")
            self.modules[m.name] = m
            self.units += max(m.indim, m.outdim)
        if "mothers" in group:
            for member in self.members(self.member(group, "mothers", "group")):
                mother = self.build(member, "mother", self.arguments(member))
                if mother.name in self.mothers:
                    raise self.fail(member, f"a second mother named {short(mother.name)}")
                self.mothers[mother.name] = mother
        roles = {key: [self.module(group, n) for n in self.attr(group, key, "names")]
                 for key in ("inmodules", "outmodules")}
        # the roles now, so that a nested network's widths are known to the
        # connections into it; the connections and the sort come later
        self.guarded(group, self.add_modules, net, list(self.modules.values()), roles)
        connections = []
        for member in self.members(self.member(group, "connections", "group")):
            args = self.arguments(member)
            for key in ("inmod", "outmod"):
                args[key] = self.module(member, self.attr(member, key, "text"))
            for key in SLICES:
                args[key] = self.attr(member, key, "int")
            connections.append((self.build(member, "connection", args),
                                self.attr(member, "recurrent", "bool")))
        self.pending.append((group, net, connections))
        self.modules, self.mothers = outer
        return net

    def is_network(self, group):
        """Whether a member of ``modules`` is a nested network (by its class)."""
        try:
            registry.class_for(self.attr(group, "class", "text"), "network")
        except KeyError:
            return False            # a module; building it says what is wrong, if anything
        return True

    def check_stored(self, params):
        """``params`` is a float vector whose values this file really stores."""
        if params.ndim != 1 or params.dtype not in (np.float32, np.float64) \
                or stored_elsewhere(params):
            raise self.fail(params, f"expected a vector of float32 or float64 stored in this "
                                    f"file; got shape {params.shape}, dtype {params.dtype}")
        unstored = unstored_bytes(params, os.path.getsize(self.path))
        if unstored:
            raise self.fail(params, f"declares {params.shape[0]} values ({unstored[0]} bytes) "
                                    f"but the file stores {unstored[1]} bytes of them; the "
                                    "file is damaged")
        self.nparams = params.shape[0]

    def set_parameters(self, params):
        pos = 0
        for offset, obj in sorted(self.segments, key=lambda s: s[0]):
            pos = pos + obj.paramdim if offset == pos else -1
        if pos != params.shape[0]:
            raise self.fail(params, f"holds {params.shape[0]} values, but the objects' "
                                    "param_offset/paramdim do not tile it (wrong length?)")
        values = params[()]
        # nan/inf are kept, as in XML files (a diverged network round-trips);
        # a signalling NaN's bits would make the float32 -> float64 copy warn
        with np.errstate(invalid="ignore"):
            for offset, obj in self.segments:
                obj.params[:] = values[offset:offset + obj.paramdim]

    def guarded(self, group, step, *args):
        try:
            step(*args)
        except (NetworkConstructionException, TypeError, ValueError) as exc:
            where = "" if group.name == "/" else f", {group.name}"
            raise ModelFileError(f"{self.path}{where}: the network is not valid: "
                                 f"{exc}") from None

    @staticmethod
    def add_modules(net, modules, roles):
        for m in modules:
            net.addModule(m)
        for m in roles["inmodules"]:
            net.addInputModule(m)
        for m in roles["outmodules"]:
            net.addOutputModule(m)

    @staticmethod
    def connect(net, connections):
        for c, recurrent in connections:
            if recurrent and not hasattr(net, "addRecurrentConnection"):
                raise TypeError(f"a {type(net).__name__} cannot have recurrent "
                                "connections; use a RecurrentNetwork")
            (net.addRecurrentConnection if recurrent else net.addConnection)(c)
        net.sortModules()


def load_hdf5(path):
    """A sorted network from an HDF5 file written by ``save_hdf5``; raises
    ModelFileError (a ValueError) naming the problem for a bad file."""
    import h5py
    path = os.fspath(path)
    if not os.path.exists(path):
        raise FileNotFoundError(f"no such model file: {path!r}")
    wrong = not_regular(os.stat(path))
    if wrong:
        raise ModelFileError(f"{path}: {wrong}; a model file is read from a file")
    try:
        f = h5py.File(path, "r")
    except OSError as exc:
        raise ModelFileError(f"{path}: not an HDF5 file ({exc})") from None
    with f:
        try:
            net = _Reader(path, f).network()
            meta = metadata.read_hdf5(f, path)
            if meta:
                net.metadata = meta
            return net
        except ModelFileError:
            raise
        except (OSError, RuntimeError, LookupError, TypeError, ValueError,
                ArithmeticError) as exc:
            raise ModelFileError(f"{path}: cannot read the file ({type(exc).__name__}: "
                                 f"{exc})") from None
