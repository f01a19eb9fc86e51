"""ReluLayer: rectified linear units."""

import numpy as np

from brainkit.structure.modules.neuronlayer import NeuronLayer


class ReluLayer(NeuronLayer):
    """y = max(x, 0) elementwise; dx = dy where x > 0, else 0.

    >>> ReluLayer(2).activate([-1.0, 2.0])
    array([0., 2.])
    """

    def _forward(self, inbuf, outbuf):
        np.maximum(inbuf, 0.0, out=outbuf)

    def _backward(self, outerr, inerr, outbuf, inbuf):
        np.multiply(outerr, inbuf > 0, out=inerr)
