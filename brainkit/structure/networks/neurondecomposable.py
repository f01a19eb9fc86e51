"""NeuronDecomposableNetwork: the parameters grouped by the unit they belong to."""

import numpy as np

from brainkit.structure.connections.full import FullConnection
from brainkit.structure.modules.neuronlayer import NeuronLayer
from brainkit.structure.networks.feedforward import FeedForwardNetwork
from brainkit.structure.networks.network import Network
from brainkit.structure.networks.recurrent import RecurrentNetwork
from brainkit.structure.networks.sorting import NetworkConstructionException


class NeuronDecomposableNetwork(Network):
    """A network of neuron layers whose parameters can be read and written one
    unit ("neuron") at a time, as neuro-evolution methods such as ESP want.

    A weight of a FullConnection belongs to the unit it feeds, except that
    (``espStyleDecomposition``, the default) a weight into an output layer
    belongs to the unit it comes from; a layer's own parameters belong to
    their unit. ``getDecomposition()`` lists, unit by unit (modules in the
    order added), the values of every unit that has weights;
    ``setDecomposition(list)`` writes such a list back.

    >>> from brainkit import buildNetwork
    >>> net = NeuronDecomposableNetwork.convertNormalNetwork(buildNetwork(2, 3, 2, bias=False))
    >>> [len(unit) for unit in net.getDecomposition()]
    [4, 4, 4]
    """

    espStyleDecomposition = True

    def addModule(self, m):
        if not isinstance(m, NeuronLayer):
            raise NetworkConstructionException(
                f"{type(self).__name__} takes neuron layers only; {m!r} is not one")
        Network.addModule(self, m)

    def sortModules(self):
        Network.sortModules(self)
        units = {}                      # (module id, unit) -> its position in the listing
        for m in self.modules:
            for n in range(m.outdim):
                units[id(m), n] = len(units)
        owner, pos = np.empty(self.paramdim, dtype=np.intp), 0
        outputs = {id(m) for m in self.outmodules}
        for c in self._containers:
            k = np.arange(c.paramdim)
            if isinstance(c, FullConnection):
                src, dst = c.whichBuffers(k)
                into_output = self.espStyleDecomposition and id(c.outmod) in outputs
                mod, unit = (c.inmod, src) if into_output else (c.outmod, dst)
                base = units[id(mod), 0]
            elif isinstance(c, NeuronLayer):
                unit, base = k, units[id(c), 0]
            else:
                raise NetworkConstructionException(
                    f"{type(self).__name__} cannot assign the parameters of {c!r} to units")
            owner[pos:pos + c.paramdim] = base + unit
            pos += c.paramdim
        order = np.argsort(owner, kind="stable")
        cuts = np.searchsorted(owner[order], np.arange(len(units) + 1))
        self.decompositionIndices = [order[a:b] for a, b in zip(cuts, cuts[1:]) if b > a]

    def getDecomposition(self):
        """The parameters of each unit that has any, as a list of arrays (copies)."""
        return [self.params[idx] for idx in self.decompositionIndices]

    def setDecomposition(self, decomposedParams):
        """Write a list like ``getDecomposition()``'s back into the parameters."""
        if len(decomposedParams) != len(self.decompositionIndices):
            raise ValueError(f"setDecomposition expects {len(self.decompositionIndices)} "
                             f"arrays, one per unit; got {len(decomposedParams)}")
        for idx, values in zip(self.decompositionIndices, decomposedParams):
            if np.shape(values) != idx.shape:
                raise ValueError(f"setDecomposition: a unit has {idx.size} parameters; "
                                 f"got {np.size(values)} values")
            self.params[idx] = values

    @staticmethod
    def convertNormalNetwork(n):
        """A decomposable network with the modules and connections of ``n``
        (which must be made of neuron layers), sorted."""
        res = (RecurrentDecomposableNetwork if isinstance(n, RecurrentNetwork)
               else FeedForwardDecomposableNetwork)(name=n.name, dtype=n.dtype)
        for m in n.inmodules:
            res.addInputModule(m)
        for m in n.outmodules:
            res.addOutputModule(m)
        for m in n.modules:
            res.addModule(m)
        for c in n._all_connections():
            (res.addRecurrentConnection if c in n.recurrentConns else res.addConnection)(c)
        res.sortModules()
        return res


class FeedForwardDecomposableNetwork(NeuronDecomposableNetwork, FeedForwardNetwork):
    """A feed-forward NeuronDecomposableNetwork."""


class RecurrentDecomposableNetwork(NeuronDecomposableNetwork, RecurrentNetwork):
    """A recurrent NeuronDecomposableNetwork."""
