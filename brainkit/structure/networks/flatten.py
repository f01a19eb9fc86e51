"""A network with nested networks, seen as one graph of leaf modules.

A network used as a module of another is not run as a unit: its modules join
the outer network's plan. Where it meets the outer graph it has two *ports*:
its entry, whose buffers are the nested network's input buffers (connections
into the nested network write there, and its input modules' inputs are
slices of them), and its exit, whose buffers are its output buffers (slices
of which are its output modules' outputs, read by connections out of it).
Ports make no calls; the shared buffers carry the values across. *Alias
edges* (entry -> each input module, each output module -> exit) order the
graph and carry the need for errors, but run nothing.
"""


class Port:
    """The entry or exit of a nested network (see the module doc)."""

    sequential = False
    paramdim = 0

    def __init__(self, net, side):
        self.net, self.side = net, side
        self.name = f"{net.name}:{side}"
        self.indim = self.outdim = net.indim if side == "entry" else net.outdim

    def _buffer(self, kind):
        return getattr(self.net, ("input" if self.side == "entry" else "output") + kind)

    # one buffer each way: like a buffer-sharing identity, a port makes no call
    inputbuffer = outputbuffer = property(lambda self: self._buffer("buffer"))
    inputerror = outputerror = property(lambda self: self._buffer("error"))

    def _prepare_backward(self, start, stop):
        """Nothing to prepare: a port makes no call."""

    def __repr__(self):
        return f"<{self.side} of {self.net!r}>"


class Flat:
    """The leaf modules, ports and connections of a sorted network and of
    every network nested in it.

    * ``nodes``: leaf modules and ports in an order that respects every
      connection (each nested network's part where the network sorts);
    * ``conns``: every real connection as (connection, shift), shift 1 for a
      recurrent one; ``source[id(c)]``/``target[id(c)]`` its nodes;
    * ``aliases``: the alias edges as (source node, target node);
    * ``inputs``: nodes whose input buffer is filled from outside (input
      modules, of the network or of a nested one): never zeroed or written;
      ``top_inputs`` and ``top_outputs``: the network's own input and output
      modules' nodes;
    * ``containers``: every parameter block, nested networks opened up.
    """

    def __init__(self, net):
        self.nodes, self.conns, self.aliases, self.inputs = [], [], [], set()
        self.source, self.target = {}, {}
        self.containers = leaf_containers(net)
        self._ports = {}
        self.top_inputs = [self.node_in(m) for m in net.inmodules]
        self.top_outputs = [self.node_out(m) for m in net.outmodules]
        self.inputs.update(id(m) for m in self.top_inputs)
        self._add(net)

    def node_in(self, m):
        """The node a connection into ``m`` feeds."""
        return self._port(m, "entry") if is_network(m) else m

    def node_out(self, m):
        """The node a connection out of ``m`` reads."""
        return self._port(m, "exit") if is_network(m) else m

    def _port(self, net, side):
        key = (id(net), side)
        if key not in self._ports:
            self._ports[key] = Port(net, side)
        return self._ports[key]

    def _add(self, net):
        for m in net.modulesSorted:
            if is_network(m):
                self.nodes.append(self.node_in(m))
                self.inputs.update(id(self.node_in(x)) for x in m.inmodules)
                self.aliases += [(self.node_in(m), self.node_in(x)) for x in m.inmodules]
                self._add(m)
                self.aliases += [(self.node_out(x), self.node_out(m)) for x in m.outmodules]
                self.nodes.append(self.node_out(m))
            else:
                self.nodes.append(m)
        conns = [(c, 0) for m in net.modulesSorted for c in net.connections[m]]
        for c, s in conns + [(c, 1) for c in net.recurrentConns]:
            self.conns.append((c, s))
            self.source[id(c)], self.target[id(c)] = self.node_out(c.inmod), self.node_in(c.outmod)


def leaf_containers(net):
    """Every parameter block of ``net``, in its flat vector's order, with
    each nested network's blocks in place of the network."""
    return [leaf for c in net._containers
            for leaf in (leaf_containers(c) if is_network(c) else [c])]


def is_network(m):
    from brainkit.structure.networks.network import Network    # (network imports this file)
    return isinstance(m, Network)
