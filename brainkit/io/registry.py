"""Which classes a model file may name: an explicit whitelist, never an import.

A file names each object's class by a dotted path
(``pybrain.structure.modules.sigmoidlayer.SigmoidLayer``). Reading looks up
only the last component (``SigmoidLayer``) in this registry, so files written
by PyBrain (``pybrain.*``) and by brainkit (which writes PyBrain's paths) load
alike, and no text from a file is ever imported or evaluated. Writing uses
the registered path, PyBrain's for the built-in classes, so PyBrain can read
brainkit's files.

Register your own module class so that it saves and loads too; it must have
a ``_constructor_args()`` method returning the keyword arguments that rebuild
it (numbers, strings, booleans or modules of the same network)::

    from brainkit.io import register
    register(MyLayer)                  # written as 'mypackage.layers.MyLayer'
"""

import importlib
import inspect
import re
import reprlib

from brainkit.filechecks import cut, short
from brainkit.io.errors import ModelFileError
from brainkit.structure.connections.connection import Connection
from brainkit.structure.connections.shared import MotherConnection
from brainkit.structure.modules.module import Module
from brainkit.structure.networks.network import Network

# the classes a file may name out of the box (by PyBrain's path, see pybrain_path)
BUILTINS = ("LinearLayer", "SigmoidLayer", "TanhLayer", "SoftmaxLayer", "ReluLayer",
            "SoftSignLayer", "BiasUnit", "GaussianLayer", "LSTMLayer", "FullConnection",
            "IdentityConnection", "SharedFullConnection", "MotherConnection", "Network",
            "FeedForwardNetwork", "RecurrentNetwork", "FeedForwardDecomposableNetwork",
            "RecurrentDecomposableNetwork", "LinearConnection", "FullNotSelfConnection",
            "GateLayer", "DoubleGateLayer", "MultiplicationLayer", "SwitchLayer",
            "MDLSTMLayer", "MdrnnLayer", "KohonenMap", "StateDependentLayer",
            "BidirectionalNetwork", "SwipingNetwork", "BorderSwipingNetwork")
# built-in classes PyBrain's packages do not re-export either, by module
BY_FILE = ("brainkit.structure.connections.permutation.PermutationConnection",
           "brainkit.structure.connections.subsampling.SubsamplingConnection",
           "brainkit.structure.connections.shared.SharedSubsamplingConnection",
           "brainkit.structure.modules.samplelayer.BernoulliLayer",
           "brainkit.structure.modules.mixturedensity.MixtureDensityLayer",
           "brainkit.structure.networks.multidimensional.MultiDimensionalRNN",
           "brainkit.structure.networks.multidimensional.MultiDimensionalLSTM",
           "brainkit.structure.networks.convolutional.SimpleConvolutionalNetwork",
           "brainkit.structure.networks.custom.convboard.ConvolutionalBoardNetwork",
           "brainkit.structure.networks.custom.capturegame.CaptureGameNetwork")
# brainkit's own layers (PyBrain has none like them), written under brainkit's paths
BRAINKIT_ONLY = ("ConvolutionLayer", "MaxPoolingLayer", "AveragePoolingLayer")

# arguments PyBrain records but its constructors do not take; reading drops them
IGNORED_ARGS = {"GaussianLayer": frozenset({"stdParams"})}
# ... and arguments with which PyBrain's prebuilt networks build their whole
# structure (or name a class): the structure comes from the file instead
_PREBUILT = frozenset({"seqlen", "dims", "componentclass", "outcomponentclass"})
IGNORED_ARGS.update(dict.fromkeys(("BidirectionalNetwork", "MultiDimensionalRNN",
                                   "MultiDimensionalLSTM", "CaptureGameNetwork"), _PREBUILT))

# the most units (sum of the layers' dims) a network read from a file may have,
# a guard against files that would make the reader allocate without bound
MAX_UNITS = 2**22

_DOTTED = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*")
_KINDS = ((Network, "network"), (Connection, "connection"), (Module, "module"),
          (MotherConnection, "mother"))

_classes = {}       # short name -> (class, path written to files)
_builtins_added = False


def pybrain_path(cls):
    """PyBrain's dotted path of a built-in class: brainkit's module paths mirror
    PyBrain's, so ``brainkit.structure.modules.sigmoidlayer.SigmoidLayer``
    is written as ``pybrain.structure.modules.sigmoidlayer.SigmoidLayer``.

    >>> from brainkit.structure.connections.full import FullConnection
    >>> pybrain_path(FullConnection)
    'pybrain.structure.connections.full.FullConnection'
    """
    package, _, rest = cls.__module__.partition(".")
    if package != "brainkit" or not rest:
        raise ValueError(f"{cls.__qualname__} is not one of brainkit's own classes")
    return f"pybrain.{rest}.{cls.__name__}"


