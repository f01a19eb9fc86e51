"""SoftSignLayer: y = x / (1 + |x|)."""

import numpy as np

from brainkit.structure.modules.neuronlayer import NeuronLayer


class SoftSignLayer(NeuronLayer):
    """y = x / (1 + |x|) elementwise; dx = dy * (1 - |y|)**2.

    >>> SoftSignLayer(1).activate([1.0])
    array([0.5])
    """

    def _forward(self, inbuf, outbuf):
        np.divide(inbuf, 1.0 + np.abs(inbuf), out=outbuf)

    def _backward(self, outerr, inerr, outbuf, inbuf):
        inerr[:] = outerr * (1.0 - np.abs(outbuf)) ** 2
