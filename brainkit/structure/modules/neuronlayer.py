"""NeuronLayer: a module with as many outputs as inputs."""

import numbers

import numpy as np

from brainkit.structure.modules.module import Module


def check_dim(dim, owner):
    """``dim`` as a non-negative int (not a bool, float or string)."""
    if not isinstance(dim, numbers.Integral) or isinstance(dim, bool) or dim < 0:
        raise ValueError(f"{owner}: dim must be a non-negative integer (the number of "
                         f"units); got {dim!r}")
    return int(dim)


class NeuronLayer(Module):
    """Base of the elementwise layers: ``indim == outdim == dim``."""

    def __init__(self, dim, name=None, paramdim=0):
        dim = check_dim(dim, type(self).__name__)
        Module.__init__(self, dim, dim, name=name, paramdim=paramdim)
        self.dim = self.indim

    def whichNeuron(self, inputIndex=None, outputIndex=None):
        """The unit that input (or output) number ``inputIndex``
        (``outputIndex``) belongs to: itself, in a layer of independent units."""
        return inputIndex if inputIndex is not None else outputIndex

    def _parameter_units(self):
        """The unit each of the layer's parameters belongs to (an int array of
        ``paramdim``), for NeuronDecomposableNetwork: parameter k to unit
        k mod dim, for parameters that come in blocks of one per unit."""
        k = np.arange(self.paramdim)
        return k % self.dim if self.dim else k

    def _constructor_args(self):
        # what the file writers record, in PyBrain's order
        return {"name": self.name, "dim": self.dim}
