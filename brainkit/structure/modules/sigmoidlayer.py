"""SigmoidLayer: logistic units."""

import numpy as np

from brainkit.structure.modules.neuronlayer import NeuronLayer


def sigmoid(x, out):
    """out = 1 / (1 + exp(-x)), in place in ``out`` (which may be ``x``).

    PyBrain's formula, with its clip of x at -500 so that exp neither
    overflows nor warns (PyBrain also clips at +500, which changes nothing);
    accurate to the last bit or so everywhere."""
    np.maximum(x, -500.0, out=out)
    np.negative(out, out=out)
    np.exp(out, out=out)
    out += 1.0
    return np.reciprocal(out, out=out)


class SigmoidLayer(NeuronLayer):
    """Logistic units, y = 1 / (1 + exp(-x)), applied elementwise (inputs below
    -500 count as -500, as in PyBrain).

    Backward: dx = dy * y * (1 - y).

    >>> SigmoidLayer(1).activate([0.0])
    array([0.5])
    """

    def _forward(self, inbuf, outbuf):
        sigmoid(inbuf, out=outbuf)

    def _backward(self, outerr, inerr, outbuf, inbuf):
        inerr[:] = outerr * outbuf * (1.0 - outbuf)
