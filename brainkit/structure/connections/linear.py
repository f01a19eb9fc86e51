"""LinearConnection: each unit scaled by its own weight."""

import numpy as np

from brainkit.structure.connections.connection import Connection
from brainkit.structure.connections.identity import require_equal_widths


class LinearConnection(Connection):
    """out += in * w elementwise, one weight per unit (``paramdim = indim``);
    both slices must have the same width.

    Backward: inerr += outerr * w, and the weights' derivatives gain
    sum over the batch of outerr * in. (PyBrain never computed these, so its
    weights were never trained [BUG, fixed].)

    >>> from brainkit import LinearLayer
    >>> c = LinearConnection(LinearLayer(3, name='a'), LinearLayer(3, name='b'))
    >>> c.params[:] = [1.0, 2.0, 3.0]
    >>> out = np.zeros((1, 3)); c._forward(np.ones((1, 3)), out); out
    array([[1., 2., 3.]])
    """

    skip_input_error = True

    def _check_dims(self):
        require_equal_widths(self)

    def _paramdim(self):
        return self.indim

    def _forward(self, inbuf, outbuf):
        outbuf += inbuf * self.params

    def _forward_assign(self, inbuf, outbuf):
        """``_forward`` for the first connection into outbuf: write, not add."""
        np.multiply(inbuf, self.params, out=outbuf)

    def _backward(self, outerr, inerr, inbuf):
        if inerr is not None:
            inerr += outerr * self.params
        self._derivs += np.einsum("nd,nd->d", outerr, inbuf)
