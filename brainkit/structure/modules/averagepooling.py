"""AveragePoolingLayer: the mean of each window."""

import numpy as np

from brainkit.structure.modules.images import as_images
from brainkit.structure.modules.pooling import PoolingLayer


class AveragePoolingLayer(PoolingLayer):
    """y[n, c, p, q] = mean over i < ph, j < pw of x[n, c, p*sh + i, q*sw + j]
    (see PoolingLayer for the shapes; ``stride`` defaults to ``pool``).

    Backward gives every pixel of a window the window's error divided by
    ph*pw (summed over the windows a pixel is in).

    >>> AveragePoolingLayer((1, 2, 4), pool=2).activate([1.0, 5.0, 2.0, 0.0,
    ...                                                  3.0, 4.0, 7.0, 6.0])
    array([3.25, 3.75])
    """

    def _forward(self, inbuf, outbuf):
        out = self._fold(inbuf, outbuf, np.add)
        out *= 1.0 / (self.pool[0] * self.pool[1])

    def _backward(self, outerr, inerr, outbuf, inbuf):
        err = as_images(outerr, self.outshape)
        scale = 1.0 / (self.pool[0] * self.pool[1])
        self._spread(inerr, lambda k, part: np.multiply(err, scale, out=part))
