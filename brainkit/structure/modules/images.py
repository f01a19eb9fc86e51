"""Image geometry shared by the convolution and pooling layers.

A sample of shape (channels, height, width) is one flat row of ``C*H*W``
numbers, channel-major and row-major (``x[c*H*W + h*W + w]``), so a buffer of
N rows is viewed as (N, C, H, W) without copying. Sizes of windows, strides
and paddings are pairs (height, width); an int n means (n, n).
"""

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from brainkit.structure.modules.neuronlayer import is_count

# rows of a (N, dim) buffer handled at once by a layer's scratch arrays: their
# memory stays bounded (a few MB) however large the batch
BLOCK_NUMBERS = 1 << 21


def pair(value, what, owner, minimum=1):
    """``value`` (an int or two ints) as a tuple (height, width) of ints >= minimum."""
    values = (value, value) if is_count(value, minimum) else value
    if not (isinstance(values, (tuple, list)) and len(values) == 2
            and all(is_count(v, minimum) for v in values)):
        raise ValueError(f"{owner}: {what} must be an integer >= {minimum} or a pair of "
                         f"them (height, width); got {value!r}")
    return tuple(int(v) for v in values)


def image_shape(inshape, owner):
    """``inshape`` checked as (channels, height, width), three positive ints."""
    if not (isinstance(inshape, (tuple, list)) and len(inshape) == 3
            and all(is_count(v, 1) for v in inshape)):
        raise ValueError(f"{owner}: inshape must be (channels, height, width), three "
                         f"positive integers, e.g. (1, 28, 28); got {inshape!r}")
    return tuple(int(v) for v in inshape)


def output_sides(sides, window, stride, owner, what, remedy="make it smaller"):
    """How many windows fit along each side: (side - window) // stride + 1."""
    if window[0] > sides[0] or window[1] > sides[1]:
        raise ValueError(f"{owner}: the {what} {window[0]}x{window[1]} does not fit in "
                         f"the {sides[0]}x{sides[1]} image; {remedy}")
    return tuple((s - k) // st + 1 for s, k, st in zip(sides, window, stride))


def as_images(buf, shape):
    """A (N, prod(shape)) buffer viewed as (N, *shape), so writes go into
    ``buf`` (setting the shape raises rather than copy)."""
    view = buf.view()
    view.shape = (buf.shape[0],) + tuple(shape)
    return view


def windows(images, window, stride):
    """The (N, C, kh, kw, OH, OW) view of every window of (N, C, H, W) images:
    ``[n, c, i, j, p, q] = images[n, c, p*sh + i, q*sw + j]``. No copy."""
    view = sliding_window_view(images, window, axis=(2, 3))[:, :, ::stride[0], ::stride[1]]
    return view.transpose(0, 1, 4, 5, 2, 3)


def at_offset(images, i, j, stride, sides):
    """The (N, C, OH, OW) view of the pixels at offset (i, j) of every window."""
    return images[:, :, i:i + stride[0] * (sides[0] - 1) + 1:stride[0],
                  j:j + stride[1] * (sides[1] - 1) + 1:stride[1]]


def im2col(images, kernel, stride, cols):
    """Copy every window of (N, C, H, W) images into ``cols`` (N, C*kh*kw,
    OH*OW), one column per window: ``cols[n, (c, i, j), (p, q)] = images[n, c,
    p*sh + i, q*sw + j]``. One strided copy, no loop."""
    view = windows(images, kernel, stride)
    np.copyto(cols.reshape(view.shape), view)


def col2im(cols, kernel, stride, images):
    """The adjoint of im2col: ``images`` (N, C, H, W) = the sum, over the
    windows each pixel is in, of its entries in ``cols``. One vectorised add
    per kernel offset (kh*kw of them), each over every sample and window."""
    N, C = images.shape[:2]
    sides = output_sides(images.shape[2:], kernel, stride, "col2im", "kernel")
    by_offset = cols.reshape(N, C, kernel[0] * kernel[1], *sides).transpose(2, 0, 1, 3, 4)
    scatter_add(by_offset, kernel, stride, images)


def scatter_add(parts, window, stride, images):
    """``images`` (N, C, H, W) = the sum, over the windows each pixel is in, of
    its part: ``parts`` gives one (N, C, OH, OW) array per offset (i, j)
    within the window, row-major, whose [p, q] entry belongs to pixel
    (p*sh + i, q*sw + j); pixels in no window get 0. One vectorised add per
    offset, each over every sample and window."""
    sides = output_sides(images.shape[2:], window, stride, "scatter_add", "window")
    images.fill(0.0)
    for k, part in enumerate(parts):
        pixels = at_offset(images, *divmod(k, window[1]), stride, sides)
        pixels += part


def blocks(rows, per_row):
    """(start, stop) row ranges of at most BLOCK_NUMBERS // per_row rows each."""
    size = max(1, BLOCK_NUMBERS // max(per_row, 1))
    return [(start, min(start + size, rows)) for start in range(0, rows, size)]


class Scratch:
    """Arrays a layer reuses between calls, one per (name, shape, dtype), so a
    pass allocates nothing once they exist; ``fill`` gives a new array its
    first contents (e.g. zero borders that are never written)."""

    def __init__(self):
        self.arrays = {}

    def get(self, name, shape, dtype, fill=None):
        key = (name, tuple(shape), np.dtype(dtype))
        array = self.arrays.get(key)
        if array is None:
            if len(self.arrays) >= 32:         # many batch sizes: start again
                self.arrays.clear()
            array = self.arrays[key] = np.empty(shape, dtype=dtype)
            if fill is not None:
                array.fill(fill)
        return array
