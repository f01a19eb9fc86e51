"""The text of ``net.summary()``: modules, connections and parameter counts."""

from brainkit.structure.connections.connection import Connection


def _table(header, rows, right=()):
    """Numbers, and the cells of the columns ``right``, right-aligned; other
    text (and the header) left-aligned."""
    cols = list(zip(header, *rows))
    widths = [max(len(str(v)) for v in col) for col in cols]

    def line(row, right):
        return "  " + "  ".join(str(v).ljust(w) if isinstance(v, str) and j not in right
                                else str(v).rjust(w)
                                for j, (v, w) in enumerate(zip(row, widths))).rstrip()
    return "\n".join([line(header, ()), *(line(row, right) for row in rows)])


def _size(m, dim, shape):
    """A module's width, with its image shape (C x H x W) if it has one."""
    shape = getattr(m, shape, None)
    return dim if shape is None else f"{dim} ({'x'.join(str(s) for s in shape)})"


def summary_table(net):
    """A table of the modules (in sorted order; image layers with their
    shapes), the connections with their weight shapes, and the parameter
    count, as text."""
    mods = [[m.name, type(m).__name__, _size(m, m.indim, "inshape"),
             _size(m, m.outdim, "outshape"), m.paramdim,
             ", ".join(r for r, ms in (("input", net.inmodules), ("output", net.outmodules))
                       if any(m is x for x in ms))]
            for m in net.modulesSorted]
    conns = [[c.name, type(c).__name__,
              f"{c.inmod.name} -> {c.outmod.name}"
              + (" (t-1)" if any(c is r for r in net.recurrentConns) else ""),
              f"{c.outdim}x{c.indim}" if c.paramdim else "-", c.paramdim]
             for c in net._containers if isinstance(c, Connection)]
    conns += [[c.name, type(c).__name__, f"{c.inmod.name} -> {c.outmod.name}", "-", 0]
              for c in net._all_connections() if not c.paramdim]
    head = (f"{type(net).__name__} {net.name!r}: {net.indim} inputs, "
            f"{net.outdim} outputs, {net.paramdim} parameters")
    return "\n".join([head, "", _table(["module", "class", "in", "out", "params", "role"],
                                       mods, right=(2, 3)),
                      "", _table(["connection", "class", "from -> to", "weights", "params"],
                                 conns)])
