"""NeuronLayer: a module with as many outputs as inputs."""

import numbers

import numpy as np

from brainkit.structure.modules.module import Module


def is_count(value, minimum=0):
    """Whether ``value`` is an integer (Python's or numpy's; not a bool, float
    or string) of at least ``minimum``."""
    return isinstance(value, numbers.Integral) and not isinstance(value, bool) \
        and value >= minimum


def check_dim(value, owner, what="dim", minimum=0, meaning="the number of units"):
    """``value`` as an int if it is an integer of at least ``minimum`` (see
    ``is_count``), else a ValueError: "{owner}: {what} must be a non-negative
    (positive, ...) integer ({meaning}); got ..." (no brackets if ``meaning``
    is None)."""
    if not is_count(value, minimum):
        kind = {0: "a non-negative integer", 1: "a positive integer"}.get(
            minimum, f"an integer of at least {minimum}")
        note = f" ({meaning})" if meaning else ""
        raise ValueError(f"{owner}: {what} must be {kind}{note}; got {value!r}")
    return int(value)


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
