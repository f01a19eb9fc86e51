"""IdentityConnection: copies a slice through, unit for unit."""

from brainkit.structure.connections.connection import Connection


class IdentityConnection(Connection):
    """out += in, no parameters; both slices must have the same width.

    >>> from brainkit import LinearLayer
    >>> IdentityConnection(LinearLayer(2, name='a'), LinearLayer(2, name='b')).paramdim
    0
    """

    skip_input_error = True

    def _check_dims(self):
        if self.indim != self.outdim:
            raise ValueError(
                f"IdentityConnection {self.inmod.name!r}->{self.outmod.name!r} joins "
                f"{self.indim} outputs to {self.outdim} inputs; the widths must match")

    def _forward(self, inbuf, outbuf):
        outbuf += inbuf

    def _forward_assign(self, inbuf, outbuf):
        """``_forward`` for the first connection into outbuf: write, not add."""
        outbuf[:] = inbuf

    def _backward(self, outerr, inerr, inbuf):
        if inerr is not None:
            inerr += outerr
