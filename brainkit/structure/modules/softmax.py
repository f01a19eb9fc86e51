"""SoftmaxLayer: the normalised exponential over each sample's units."""

import numpy as np

from brainkit.structure.modules.neuronlayer import NeuronLayer


def softmax(x, out, rows=None):
    """out = exp(x - m) / sum_j exp(x_j - m), row by row, m each row's maximum
    (which keeps exp finite for inputs of +-1e4). ``x`` and ``out`` are (N, k)
    (``out`` may be a column slice of a wider buffer); ``rows``, an (N, 1)
    array of x's dtype, holds the per-row numbers (a new one if None).

    >>> softmax(np.array([[0.0, np.log(3.0)]]), np.empty((1, 2)))
    array([[0.25, 0.75]])
    """
    rows = np.empty((x.shape[0], 1), dtype=x.dtype) if rows is None else rows
    np.maximum.reduce(x, axis=1, keepdims=True, out=rows)
    np.subtract(x, rows, out=out)
    np.exp(out, out=out)
    np.add.reduce(out, axis=1, keepdims=True, out=rows)
    out /= rows
    return out


class SoftmaxLayer(NeuronLayer):
    """y_i = exp(x_i) / sum_j exp(x_j), for each sample of the batch.

    Backward passes the error through unchanged, dx = dy, as PyBrain does
    [SURPRISE]: the softmax Jacobian is not applied. Paired with the trainers'
    error ``target - output`` this is exactly the gradient of the cross-entropy
    with respect to the inputs (logits), which is what a softmax output layer
    should be trained with. A numerical check of the squared error therefore
    disagrees with it on purpose.

    >>> SoftmaxLayer(2).activate([0.0, 0.0])
    array([0.5, 0.5])
    """

    def _forward(self, inbuf, outbuf):
        # the per-row numbers go to a scratch column, so nothing is allocated
        softmax(inbuf, outbuf, self._column(inbuf))

    def _column(self, inbuf):
        column = getattr(self, "_rows", None)
        if column is None or column.shape[0] != inbuf.shape[0] or column.dtype != inbuf.dtype:
            column = self._rows = np.empty((inbuf.shape[0], 1), dtype=inbuf.dtype)
        return column

    def _backward(self, outerr, inerr, outbuf, inbuf):
        inerr[:] = outerr
