"""BiasUnit: a constant 1."""

from brainkit.structure.modules.module import Module


class BiasUnit(Module):
    """No inputs, one output that is always 1. Connect it to a layer to give
    that layer's units a trainable bias.

    >>> BiasUnit(name='bias').activate([])
    array([1.])
    """

    def __init__(self, name=None):
        Module.__init__(self, 0, 1, name=name)

    def _constructor_args(self):
        return {"name": self.name}

    def _forward(self, inbuf, outbuf):
        outbuf[:] = 1.0

    def _backward(self, outerr, inerr, outbuf, inbuf):
        pass
