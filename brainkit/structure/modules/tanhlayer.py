"""TanhLayer: hyperbolic tangent units."""

import numpy as np

from brainkit.structure.modules.neuronlayer import NeuronLayer


class TanhLayer(NeuronLayer):
    """y = tanh(x) elementwise (stable for any finite x); dx = dy * (1 - y**2).

    >>> TanhLayer(1).activate([0.0])
    array([0.])
    """

    def _forward(self, inbuf, outbuf):
        np.tanh(inbuf, out=outbuf)

    def _backward(self, outerr, inerr, outbuf, inbuf):
        inerr[:] = outerr * (1.0 - outbuf * outbuf)
