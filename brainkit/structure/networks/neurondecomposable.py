"""NeuronDecomposableNetwork: the parameters grouped by the unit they belong to."""

import numpy as np

from brainkit.structure.connections.full import FullConnection
from brainkit.structure.modules.neuronlayer import NeuronLayer
from brainkit.structure.networks.feedforward import FeedForwardNetwork
from brainkit.structure.networks.network import Network
from brainkit.structure.networks.recurrent import RecurrentNetwork
from brainkit.structure.networks.sorting import NetworkConstructionException


def _units(module, role, width):
    """The unit each of ``module``'s inputs (``role="inputIndex"``) or outputs
    (``"outputIndex"``) belongs to, by its ``whichNeuron`` (asked once per
    index, so a user's scalar-only whichNeuron works too)."""
    return np.array([module.whichNeuron(**{role: i}) for i in range(width)], dtype=np.intp)


class NeuronDecomposableNetwork(Network):
    """A network of neuron layers whose parameters can be read and written one
    unit ("neuron") at a time, as neuro-evolution methods such as ESP want.

    A layer has ``dim`` units; its ``whichNeuron`` says which unit each input
    and output belongs to (in a GateLayer, input j and input dim + j to unit
    j). A weight of a FullConnection belongs to the unit it feeds, except that
    (``espStyleDecomposition``, the default) a weight into an output layer
    belongs to the unit it comes from; a layer's own parameters belong to the
    unit they act on (an MDLSTMLayer's peepholes: parameter k to cell k mod
    dim). ``getDecomposition()`` lists, unit by unit (modules in the order
    added), the values of every unit that has weights;
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
        first, count = {}, 0            # each module's first unit in the listing
        for m in self.modules:
            first[id(m)] = count
            count += m.dim
        owner, pos = np.empty(self.paramdim, dtype=np.intp), 0
        outputs = {id(m) for m in self.outmodules}
        for c in self._containers:
            k = np.arange(c.paramdim)
            if isinstance(c, FullConnection):
                src, dst = c.whichBuffers(k)
                if self.espStyleDecomposition and id(c.outmod) in outputs:
                    mod, unit = c.inmod, _units(c.inmod, "outputIndex", c.inmod.outdim)[src]
                else:
                    mod, unit = c.outmod, _units(c.outmod, "inputIndex", c.outmod.indim)[dst]
            elif isinstance(c, NeuronLayer):
                mod, unit = c, c._parameter_units()
            else:
                raise NetworkConstructionException(
                    f"{type(self).__name__} cannot assign the parameters of {c!r} to units")
            bad = (unit < 0) | (unit >= mod.dim)
            if bad.any():
                rule = "its parameters' units" if mod is c else f"{type(mod).__name__}.whichNeuron"
                raise NetworkConstructionException(
                    f"{type(self).__name__}: parameter {int(k[bad][0])} of {c!r} belongs to "
                    f"unit {int(unit[bad][0])} of {mod!r}, which has units 0..{mod.dim - 1}; "
                    f"check {rule}")
            owner[pos:pos + c.paramdim] = first[id(mod)] + unit
            pos += c.paramdim
        order = np.argsort(owner, kind="stable")
        cuts = np.searchsorted(owner[order], np.arange(count + 1))
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
            if np.shape(values) != idx.shape:      # all checked before anything is written
                raise ValueError(f"setDecomposition: a unit has {idx.size} parameters; "
                                 f"got {np.size(values)} values")
        for idx, values in zip(self.decompositionIndices, decomposedParams):
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
