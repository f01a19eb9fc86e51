"""GaussianLayer: stochastic units y ~ N(x, sigma**2), for policy-gradient learning."""

import numpy as np

from brainkit.structure.modules.neuronlayer import NeuronLayer


def expln(z):
    """exp(z) for z <= 0, log(z + 1) + 1 above: positive, smooth, grows slowly."""
    return np.where(z > 0, np.log(np.maximum(z, 0) + 1.0) + 1.0, np.exp(np.minimum(z, 0)))


def explnPrime(z):
    """The derivative of ``expln``."""
    return np.where(z > 0, 1.0 / (np.maximum(z, 0) + 1.0), np.exp(np.minimum(z, 0)))


class GaussianLayer(NeuronLayer):
    """Samples y ~ N(x, s**2) with one trainable spread per unit, s = expln(p).

    The parameters p start at 0 (s = 1). Backward does not use the output
    error: it is the gradient of the log-likelihood log N(y; x, s) of the
    sample just drawn (as in PyBrain, where the layer serves policy gradients):
    ``dx = (y - x) / s**2`` and ``dp = ((y - x)**2 - s**2) / s**3 * expln'(p)``,
    summed over the batch. With ``autoalpha = True`` both are multiplied by
    s**2. With ``enabled = False`` the layer is the identity, both ways.
    Samples come from numpy's global random state, as in PyBrain.
    """

    stdParams = 0.0   # PyBrain draws randn(dim) * 0 here, so the draws are kept

    def __init__(self, dim, name=None):
        NeuronLayer.__init__(self, dim, name=name, paramdim=dim)
        self.autoalpha = False
        self.enabled = True

    def setSigma(self, sigma):
        """Set the parameters p (not s itself: s = expln(p)), as PyBrain does."""
        self._setParameters(sigma)

    def _forward(self, inbuf, outbuf):
        if self.enabled:
            outbuf[:] = np.random.normal(inbuf, expln(self.params))
        else:
            outbuf[:] = inbuf

    def _backward(self, outerr, inerr, outbuf, inbuf):
        if not self.enabled:
            inerr[:] = outerr
            return
        s = expln(self.params)
        diff = outbuf - inbuf
        scale = 1.0 if self.autoalpha else 1.0 / s**2
        inerr[:] = diff * scale
        self._derivs += ((diff**2 - s**2) / s * explnPrime(self.params) * scale).sum(axis=0)
