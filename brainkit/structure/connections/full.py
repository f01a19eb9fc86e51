"""FullConnection: every input unit to every output unit."""

from brainkit.structure.connections.connection import Connection


class FullConnection(Connection):
    """out += in @ W.T with W of shape (outdim, indim), row-major in ``params``
    (``W[o, i] = params[o * indim + i]``, as in PyBrain's files).

    Backward: inerr += outerr @ W, and the weight derivatives gain
    outerr.T @ in summed over the batch.

    >>> from brainkit import LinearLayer
    >>> c = FullConnection(LinearLayer(2, name='a'), LinearLayer(3, name='b'))
    >>> c.weights.shape
    (3, 2)
    """

    skip_input_error = True

    def _paramdim(self):
        return self.indim * self.outdim

    def _bind(self, params, derivs):
        Connection._bind(self, params, derivs)
        self.weights = params.reshape(self.outdim, self.indim)
        self.weight_derivs = derivs.reshape(self.outdim, self.indim)

    def _forward(self, inbuf, outbuf):
        outbuf += inbuf @ self.weights.T

    def _backward(self, outerr, inerr, inbuf):
        if inerr is not None:
            self._backward_inputs(outerr, inerr)
        self._backward_params(outerr, inbuf)

    # the two halves of _backward, which a run inside a recurrent loop calls
    # apart: the input errors step by step, the weight derivatives once for
    # all steps (one matrix product over T*B rows)
    def _backward_inputs(self, outerr, inerr):
        inerr += outerr @ self.weights

    def _backward_params(self, outerr, inbuf):
        self.weight_derivs += outerr.T @ inbuf