def _add_builtins():
    """Register the built-in classes, all or none: an error on the way leaves
    the registry as it was, and the next call tries again."""
    global _builtins_added
    if not _builtins_added:
        from brainkit import structure
        entries = {}
        for name in BUILTINS:
            cls = getattr(structure, name)
            entries[name] = (cls, pybrain_path(cls))
        for dotted in BY_FILE:
            module, _, name = dotted.rpartition(".")
            cls = getattr(importlib.import_module(module), name)
            entries[name] = (cls, pybrain_path(cls))
        for name in BRAINKIT_ONLY:
            cls = getattr(structure, name)
            entries[name] = (cls, f"{cls.__module__}.{name}")
        _classes.update(entries)
        _builtins_added = True


def kind_of(cls):
    """'network', 'connection' or 'module'."""
    return next(label for base, label in _KINDS if issubclass(cls, base))


def register(cls, pybrain_path=None):
    """Let model files save and load ``cls``, a Module or Connection subclass.

    Files name it by ``pybrain_path`` (default ``cls.__module__ + '.' +
    cls.__name__``); reading matches the path's last component. The class
    needs ``_constructor_args()`` returning the keyword arguments that rebuild
    it. Returns ``cls``, so it also works as a class decorator.

    >>> from brainkit.structure.modules.linearlayer import LinearLayer
    >>> class ScaledLayer(LinearLayer):
    ...     pass
    >>> register(ScaledLayer, 'mylayers.ScaledLayer') is ScaledLayer
    True
    >>> class_for('anything.ScaledLayer', 'module') is ScaledLayer
    True
    >>> _ = _classes.pop('ScaledLayer')   # (keep the doctest from registering it for good)
    """
    if not isinstance(cls, type) or not issubclass(cls, (Module, Connection)):
        raise TypeError(f"register expects a Module or Connection subclass; got {cls!r}")
    if not callable(getattr(cls, "_constructor_args", None)):
        raise TypeError(f"{cls.__name__} has no _constructor_args() method; define one "
                        "returning the keyword arguments that rebuild an instance, "
                        "e.g. {'name': self.name, 'dim': self.dim}")
    path = pybrain_path or f"{cls.__module__}.{cls.__name__}"
    if not isinstance(path, str) or not _DOTTED.fullmatch(path):
        raise ValueError(f"pybrain_path must be a dotted name like "
                         f"'mypackage.layers.{cls.__name__}'; got {path!r}")
    _add_builtins()
    last = path.rsplit(".", 1)[-1]
    taken = _classes.get(last)
    if taken is not None and taken[0] is not cls:
        raise ValueError(f"the name {last!r} is already registered for "
                         f"{taken[0].__module__}.{taken[0].__qualname__}; give "
                         f"{cls.__name__} a path ending in another name")
    for other in [k for k, (c, _) in _classes.items() if c is cls]:
        del _classes[other]
    _classes[last] = (cls, path)
    return cls


def known_names(kind=None):
    """The registered short class names (of one kind: 'module', 'connection',
    'network'), sorted."""
    _add_builtins()
    return sorted(k for k, (c, _) in _classes.items() if kind is None or kind_of(c) == kind)


def class_for(path, kind):
    """The registered class for a dotted class path from a file; ``kind`` is
    what the file's element must be ('module', 'connection' or 'network').
    Raises KeyError naming the known classes."""
    _add_builtins()
    last = path.rsplit(".", 1)[-1] if isinstance(path, str) else None
    entry = _classes.get(last)
    if entry is None:
        raise KeyError(f"unknown {kind} class {short(path)}; known {kind} classes: "
                       f"{', '.join(known_names(kind))} (make your own class known with "
                       "brainkit.io.register(cls))")
    if kind_of(entry[0]) != kind:
        raise KeyError(f"class {short(path)} is a {kind_of(entry[0])}, but a {kind} is "
                       f"expected here; known {kind} classes: {', '.join(known_names(kind))}")
    return entry[0]


def path_for(obj):
    """The dotted class path to write for ``obj`` (its exact class must be
    registered)."""
    _add_builtins()
    for cls, path in _classes.values():
        if type(obj) is cls:
            return path
    raise TypeError(f"{type(obj).__name__} {getattr(obj, 'name', None)!r} cannot be saved: "
                    f"its class is not registered; call brainkit.io.register("
                    f"{type(obj).__name__}) first")


