"""buildNetwork: PyBrain's one-line way to make a layered network."""

import numbers
import warnings

import numpy as np

from brainkit.structure.connections.full import FullConnection
from brainkit.structure.modules.biasunit import BiasUnit
from brainkit.structure.modules.linearlayer import LinearLayer
from brainkit.structure.modules.sigmoidlayer import SigmoidLayer
from brainkit.structure.networks.feedforward import FeedForwardNetwork
from brainkit.structure.networks.network import NetworkConstructionException
from brainkit.structure.networks.recurrent import RecurrentNetwork
from brainkit.tools.initialization import initialize

# PyBrain's name for the errors of this module
NetworkError = NetworkConstructionException


def buildNetwork(*layers, bias=True, outputbias=True, hiddenclass=SigmoidLayer,
                 outclass=LinearLayer, recurrent=False, peepholes=False, fast=False,
                 init="pybrain", rng=None, dtype=np.float64):
    """Build a layered network: ``buildNetwork(2, 3, 1)`` is 2 inputs, one
    hidden layer of 3 ``hiddenclass`` units and 1 ``outclass`` output.

    Modules are named ``in``, ``hidden0``, ``hidden1``, ..., ``out`` and ``bias``
    and wired as PyBrain wires them: the bias feeds every hidden layer and, if
    ``outputbias``, the output. A sequential hidden class (LSTMLayer) makes a
    RecurrentNetwork with each hidden layer recurrent to itself; ``recurrent=True``
    with other layers makes a RecurrentNetwork *without* recurrent connections,
    as PyBrain does (add your own with ``addRecurrentConnection``).

    Initial weights are PyBrain's, N(0, 1) from numpy's global random state in
    PyBrain's order (``init='pybrain'``), or ``init='glorot'``/``'he'`` drawn
    from ``rng`` (a ``numpy.random.Generator``) when given.

    >>> net = buildNetwork(2, 3, 1)
    >>> [m.name for m in net.modulesSorted]
    ['bias', 'in', 'hidden0', 'out']
    >>> net.activate([[0, 1], [1, 0]]).shape
    (2, 1)
    """
    if len(layers) < 2:
        raise ValueError(f"buildNetwork needs at least two layer sizes (input and "
                         f"output); got {len(layers)}")
    for size in layers:
        if not isinstance(size, numbers.Integral) or isinstance(size, bool) or size < 1:
            raise ValueError(f"buildNetwork: layer sizes must be positive integers; "
                             f"got {layers}")
    if fast:
        raise NetworkError("No fast networks available: brainkit's networks are "
                           "already vectorised; drop fast=True.")
    lstm = getattr(hiddenclass, "sequential", False) and len(layers) > 2
    sequential = lstm or getattr(outclass, "sequential", False)
    net = (RecurrentNetwork if recurrent or sequential else FeedForwardNetwork)(dtype=dtype)
    net.addInputModule(LinearLayer(layers[0], name="in"))
    net.addOutputModule(outclass(layers[-1], name="out"))
    if bias:
        net.addModule(BiasUnit(name="bias"))
        if outputbias:
            net.addConnection(FullConnection(net["bias"], net["out"]))
    hidden = []
    for i, size in enumerate(layers[1:-1]):
        kwargs = {"peepholes": peepholes} if lstm else {}
        h = hiddenclass(size, name=f"hidden{i}", **kwargs)
        net.addModule(h)
        hidden.append(h)
        if bias:
            net.addConnection(FullConnection(net["bias"], h))
    for a, b in zip(hidden, hidden[1:]):
        net.addConnection(FullConnection(a, b))
    if hidden:
        net.addConnection(FullConnection(net["in"], hidden[0]))
        net.addConnection(FullConnection(hidden[-1], net["out"]))
    else:
        net.addConnection(FullConnection(net["in"], net["out"]))
    if lstm:
        # PyBrain stops the program for more than one LSTM layer; here each
        # layer simply gets its own recurrent connection
        for h in hidden:
            net.addRecurrentConnection(FullConnection(h, h))
    elif recurrent:
        warnings.warn("buildNetwork(recurrent=True) adds no recurrent connection for "
                      f"{hiddenclass.__name__} layers (as in PyBrain); add one with "
                      "net.addRecurrentConnection(FullConnection(net['hidden0'], "
                      "net['hidden0'])) and call net.sortModules()", UserWarning, stacklevel=2)
    net.sortModules()
    if init != "pybrain":
        initialize(net, init, rng=rng)
    return net
