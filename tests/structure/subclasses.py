"""User subclasses of built-in classes that override only the documented hooks,
each with the plain-numpy oracle of what it must compute. The harness runs
them like the built-in classes: a subclass must compute its own numbers in
every path, whatever fast variants its parent has."""

import numpy as np

from brainkit import FullConnection, FullNotSelfConnection, LinearLayer, SigmoidLayer


class ScaledLinear(LinearLayer):
    """y = 2 x: a LinearLayer subclass, so no longer an identity."""

    def _forward(self, inbuf, outbuf):
        outbuf[:] = 2.0 * inbuf

    def _backward(self, outerr, inerr, outbuf, inbuf):
        inerr[:] = 2.0 * outerr


class ShiftedSigmoid(SigmoidLayer):
    """y = sigmoid(x - 1), its math under PyBrain's hook names, calling the parent's."""

    def _forwardImplementation(self, inbuf, outbuf):
        SigmoidLayer._forwardImplementation(self, inbuf - 1.0, outbuf)

    def _backwardImplementation(self, outerr, inerr, outbuf, inbuf):
        SigmoidLayer._backwardImplementation(self, outerr, inerr, outbuf, inbuf)


class HalvedFull(FullConnection):
    """out += (in @ W.T) / 2, through the parent's math."""

    def _forward(self, inbuf, outbuf):
        FullConnection._forward(self, 0.5 * inbuf, outbuf)

    def _backward(self, outerr, inerr, inbuf):
        scratch = None if inerr is None else np.zeros_like(inerr)
        FullConnection._backward(self, outerr, scratch, 0.5 * inbuf)
        if inerr is not None:
            inerr += 0.5 * scratch


class TransposedNotSelf(FullNotSelfConnection):
    """out += in @ M with M = W, its diagonal zeroed: the weights read the other
    way round, in numpy math of its own."""

    def _forward(self, inbuf, outbuf):
        outbuf += inbuf @ (self.weights * (1.0 - np.eye(self.indim)))

    def _backward(self, outerr, inerr, inbuf):
        mask = 1.0 - np.eye(self.indim)
        if inerr is not None:
            inerr += outerr @ (self.weights * mask).T
        self.weight_derivs += (inbuf.T @ outerr) * mask


def shifted_sigmoid(x):
    return 0.5 * (1.0 + np.tanh(0.5 * (x - 1.0)))


def halved_full(c, x):
    y = np.zeros((x.shape[0], c.outmod.indim))
    y[:, c.outSliceFrom:c.outSliceTo] = 0.5 * x[:, c.inSliceFrom:c.inSliceTo] @ c.weights.T
    return y


def transposed_not_self(c, x):
    y = np.zeros((x.shape[0], c.outmod.indim))
    weights = c.weights * (1.0 - np.eye(c.indim))
    y[:, c.outSliceFrom:c.outSliceTo] = x[:, c.inSliceFrom:c.inSliceTo] @ weights
    return y
