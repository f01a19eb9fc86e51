"""NeuronLayer: a module with as many outputs as inputs."""

import numbers

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

    def _constructor_args(self):
        # what the file writers record, in PyBrain's order
        return {"name": self.name, "dim": self.dim}
