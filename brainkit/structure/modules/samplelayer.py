"""Sample layers: stochastic units whose outputs are drawn given their inputs."""

import numpy as np

from brainkit.structure.modules.neuronlayer import NeuronLayer


class SampleLayer(NeuronLayer):
    """Base of the layers whose output is a random draw that depends on the input."""


class BernoulliLayer(SampleLayer):
    """y = 1 with probability x, else 0 (inputs are probabilities in [0, 1]):
    y = [u < x] for u drawn uniformly from [0, 1) by numpy's global random
    state, one number per unit and sample in row order, as in PyBrain.

    PyBrain set y = [x <= u], which is 1 with probability 1 - x [BUG, fixed]:
    with the same seed, brainkit's sample is 1 minus PyBrain's.

    A draw has no derivative: backward passes no error back (dx = 0), as
    PyBrain's layer (which defined no backward) did.

    >>> np.random.seed(0)
    >>> BernoulliLayer(3).activate([1.0, 0.0, 0.5])
    array([1., 0., 0.])
    """

    def _forward(self, inbuf, outbuf):
        np.less(np.random.random_sample(inbuf.shape), inbuf, out=outbuf, casting="unsafe")

    def _backward(self, outerr, inerr, outbuf, inbuf):
        inerr[:] = 0.0
