"""SigmoidLayer: logistic units."""

import numpy as np

from brainkit.structure.modules.neuronlayer import NeuronLayer


# the clip of x below which exp(-x) would overflow: PyBrain's -500 in float64,
# and in float32 (whose exp overflows past 88.7) a value where the sigmoid
# is already below float32's smallest normal number
CLIP = {np.dtype(np.float64): -500.0, np.dtype(np.float32): -87.0}


def sigmoid(x, out):
    """out = 1 / (1 + exp(-x)), in place in ``out`` (which may be ``x``).

    PyBrain's formula, with its clip of x at -500 so that exp neither
    overflows nor warns (PyBrain also clips at +500, which changes nothing);
    accurate to the last bit or so everywhere. In float32 the clip is -87."""
    np.maximum(x, CLIP.get(out.dtype, -500.0), out=out)
    np.negative(out, out=out)
    np.exp(out, out=out)
    out += 1.0
    return np.reciprocal(out, out=out)


class SigmoidLayer(NeuronLayer):
    """Logistic units, y = 1 / (1 + exp(-x)), applied elementwise (inputs below
    -500 count as -500, as in PyBrain; in float32, below -87).

    Backward: dx = dy * y * (1 - y).

    >>> SigmoidLayer(1).activate([0.0])
    array([0.5])
    """

    def _forward(self, inbuf, outbuf):
        sigmoid(inbuf, out=outbuf)

    def _backward(self, outerr, inerr, outbuf, inbuf):
        inerr[:] = outerr * outbuf * (1.0 - outbuf)
