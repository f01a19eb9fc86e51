"""ConvolutionLayer: a 2-D convolution with its own filters and biases."""

import numpy as np

from brainkit.structure.modules.images import (Scratch, as_images, blocks, col2im, im2col,
                                               image_shape, output_sides, pair)
from brainkit.structure.modules.module import Module
from brainkit.structure.modules.neuronlayer import check_dim


class ConvolutionLayer(Module):
    """``filters`` filters of size ``kernel`` slid over zero-padded images of
    shape ``inshape = (C, H, W)`` with steps of ``stride``::

        y[n, f, p, q] = b[f] + sum_{c,i,j} w[f, c, i, j] * x[n, c, p*sh + i - ph, q*sw + j - pw]

    (x is 0 outside the image). Samples are flat rows, channel-major and
    row-major: ``indim = C*H*W``, ``outdim = filters*OH*OW`` with
    ``outshape = (filters, OH, OW)`` and OH = (H + 2 ph - kh) // sh + 1 (OW
    alike). ``kernel``, ``stride`` and ``padding`` are ints or (height, width)
    pairs. The parameters are the weights w (filters, C, kh, kw) then one bias
    per filter, drawn N(0, 1) like every PyBrain container's; a network built
    with ``init='he'`` or ``'glorot'`` (brainkit.tools.initialization) scales
    them to the fan-in instead, which ReLU networks need.

    Forward copies every window into the columns of a matrix (``im2col``,
    through a strided view) and makes one matrix product per sample, which
    writes the output in its channel-major layout; backward makes two more:
    the weight derivatives (added to ``derivs``) and the column errors, which
    ``col2im`` adds back onto the pixels (kh*kw vectorised adds). Batches go
    through in blocks of rows, so the scratch arrays stay a few MB.

    >>> conv = ConvolutionLayer((1, 3, 3), filters=2, kernel=2)
    >>> conv.outshape, conv.paramdim
    ((2, 2, 2), 10)
    >>> conv.weights[:] = 1.0; conv.bias[:] = [0.0, 10.0]
    >>> conv.activate(np.arange(9.0))
    array([ 8., 12., 20., 24., 18., 22., 30., 34.])
    """

    def __init__(self, inshape, filters, kernel, stride=1, padding=0, name=None):
        owner = f"{type(self).__name__} {name!r}"
        self.inshape = image_shape(inshape, owner)
        self.filters = check_dim(filters, owner, "filters", 1, meaning=None)
        self.kernel = pair(kernel, "kernel", owner)
        self.stride = pair(stride, "stride", owner)
        self.padding = pair(padding, "padding", owner, minimum=0)
        (C, H, W), (ph, pw) = self.inshape, self.padding
        self.padded = (H + 2 * ph, W + 2 * pw)
        self._inside = (slice(None), slice(None), slice(ph, ph + H), slice(pw, pw + W))
        self.outsides = output_sides(self.padded, self.kernel, self.stride, owner, "kernel",
                                     "make it smaller or pad the image")
        self.outshape = (self.filters, *self.outsides)
        self.fanin = C * self.kernel[0] * self.kernel[1]
        self._scratch = Scratch()
        Module.__init__(self, C * H * W, int(np.prod(self.outshape)), name=name,
                        paramdim=self.filters * (self.fanin + 1))

    def _constructor_args(self):
        return {"inshape": self.inshape, "filters": self.filters, "kernel": self.kernel,
                "stride": self.stride, "padding": self.padding, "name": self.name}

    def _bind(self, params, derivs):
        Module._bind(self, params, derivs)
        n = self.filters * self.fanin
        self.weights = params[:n].reshape(self.filters, self.inshape[0], *self.kernel)
        self.bias = params[n:]
        self.weight_derivs = derivs[:n].reshape(self.filters, self.fanin)
        self.bias_derivs = derivs[n:]

    def _columns(self, inbuf):
        """(n, fanin + 1, OH*OW): every window as a column, and a last row of
        ones (the biases' input, written once), for n samples."""
        n, K, dtype = inbuf.shape[0], self.fanin, inbuf.dtype
        cols = self._scratch.get("cols", (n, K + 1, self.outdim // self.filters), dtype, 1.0)
        im2col(self._padded(as_images(inbuf, self.inshape), "padded", True), self.kernel,
               self.stride, cols[:, :K])
        return cols

    def _padded(self, images, name, copy_in):
        """``images`` with the zero padding around them, in a scratch array
        (``images`` copied in if ``copy_in``); without padding, ``images``."""
        if self.padded == self.inshape[1:]:
            return images
        padded = self._scratch.get(name, images.shape[:2] + self.padded, images.dtype, 0.0)
        if copy_in:
            padded[self._inside] = images          # the borders stay 0
        return padded

    def _forward(self, inbuf, outbuf):
        F, K = self.filters, self.fanin
        wb = self._scratch.get("wb", (F, K + 1), inbuf.dtype)
        wb[:, :K] = self.weights.reshape(F, K)
        wb[:, K] = self.bias
        out = outbuf.reshape(outbuf.shape[0], F, -1)
        for start, stop in blocks(inbuf.shape[0], (K + 1) * out.shape[2]):
            np.matmul(wb, self._columns(inbuf[start:stop]), out=out[start:stop])

    skip_input_error = True     # inerr=None: nobody reads the input errors (first layer)

    def _backward(self, outerr, inerr, outbuf, inbuf):
        F, K = self.filters, self.fanin
        err = outerr.reshape(outerr.shape[0], F, -1)
        for start, stop in blocks(inbuf.shape[0], (K + 1) * err.shape[2]):
            e = err[start:stop]
            prods = self._scratch.get("prods", (stop - start, F, K + 1), inbuf.dtype)
            np.matmul(e, self._columns(inbuf[start:stop]).transpose(0, 2, 1), out=prods)
            total = np.add.reduce(prods, axis=0, out=self._scratch.get("total", (F, K + 1),
                                                                       inbuf.dtype))
            self.weight_derivs += total[:, :K]
            self.bias_derivs += total[:, K]
            if inerr is not None:
                self._input_errors(e, inerr[start:stop])

    def _input_errors(self, err, inerr):
        """inerr = the column errors W.T @ err, added back onto their pixels."""
        dcols = self._scratch.get("dcols", (err.shape[0], self.fanin, err.shape[2]), err.dtype)
        np.matmul(self.weights.reshape(self.filters, self.fanin).T, err, out=dcols)
        images = as_images(inerr, self.inshape)
        target = self._padded(images, "padded_errors", False)
        col2im(dcols, self.kernel, self.stride, target)
        if target is not images:
            images[...] = target[self._inside]
