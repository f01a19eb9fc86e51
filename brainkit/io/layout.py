"""The order in which both file formats list a network's modules and connections."""


def is_in(m, mods):
    """Whether this very object is in ``mods`` (modules compare by identity)."""
    return any(m is x for x in mods)


def module_order(net):
    """PyBrain's order of ``<Modules>``: input modules, output modules that
    are not inputs, then the others in sorted order."""
    order = list(net.inmodules)
    order += [m for m in net.outmodules if not is_in(m, order)]
    return order + [m for m in net.modulesSorted if not is_in(m, order)]


def connection_order(net):
    """(connection, recurrent) pairs: each module's connections in sorted
    order (the order of the flat parameters), then the recurrent ones."""
    forward = [(c, False) for m in net.modulesSorted for c in net.connections[m]]
    return forward + [(c, True) for c in net.recurrentConns]
