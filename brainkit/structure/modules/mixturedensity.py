"""MixtureDensityLayer: the parameters of a mixture of Gaussians as outputs."""

import numpy as np

from brainkit.structure.modules.module import Module
from brainkit.structure.modules.neuronlayer import NeuronLayer, check_dim
from brainkit.structure.modules.softmax import softmax


class MixtureDensityLayer(NeuronLayer):
    """The output layer of a mixture density network (Bishop 2006, 5.6): for
    a target of ``dim`` values, ``mix`` = K isotropic Gaussians. Its
    ``K (dim + 2)`` inputs are ``[a_1..a_K | b_1..b_K | m_1..m_K]`` and its
    outputs the mixture's parameters::

        pi = softmax(a)           (mixing coefficients, summing to 1)
        sigma = exp(b)            (each Gaussian's standard deviation)
        mu_k = m_k                (each Gaussian's mean, dim values)

    (exp with b clipped to [-500, 500], as PyBrain's safeExp.)

    Backward passes the error through unchanged, as in PyBrain: the error a
    mixture density trainer feeds it (BackpropTrainerMix) is already the
    gradient with respect to the inputs, which needs the targets.

    >>> layer = MixtureDensityLayer(1, mix=2)
    >>> layer.activate([0.0, 0.0, 0.0, np.log(2.0), 1.5, -1.5])
    array([ 0.5,  0.5,  1. ,  2. ,  1.5, -1.5])
    """

    def __init__(self, dim, name=None, mix=5):
        dim = check_dim(dim, "MixtureDensityLayer")
        mix = check_dim(mix, "MixtureDensityLayer", "mix", 1, "the number of Gaussians")
        Module.__init__(self, mix * (dim + 2), mix * (dim + 2), name=name)
        self.dim = self.indim
        self.nGaussians = mix
        self.nDims = dim

    def _constructor_args(self):
        return {"dim": self.nDims, "name": self.name, "mix": self.nGaussians}

    def _forward(self, inbuf, outbuf):
        K = self.nGaussians
        softmax(inbuf[:, :K], outbuf[:, :K])
        np.clip(inbuf[:, K:2 * K], -500.0, 500.0, out=outbuf[:, K:2 * K])
        np.exp(outbuf[:, K:2 * K], out=outbuf[:, K:2 * K])
        outbuf[:, 2 * K:] = inbuf[:, 2 * K:]

    def _backward(self, outerr, inerr, outbuf, inbuf):
        inerr[:] = outerr