def constructor_args(obj):
    """``obj._constructor_args()``: the keyword arguments that rebuild ``obj``."""
    method = getattr(obj, "_constructor_args", None)
    if not callable(method):
        raise TypeError(f"{type(obj).__name__} {getattr(obj, 'name', None)!r} cannot be "
                        "saved: it has no _constructor_args() method")
    return dict(method())


def _full_paramdim(kwargs):
    """The weight count a FullConnection built from ``kwargs`` will have, or
    None when the arguments are not plain (the constructor then explains)."""
    inmod, outmod = kwargs.get("inmod"), kwargs.get("outmod")
    bounds = [kwargs.get(k, d) for k, d in (("inSliceFrom", 0), ("outSliceFrom", 0),
                                            ("inSliceTo", None), ("outSliceTo", None))]
    if not (isinstance(inmod, Module) and isinstance(outmod, Module)):
        return None
    bounds[2] = inmod.outdim if bounds[2] is None else bounds[2]
    bounds[3] = outmod.indim if bounds[3] is None else bounds[3]
    if not all(type(b) is int for b in bounds):
        return None
    if not (0 <= bounds[0] < bounds[2] <= inmod.outdim
            and 0 <= bounds[1] < bounds[3] <= outmod.indim):
        return None
    return (bounds[2] - bounds[0]) * (bounds[3] - bounds[1])


def _check_size(cls, kwargs, nparams, where, max_units):
    # a file may not make the reader allocate more than it could hold: layers
    # are capped, and weights are counted before a connection draws them
    dim = kwargs.get("dim")
    if issubclass(cls, Module) and type(dim) is int and dim > max_units:
        raise ModelFileError(f"{where}: dim={dim} takes the network past the "
                             f"{MAX_UNITS} units a network read from a file may have")
    from brainkit.structure.connections.full import FullConnection
    from brainkit.structure.connections.shared import SharedConnection
    declared = kwargs.get("nbparams")
    if issubclass(cls, MotherConnection) and type(declared) is int \
            and declared != (nparams or 0):
        raise ModelFileError(f"{where}: MotherConnection declares nbparams={declared}; the "
                             f"file gives {nparams or 0} parameters")
    if issubclass(cls, FullConnection) and not issubclass(cls, SharedConnection):
        expected = _full_paramdim(kwargs)
        if expected is not None and expected != (nparams or 0):
            raise ModelFileError(f"{where}: {cls.__name__} needs {expected} parameters; "
                                 f"the file gives {nparams or 0}")


def build(cls, kwargs, where, nparams=None, max_units=MAX_UNITS):
    """``cls(**kwargs)`` for an object read from a file, after dropping the
    arguments PyBrain records but never accepts; a missing, unexpected or bad
    argument, or a parameter count (``nparams``, None: no parameters stored)
    that does not fit, or a ``dim`` above ``max_units`` raises ModelFileError
    saying ``where`` in the file."""
    kwargs = {k: v for k, v in kwargs.items()
              if k not in IGNORED_ARGS.get(cls.__name__, ())}
    try:
        signature = inspect.signature(cls)
    except (TypeError, ValueError):
        signature = None
    if signature is not None:
        try:
            signature.bind(**kwargs)
        except TypeError as exc:
            raise ModelFileError(f"{where}: {cls.__name__}{signature} cannot take the "
                                 f"arguments {short(sorted(kwargs))} "
                                 f"({cut(exc, 200)})") from None
    _check_size(cls, kwargs, nparams, where, max_units)
    try:
        obj = cls(**kwargs)
    except (TypeError, ValueError, OverflowError, MemoryError) as exc:
        raise ModelFileError(f"{where}: could not build {cls.__name__} from "
                             f"{reprlib.repr(kwargs)}: {cut(exc, 300)}") from None
    own = owned_paramdim(obj)
    if own != (nparams or 0):
        raise ModelFileError(f"{where}: {cls.__name__} {short(obj.name)} has {own} "
                             f"parameters; the file gives {nparams or 0}")
    return obj


def owned_paramdim(obj):
    """The parameters a file stores with ``obj``: none for a shared connection
    (they are its mother's), none for a nested network (they are its
    modules' and connections'), ``paramdim`` for anything else."""
    if getattr(obj, "mother", None) is not None or isinstance(obj, Network):
        return 0
    return obj.paramdim
