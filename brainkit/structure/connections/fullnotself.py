"""FullNotSelfConnection: every unit to every other unit, never to itself."""

import numpy as np

from brainkit.structure.connections.full import FullConnection, product
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
        self._diagonal = np.einsum("ii->i", self.weights)     # a writable view
        self._kept = np.empty_like(self._diagonal)

    def _masked(self, a, b, out=None):
        """a @ b, where b is W or W.T, with W's diagonal held at zero. The
        diagonal is zeroed in place for the product and put back: O(d) per
        call, where a masked copy of W is O(d**2) on every step of a
        recurrent loop. (Subtracting the diagonal's term after the full
        product is not exact: the unused weights would leak rounding, and a
        large one cancellation errors, into the result.)"""
        np.copyto(self._kept, self._diagonal)
        self._diagonal[...] = 0.0
        try:
            return self._product(a, b) if out is None else product(a, b, out)
        finally:
            np.copyto(self._diagonal, self._kept)

    def _forward(self, inbuf, outbuf):
        outbuf += self._masked(inbuf, self.weights.T)

    def _forward_assign(self, inbuf, outbuf):
        """``_forward`` for the first connection into outbuf: write, not add."""
        self._masked(inbuf, self.weights.T, outbuf)

    # FullConnection's _backward and its fast variants go through these two
    def _input_errors(self, outerr, inerr):
        if inerr is not None:
            inerr += self._masked(outerr, self.weights)

    def _weight_derivs(self, outerr, inbuf):
        gradient = self._product(outerr.T, inbuf)
        np.fill_diagonal(gradient, 0.0)
        self.weight_derivs += gradient

    def _backward_fresh(self, outerr, inerr, inbuf):
        """``_backward`` writing the weight derivatives instead of adding them."""
        self._input_errors(outerr, inerr)
        product(outerr.T, inbuf, self.weight_derivs)
        np.fill_diagonal(self.weight_derivs, 0.0)
