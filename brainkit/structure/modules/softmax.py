"""SoftmaxLayer: the normalised exponential over each sample's units."""

import numpy as np

from brainkit.structure.modules.neuronlayer import NeuronLayer


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
        # subtracting the row maximum keeps exp finite for inputs of +-1e4;
        # the per-row numbers go to a scratch column, so nothing is allocated
        rows = self._column(inbuf)
        np.maximum.reduce(inbuf, axis=1, keepdims=True, out=rows)
        np.subtract(inbuf, rows, out=outbuf)
        np.exp(outbuf, out=outbuf)
        np.add.reduce(outbuf, axis=1, keepdims=True, out=rows)
        outbuf /= rows

    def _column(self, inbuf):
        column = getattr(self, "_rows", None)
        if column is None or column.shape[0] != inbuf.shape[0] or column.dtype != inbuf.dtype:
            column = self._rows = np.empty((inbuf.shape[0], 1), dtype=inbuf.dtype)
        return column

    def _backward(self, outerr, inerr, outbuf, inbuf):
        inerr[:] = outerr
