"""PoolingLayer: the shape and windows shared by the max and average pooling layers."""

import numpy as np

from brainkit.structure.modules.images import (Scratch, as_images, at_offset, image_shape,
                                               output_sides, pair, scatter_add)
from brainkit.structure.modules.module import Module


class PoolingLayer(Module):
    """Windows of ``pool`` pixels, ``stride`` apart (default: ``pool``, windows
    side by side), over each channel of images of shape ``inshape = (C, H,
    W)``; no parameters. ``outshape = (C, OH, OW)`` with OH = (H - ph) // sh + 1
    (OW alike): windows that would cross the border are left out. Subclasses
    reduce each window; they work on one view per offset within the window
    (ph*pw vectorised operations over every window of the batch).
    """

    def __init__(self, inshape, pool, stride=None, name=None):
        owner = f"{type(self).__name__} {name!r}"
        self.inshape = image_shape(inshape, owner)
        self.pool = pair(pool, "pool", owner)
        self.stride = self.pool if stride is None else pair(stride, "stride", owner)
        self.outsides = output_sides(self.inshape[1:], self.pool, self.stride, owner, "pool")
        self.outshape = (self.inshape[0], *self.outsides)
        # windows side by side over the whole image: every pixel is in exactly
        # one, so backward writes the input errors without zeroing them first
        self._tiles = self.stride == self.pool and all(
            side == p * n for side, p, n in zip(self.inshape[1:], self.pool, self.outsides))
        self._scratch = Scratch()
        Module.__init__(self, int(np.prod(self.inshape)), int(np.prod(self.outshape)),
                        name=name)

    def _constructor_args(self):
        return {"inshape": self.inshape, "pool": self.pool, "stride": self.stride,
                "name": self.name}

    def _images(self, inbuf, outbuf):
        return as_images(inbuf, self.inshape), as_images(outbuf, self.outshape)

    def _fold(self, inbuf, outbuf, ufunc):
        """Reduce each window with a binary ``ufunc`` (np.maximum, np.add):
        the pixels at the first offset, then the others folded in one offset
        at a time. Returns the (N, C, OH, OW) view of ``outbuf``."""
        images, out = self._images(inbuf, outbuf)
        first, *others = self._offsets(images)
        np.copyto(out, first)
        for pixels in others:
            ufunc(out, pixels, out=out)
        return out

    def _offsets(self, images):
        """One (N, C, OH, OW) view per offset (i, j) within the window."""
        return [at_offset(images, i, j, self.stride, self.outsides)
                for i in range(self.pool[0]) for j in range(self.pool[1])]

    def _spread(self, inerr, share):
        """Hand each window's error to its pixels: ``share(k, out)`` writes the
        part of pixel k of every window into ``out``; pixels in several windows
        sum their parts, pixels in none get 0."""
        images = as_images(inerr, self.inshape)
        if self._tiles:
            for k, pixels in enumerate(self._offsets(images)):
                share(k, pixels)
            return
        part = self._scratch.get("part", (inerr.shape[0], *self.outshape), inerr.dtype)

        def parts():
            for k in range(self.pool[0] * self.pool[1]):
                share(k, part)
                yield part

        scatter_add(parts(), self.pool, self.stride, images)
