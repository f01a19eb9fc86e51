"""NeuronLayer: a module with as many outputs as inputs."""

from brainkit.structure.modules.module import Module


class NeuronLayer(Module):
    """Base of the elementwise layers: ``indim == outdim == dim``."""

    def __init__(self, dim, name=None, paramdim=0):
        Module.__init__(self, dim, dim, name=name, paramdim=paramdim)
        self.dim = self.indim

    def whichNeuron(self, inputIndex=None, outputIndex=None):
        """The unit that input (or output) number ``inputIndex``
        (``outputIndex``) belongs to: itself, in a layer of independent units."""
        return inputIndex if inputIndex is not None else outputIndex

    def _constructor_args(self):
        # what the file writers record, in PyBrain's order
        return {"name": self.name, "dim": self.dim}
