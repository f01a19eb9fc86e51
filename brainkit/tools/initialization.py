"""Scaled initial weights (Glorot, He) for the FullConnections of a network.

PyBrain starts every weight at N(0, 1), which saturates sigmoid and tanh units
in wide layers. These schemes scale each connection by the number of inputs a
target unit receives (its fan-in, summed over all connections into it):

* ``glorot``: uniform in +-sqrt(6 / (fan_in + fan_out)), for sigmoid and tanh;
* ``he``: normal with standard deviation sqrt(2 / fan_in), for ReLU.

Weights from a BiasUnit start at 0. A ConvolutionLayer's filters are scaled
the same way by its own fans, as Keras counts them (fan-in: channels x kernel
area; fan-out: filters x kernel area), and its biases start at 0. Other
parameters are left as they are.
"""

import numpy as np

from brainkit.structure.connections.full import FullConnection
from brainkit.structure.modules.biasunit import BiasUnit
from brainkit.structure.modules.convolution import ConvolutionLayer

SCHEMES = ("pybrain", "glorot", "he")


def initialize(net, scheme="glorot", rng=None):
    """Redraw the FullConnection weights (and ConvolutionLayer filters) of a
    sorted network with ``scheme``
    (``'glorot'``, ``'he'`` or ``'pybrain'``: N(0, 1) over the whole vector),
    from ``rng`` (a ``numpy.random.Generator``, or numpy's global state if None).

    >>> from brainkit import buildNetwork
    >>> net = buildNetwork(64, 32, 10, init='glorot', rng=np.random.default_rng(0))
    >>> bool(np.abs(net.params).max() < 0.4)    # N(0, 1) would exceed 3
    True
    """
    if scheme not in SCHEMES:
        raise ValueError(f"unknown initialisation {scheme!r}; choose one of {SCHEMES}")
    if scheme == "pybrain":
        net.randomize(rng)
        return net
    normal = np.random.standard_normal if rng is None else rng.standard_normal
    uniform = np.random.uniform if rng is None else rng.uniform
    conns = [c for c in net._all_connections() if isinstance(c, FullConnection)]
    fan_in = {}
    for c in conns:
        if not isinstance(c.inmod, BiasUnit):
            fan_in[id(c.outmod)] = fan_in.get(id(c.outmod), 0) + c.indim
    def draw(weights, fin, fout):
        if scheme == "glorot":
            limit = np.sqrt(6.0 / (fin + fout))
            weights[:] = uniform(-limit, limit, size=weights.shape)
        else:
            weights[:] = normal(weights.shape) * np.sqrt(2.0 / fin)

    for c in conns:
        if isinstance(c.inmod, BiasUnit):
            c.weights[:] = 0.0
        else:
            draw(c.weights, fan_in[id(c.outmod)], c.outdim)
    for m in net.modulesSorted:
        if isinstance(m, ConvolutionLayer):
            draw(m.weights, m.fanin, m.filters * m.kernel[0] * m.kernel[1])
            m.bias[:] = 0.0
    net.resetDerivatives()
    return net
