"""FullConnection: every input unit to every output unit."""

import numpy as np

from brainkit.structure.connections.connection import Connection
from brainkit.structure.modules.biasunit import BiasUnit


def product(a, b, out):
    """a @ b written into ``out``. np.dot where it can take ``out`` (it calls
    BLAS for every shape, while np.matmul runs its own, much slower loop for
    some, e.g. a single inner column: 7 x slower on (1600, 1) @ (1, 128));
    np.matmul otherwise (an ``out`` that is a sliced view)."""
    try:
        return np.dot(a, b, out=out)
    except ValueError:          # np.dot refuses an out that is not C-contiguous
        return np.matmul(a, b, out=out)


class FullConnection(Connection):
    """out += in @ W.T with W of shape (outdim, indim), row-major in ``params``
    (``W[o, i] = params[o * indim + i]``, as in PyBrain's files).

    Backward: inerr += outerr @ W, and the weight derivatives gain
    outerr.T @ in summed over the batch. Products go through scratch arrays
    kept per shape, so a pass allocates nothing once they exist.

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
        self._scratch = {}
        # a bias unit always outputs 1: its product is its weight column
        # (unless it is a subclass with math of its own)
        self._bias = type(self.inmod)._forward is BiasUnit._forward

    def whichBuffers(self, paramIndex):
        """(source output index, target input index) that weight number
        ``paramIndex`` joins; within the modules, slices counted in (PyBrain
        counted the row length from the whole module, wrong for slices [BUG])."""
        return (self.inSliceFrom + paramIndex % self.indim,
                self.outSliceFrom + paramIndex // self.indim)

    def _product(self, a, b):
        """a @ b into a scratch array (one per result shape; the few shapes a
        network's runs use)."""
        key = (a.shape[0], b.shape[1], a.dtype)
        out = self._scratch.get(key)
        if out is None:
            if len(self._scratch) >= 16:
                self._scratch.clear()
            out = self._scratch[key] = np.empty(key[:2], dtype=np.result_type(a, b))
        return product(a, b, out)

    def _forward(self, inbuf, outbuf):
        if self._bias:
            outbuf += self.weights[:, 0]
        else:
            outbuf += self._product(inbuf, self.weights.T)

    def _forward_assign(self, inbuf, outbuf):
        """``_forward`` for the first connection into outbuf: write, not add."""
        if self._bias:
            outbuf[:] = self.weights[:, 0]
        else:
            product(inbuf, self.weights.T, outbuf)

    def _backward(self, outerr, inerr, inbuf):
        self._input_errors(outerr, inerr)
        self._weight_derivs(outerr, inbuf)

    def _input_errors(self, outerr, inerr):
        if inerr is not None:
            inerr += self._product(outerr, self.weights)

    def _weight_derivs(self, outerr, inbuf):
        if self._bias:
            self.weight_derivs[:, 0] += np.add.reduce(outerr, axis=0)
        else:
            self.weight_derivs += self._product(outerr.T, inbuf)

    # the fast variants (see Connection); the math above calls none of them,
    # so a subclass that overrides _backward and calls this one still works
    def _backward_inputs(self, outerr, inerr, inbuf):
        # inside a recurrent loop: the input errors step by step, ...
        self._input_errors(outerr, inerr)

    def _backward_params(self, outerr, inbuf):
        # ... and the weight derivatives once for all steps (one product over T*B rows)
        self._weight_derivs(outerr, inbuf)

    def _backward_fresh(self, outerr, inerr, inbuf):
        """``_backward`` writing the weight derivatives instead of adding them
        (a training run whose derivatives start afresh)."""
        self._input_errors(outerr, inerr)
        if self._bias:
            np.add.reduce(outerr, axis=0, out=self.weight_derivs[:, 0])
        else:
            product(outerr.T, inbuf, self.weight_derivs)
