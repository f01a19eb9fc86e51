"""NeuronLayer: a module with as many outputs as inputs."""

from brainkit.structure.modules.module import Module


class NeuronLayer(Module):
    """Base of the elementwise layers: ``indim == outdim == dim``."""

    def __init__(self, dim, name=None, paramdim=0):
        Module.__init__(self, dim, dim, name=name, paramdim=paramdim)
        self.dim = self.indim

    def _constructor_args(self):
        # what the file writers record, in PyBrain's order
        return {"name": self.name, "dim": self.dim}
