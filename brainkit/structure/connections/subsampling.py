"""SubsamplingConnection: the mean of the inputs, scaled per output unit."""

import numpy as np

from brainkit.structure.connections.connection import Connection


class SubsamplingConnection(Connection):
    """out += mean(in) * w: each sample's inputs averaged into one number,
    which reaches output unit k times its weight w[k] (``paramdim = outdim``).

    Backward: every input gains (outerr . w) / indim, and w gains the sum
    over the batch of outerr * mean(in). (PyBrain raised NotImplementedError
    here, so networks with it could not be trained.)

    >>> from brainkit import LinearLayer
    >>> c = SubsamplingConnection(LinearLayer(4, name='a'), LinearLayer(2, name='b'))
    >>> c.params[:] = [1.0, -1.0]
    >>> out = np.zeros((1, 2)); c._forward(np.array([[1.0, 2.0, 3.0, 6.0]]), out); out
    array([[ 3., -3.]])
    """

    skip_input_error = True

    def _paramdim(self):
        return self.outdim

    def _forward(self, inbuf, outbuf):
        outbuf += np.mean(inbuf, axis=1, keepdims=True) * self.params

    def _backward(self, outerr, inerr, inbuf):
        if inerr is not None:
            inerr += (outerr @ self.params)[:, None] / self.indim
        self._derivs += np.mean(inbuf, axis=1) @ outerr
