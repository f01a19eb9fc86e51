"""Shared pieces of the model file tests: fixture paths, a probe network for
one module, and a structural comparison of two networks."""

import os
from pathlib import Path

import numpy as np

from brainkit import FeedForwardNetwork, FullConnection, LinearLayer, RecurrentNetwork
from brainkit.io import load, save

FIXTURES = Path(__file__).resolve().parent / "fixtures"
FORMATS = ["xml", "h5"]


def fixture(name):
    """A PyBrain-written file: tests/io/fixtures/ (copies of the reference files)."""
    return FIXTURES / name


def probe_network(module, recurrent_self=False):
    """in -> module -> out (LinearLayers), a RecurrentNetwork for sequential
    modules; a module without inputs (BiasUnit) feeds 'out' beside 'in'.
    ``recurrent_self`` adds a recurrent FullConnection module -> module."""
    sequential = module.sequential or recurrent_self
    net = (RecurrentNetwork if sequential else FeedForwardNetwork)(name="probe")
    inp = LinearLayer(module.indim or 2, name="in")
    out = LinearLayer(module.outdim, name="out")
    net.addInputModule(inp)
    net.addModule(module)
    net.addOutputModule(out)
    if module.indim:
        net.addConnection(FullConnection(inp, module, name="in_m"))
    else:
        net.addConnection(FullConnection(inp, out, name="in_out"))
    net.addConnection(FullConnection(module, out, name="m_out"))
    if recurrent_self and module.indim:
        net.addRecurrentConnection(FullConnection(module, module, name="m_m"))
    net.sortModules()
    return net


def roundtrip(net, folder, ending):
    path = os.path.join(folder, f"net.{ending}")
    save(net, path)
    return load(path)


def outputs(net, X, seed=7):
    """The outputs for the rows of X: one sequence after reset() for a
    recurrent network, independent samples otherwise (numpy's global state
    seeded first, for stochastic layers)."""
    np.random.seed(seed)
    net.reset()
    return np.array([net.activate(x) for x in X])


def describe(net):
    """Everything that must survive a file: classes, names, dims, roles,
    connections with slices, parameters per object and in flat order."""
    def conn(c, recurrent):
        return (type(c), c.name, c.inmod.name, c.outmod.name, c.inSliceFrom, c.inSliceTo,
                c.outSliceFrom, c.outSliceTo, recurrent, c.params.tolist())
    return {
        "class": type(net), "name": net.name, "dims": (net.indim, net.outdim),
        "dtype": net.params.dtype,
        "modules": sorted((m.name, type(m).__name__, m.indim, m.outdim, m.params.tolist(),
                           sorted(m._constructor_args().items(), key=str))
                          for m in net.modules),
        "sorted": [m.name for m in net.modulesSorted],
        "in": [m.name for m in net.inmodules], "out": [m.name for m in net.outmodules],
        "connections": sorted(
            [conn(c, False) for m in net.modules for c in net.connections[m]]
            + [conn(c, True) for c in net.recurrentConns], key=str),
        "params": net.params.tolist(),
    }


def assert_same_network(a, b):
    da, db = describe(a), describe(b)
    for key in da:
        assert da[key] == db[key], f"{key}: {da[key]} != {db[key]}"
