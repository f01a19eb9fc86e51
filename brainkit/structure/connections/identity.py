"""IdentityConnection: copies a slice through, unit for unit."""

from brainkit.structure.connections.connection import Connection


def require_equal_widths(conn):
    """Refuse a connection whose two slices differ in width."""
    if conn.indim != conn.outdim:
        raise ValueError(
            f"{type(conn).__name__} {conn.inmod.name!r}->{conn.outmod.name!r} joins "
            f"{conn.indim} outputs to {conn.outdim} inputs; the widths must match")


class IdentityConnection(Connection):
    """out += in, no parameters; both slices must have the same width.

    >>> from brainkit import LinearLayer
    >>> IdentityConnection(LinearLayer(2, name='a'), LinearLayer(2, name='b')).paramdim
    0
    """

    skip_input_error = True

    def _check_dims(self):
        require_equal_widths(self)

    def _forward(self, inbuf, outbuf):
        outbuf += inbuf

    def _forward_assign(self, inbuf, outbuf):
        """``_forward`` for the first connection into outbuf: write, not add."""
        outbuf[:] = inbuf

    def _backward(self, outerr, inerr, inbuf):
        if inerr is not None:
            inerr += outerr
