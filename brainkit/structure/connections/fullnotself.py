"""FullNotSelfConnection: every unit to every other unit, never to itself."""

import numpy as np

from brainkit.structure.connections.full import FullConnection
from brainkit.structure.connections.identity import require_equal_widths


class FullNotSelfConnection(FullConnection):
    """A FullConnection between slices of equal width whose diagonal weights
    (unit i to unit i) are held at zero: out += in @ (W * (1 - I)).T.

    The parameters are still the whole (outdim, indim) matrix, row-major, as
    in PyBrain's layout and files; the diagonal ones are unused, and their
    derivatives stay zero (PyBrain computed them, so training moved weights
    that do nothing [BUG, fixed]).

    >>> from brainkit import LinearLayer
    >>> a = LinearLayer(2, name='a')
    >>> c = FullNotSelfConnection(a, LinearLayer(2, name='b'))
    >>> c.params[:] = [1.0, 2.0, 3.0, 4.0]
    >>> out = np.zeros((1, 2)); c._forward(np.ones((1, 2)), out); out
    array([[2., 3.]])
    """

    def _check_dims(self):
        require_equal_widths(self)

    def _bind(self, params, derivs):
        FullConnection._bind(self, params, derivs)
        self._bias = False
        self._diagonal = np.arange(self.indim) * (self.indim + 1)   # flat indices
        self._masked = np.empty((self.outdim, self.indim), dtype=params.dtype)

    def _effective(self):
        """The weights in use: W with its diagonal zeroed (a scratch copy)."""
        self._masked[...] = self.weights
        self._masked.flat[self._diagonal] = 0.0
        return self._masked

    def _forward(self, inbuf, outbuf):
        outbuf += self._product(inbuf, self._effective().T)

    def _forward_assign(self, inbuf, outbuf):
        """``_forward`` for the first connection into outbuf: write, not add."""
        np.matmul(inbuf, self._effective().T, out=outbuf)

    # FullConnection's _backward and its fast variants go through these two
    def _input_errors(self, outerr, inerr):
        if inerr is not None:
            inerr += self._product(outerr, self._effective())

    def _weight_derivs(self, outerr, inbuf):
        gradient = self._product(outerr.T, inbuf)
        gradient.flat[self._diagonal] = 0.0
        self.weight_derivs += gradient

    def _backward_fresh(self, outerr, inerr, inbuf):
        """``_backward`` writing the weight derivatives instead of adding them."""
        self._input_errors(outerr, inerr)
        np.matmul(outerr.T, inbuf, out=self.weight_derivs)
        self.weight_derivs.flat[self._diagonal] = 0.0
