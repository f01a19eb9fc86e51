"""PermutationConnection: blocks of units, reordered."""

import numpy as np

from brainkit.structure.connections.connection import Connection
from brainkit.structure.connections.identity import require_equal_widths
from brainkit.structure.modules.neuronlayer import check_dim


class PermutationConnection(Connection):
    """The input slice cut into blocks of ``blocksize`` units; output block k
    gets input block ``permutation[k]`` (added). No parameters; both slices
    have the same width, ``len(permutation) * blocksize``.

    Backward sends each output block's error back to the block it came from,
    through the inverse permutation. (PyBrain used the permutation itself,
    which is right only for a permutation that is its own inverse [BUG,
    fixed].)

    >>> from brainkit import LinearLayer
    >>> c = PermutationConnection(LinearLayer(4, name='a'), LinearLayer(4, name='b'),
    ...                           [1, 0], 2)
    >>> out = np.zeros((1, 4)); c._forward(np.array([[1.0, 2.0, 3.0, 4.0]]), out); out
    array([[3., 4., 1., 2.]])
    """

    skip_input_error = True

    def __init__(self, inmod, outmod, permutation, blocksize, *args, **kwargs):
        self.permutation = np.array(permutation).ravel()
        self.blocksize = blocksize
        Connection.__init__(self, inmod, outmod, *args, **kwargs)

    def _check_dims(self):
        require_equal_widths(self)
        where = f"PermutationConnection {self.inmod.name!r}->{self.outmod.name!r}"
        p = self.permutation
        size = self.blocksize = check_dim(self.blocksize, where, "blocksize", 1, meaning=None)
        n = len(p)
        if n * size != self.indim:
            raise ValueError(f"{where}: the permutation has {n} blocks of {size}, which "
                             f"cover {n * size} units; the slices have {self.indim}")
        if p.dtype.kind not in "iu" or not np.array_equal(np.sort(p), np.arange(n)):
            raise ValueError(f"{where}: permutation must hold each of 0..{n - 1} once; "
                             f"got {p.tolist()}")
        self.blocksize = int(size)
        self.invpermutation = np.argsort(p)
        units = np.arange(size)
        self._gather = (p[:, None] * size + units).ravel()
        self._scatter = (self.invpermutation[:, None] * size + units).ravel()

    def _constructor_args(self):
        return {**Connection._constructor_args(self),
                "permutation": tuple(int(k) for k in self.permutation),
                "blocksize": self.blocksize}

    def _forward(self, inbuf, outbuf):
        outbuf += inbuf[:, self._gather]

    def _forward_assign(self, inbuf, outbuf):
        """``_forward`` for the first connection into outbuf: write, not add."""
        np.take(inbuf, self._gather, axis=1, out=outbuf)

    def _backward(self, outerr, inerr, inbuf):
        if inerr is not None:
            inerr += outerr[:, self._scatter]
