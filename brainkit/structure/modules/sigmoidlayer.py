"""SigmoidLayer: logistic units."""

import numpy as np

from brainkit.structure.modules.neuronlayer import NeuronLayer


def sigmoid(x, out=None):
    """1 / (1 + exp(-x)), computed from exp(-|x|) so +-1e4 neither overflows nor warns."""
    e = np.exp(-np.abs(x))
    return np.divide(np.where(x >= 0, 1.0, e), 1.0 + e, out=out)


class SigmoidLayer(NeuronLayer):
    """Logistic units, y = 1 / (1 + exp(-x)), applied elementwise.

    Backward: dx = dy * y * (1 - y).

    >>> SigmoidLayer(1).activate([0.0])
    array([0.5])
    """

    def _forward(self, inbuf, outbuf):
        sigmoid(inbuf, out=outbuf)

    def _backward(self, outerr, inerr, outbuf, inbuf):
        inerr[:] = outerr * outbuf * (1.0 - outbuf)
