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

__version__ = "0.1.0"
__all__ = [*_structure, "buildNetwork"]
