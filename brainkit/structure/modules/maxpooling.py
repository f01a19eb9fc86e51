"""MaxPoolingLayer: the largest value of each window."""

import numpy as np

from brainkit.structure.modules.images import as_images
from brainkit.structure.modules.pooling import PoolingLayer


class MaxPoolingLayer(PoolingLayer):
    """y[n, c, p, q] = max over i < ph, j < pw of x[n, c, p*sh + i, q*sw + j]
    (see PoolingLayer for the shapes; ``stride`` defaults to ``pool``).

    Backward hands each window's error to its maximum, one winner per window:
    the first maximal pixel in row-major order within the window if several
    are equal. Pixels in several windows (stride < pool) sum what they win.

    >>> pool = MaxPoolingLayer((1, 2, 4), pool=2)
    >>> pool.outshape
    (1, 1, 2)
    >>> pool.activate([1.0, 5.0, 2.0, 0.0,
    ...                3.0, 4.0, 7.0, 6.0])
    array([5., 7.])
    """

    def _forward(self, inbuf, outbuf):
        self._fold(inbuf, outbuf, np.maximum)

    def _backward(self, outerr, inerr, outbuf, inbuf):
        images, out = self._images(inbuf, outbuf)
        err, shape = as_images(outerr, self.outshape), (outerr.shape[0], *self.outshape)
        taken, won, first = (self._scratch.get(name, shape, bool)
                             for name in ("taken", "won", "first"))
        offsets = self._offsets(images)

        def share(k, part):
            if k == 0:
                np.equal(offsets[0], out, out=taken)
                np.multiply(err, taken, out=part)
                return
            np.equal(offsets[k], out, out=won)
            np.greater(won, taken, out=first)       # a maximum, and none earlier: it wins
            if k + 1 < len(offsets):
                np.logical_or(taken, first, out=taken)
            np.multiply(err, first, out=part)

        self._spread(inerr, share)
