"""Gate layers: products of pairs of inputs, one of each pair squashed or not.

Each sample's input row is two halves ``[a | b]`` of ``dim`` units (one
half for SwitchLayer); sigma is the logistic function. The layers write their
outputs (PyBrain added into them, so a second forward at the same step
doubled them [BUG, fixed]).
"""

import numpy as np

from brainkit.structure.modules.module import Module
from brainkit.structure.modules.neuronlayer import NeuronLayer, check_dim
from brainkit.structure.modules.sigmoidlayer import sigmoid


class _PairLayer(NeuronLayer):
    """``dim`` units with ``indim = inputs * dim`` and ``outdim = outputs * dim``."""

    inputs = outputs = 2

    def __init__(self, dim, name=None):
        dim = check_dim(dim, type(self).__name__)
        Module.__init__(self, self.inputs * dim, self.outputs * dim, name=name)
        self.dim = dim

    def whichNeuron(self, inputIndex=None, outputIndex=None):
        """The unit that input (or output) number ``inputIndex``
        (``outputIndex``) belongs to: unit j has input (output) j of each half."""
        return (inputIndex if inputIndex is not None else outputIndex) % self.dim

    def _halves(self, buf):
        return buf[:, :self.dim], buf[:, self.dim:]


class MultiplicationLayer(_PairLayer):
    """y = a * b (2*dim -> dim); backward: da = b * dy, db = a * dy.

    >>> MultiplicationLayer(2).activate([1.0, 2.0, 3.0, 4.0])
    array([3., 8.])
    """

    outputs = 1

    def _forward(self, inbuf, outbuf):
        np.multiply(*self._halves(inbuf), out=outbuf)

    def _backward(self, outerr, inerr, outbuf, inbuf):
        (a, b), (da, db) = self._halves(inbuf), self._halves(inerr)
        np.multiply(b, outerr, out=da)
        np.multiply(a, outerr, out=db)


class GateLayer(_PairLayer):
    """y = sigma(a) * b (2*dim -> dim): b let through as far as the gate a
    opens it. Backward: da = sigma'(a) * b * dy, db = sigma(a) * dy.

    >>> GateLayer(1).activate([0.0, 3.0])
    array([1.5])
    """

    outputs = 1

    def _forward(self, inbuf, outbuf):
        a, b = self._halves(inbuf)
        sigmoid(a, out=outbuf)
        outbuf *= b

    def _backward(self, outerr, inerr, outbuf, inbuf):
        (a, b), (da, db) = self._halves(inbuf), self._halves(inerr)
        sigmoid(a, out=db)                      # db = s, then da = s (1 - s) b dy
        np.multiply(db, outerr, out=da)
        da *= b
        da *= 1.0 - db
        db *= outerr


class DoubleGateLayer(_PairLayer):
    """A continuous if-then-else (2*dim -> 2*dim): y = [sigma(a) * b |
    (1 - sigma(a)) * b]. Backward, with s = sigma(a) and dy = [dy1 | dy2]:
    da = s (1 - s) b (dy1 - dy2), db = s dy1 + (1 - s) dy2.

    >>> DoubleGateLayer(1).activate([0.0, 3.0])
    array([1.5, 1.5])
    """

    def _forward(self, inbuf, outbuf):
        (a, b), (y1, y2) = self._halves(inbuf), self._halves(outbuf)
        sigmoid(a, out=y1)
        np.subtract(1.0, y1, out=y2)
        y1 *= b
        y2 *= b

    def _backward(self, outerr, inerr, outbuf, inbuf):
        (a, b), (da, db), (dy1, dy2) = (self._halves(inbuf), self._halves(inerr),
                                        self._halves(outerr))
        s = sigmoid(a, out=np.empty_like(a))
        np.subtract(dy1, dy2, out=da)
        da *= b * s * (1.0 - s)
        np.multiply(s, dy1 - dy2, out=db)
        db += dy2


class SwitchLayer(_PairLayer):
    """y = [sigma(x) | 1 - sigma(x)] (dim -> 2*dim); backward:
    dx = sigma'(x) (dy1 - dy2).

    >>> SwitchLayer(1).activate([0.0])
    array([0.5, 0.5])
    """

    inputs = 1

    def _forward(self, inbuf, outbuf):
        y1, y2 = self._halves(outbuf)
        sigmoid(inbuf, out=y1)
        np.subtract(1.0, y1, out=y2)

    def _backward(self, outerr, inerr, outbuf, inbuf):
        (y1, _), (dy1, dy2) = self._halves(outbuf), self._halves(outerr)
        np.subtract(dy1, dy2, out=inerr)
        inerr *= y1 * (1.0 - y1)
