"""LinearLayer: the identity, y = x."""

from brainkit.structure.modules.neuronlayer import NeuronLayer


class LinearLayer(NeuronLayer):
    """Identity units, y = x. Input layers and regression outputs use it.

    >>> LinearLayer(2, name='in').activate([1.5, -2.0])
    array([ 1.5, -2. ])
    """

    identity = True     # inside a network its output buffer is its input buffer

    def _forward(self, inbuf, outbuf):
        outbuf[:] = inbuf

    def _backward(self, outerr, inerr, outbuf, inbuf):
        inerr[:] = outerr
