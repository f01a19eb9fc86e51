"""ConvolutionLayer: a 2-D convolution with its own filters and biases."""

import numbers

import numpy as np

from brainkit.structure.modules.images import (Scratch, as_images, at_offset, blocks,
                                               image_shape, output_sides, pair, windows)
from brainkit.structure.modules.module import Module


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

    Forward copies every window into the columns of a matrix (im2col, through
    a strided view) and makes one matrix product per sample, which writes the
    output in its channel-major layout; backward makes two more: the weight
    derivatives (added to ``derivs``) and the column errors, which are added
    back onto the pixels once per kernel offset (kh*kw vectorised adds).

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
        if not isinstance(filters, numbers.Integral) or isinstance(filters, bool) or filters < 1:
            raise ValueError(f"{owner}: filters must be a positive integer; got {filters!r}")
        self.filters = int(filters)
        self.kernel = pair(kernel, "kernel", owner)
        self.stride = pair(stride, "stride", owner)
        self.padding = pair(padding, "padding", owner, minimum=0)
        C, H, W = self.inshape
        self.padded = (H + 2 * self.padding[0], W + 2 * self.padding[1])
        self.outsides = output_sides(self.padded, self.kernel, self.stride, owner, "kernel")
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
        images = as_images(inbuf, self.inshape)
        if self.padded != self.inshape[1:]:
            (ph, pw), (H, W) = self.padding, self.inshape[1:]
            padded = self._scratch.get("padded", (n, self.inshape[0], *self.padded), dtype, 0.0)
            padded[:, :, ph:ph + H, pw:pw + W] = images        # the borders stay 0
            images = padded
        np.copyto(cols[:, :K].reshape(n, self.inshape[0], *self.kernel, *self.outsides),
                  windows(images, self.kernel, self.stride))
        return cols

    def _forward(self, inbuf, outbuf):
        F, K = self.filters, self.fanin
        wb = self._scratch.get("wb", (F, K + 1), inbuf.dtype)
        wb[:, :K] = self.weights.reshape(F, K)
        wb[:, K] = self.bias
        out = outbuf.reshape(outbuf.shape[0], F, -1)
        for start, stop in blocks(inbuf.shape[0], (K + 1) * out.shape[2]):
            np.matmul(wb, self._columns(inbuf[start:stop]), out=out[start:stop])

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
            self._input_errors(e, inerr[start:stop])

    def _input_errors(self, err, inerr):
        """inerr = the column errors W.T @ err, added back onto their pixels."""
        n, C, (H, W), (ph, pw) = err.shape[0], self.inshape[0], self.inshape[1:], self.padding
        dcols = self._scratch.get("dcols", (n, self.fanin, err.shape[2]), err.dtype)
        np.matmul(self.weights.reshape(self.filters, self.fanin).T, err, out=dcols)
        dcols = dcols.reshape(n, C, *self.kernel, *self.outsides)
        images = as_images(inerr, self.inshape)
        if self.padded != (H, W):
            target = self._scratch.get("padded_errors", (n, C, *self.padded), err.dtype)
        else:
            target = images
        target.fill(0.0)
        for i in range(self.kernel[0]):          # kh*kw offsets, each over every pixel
            for j in range(self.kernel[1]):
                pixels = at_offset(target, i, j, self.stride, self.outsides)
                pixels += dcols[:, :, i, j]
        if target is not images:
            images[...] = target[:, :, ph:ph + H, pw:pw + W]
