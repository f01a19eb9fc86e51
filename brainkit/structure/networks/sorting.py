"""Checking a network's graph and ordering its modules the way PyBrain does."""

import re
from collections import deque

import networkx as nx


class NetworkConstructionException(ValueError):
    """The structure of a network is invalid (PyBrain's name)."""


def natural_key(name):
    """Sort key that orders 'FullConnection-9' before 'FullConnection-10'."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name)]


def topological_order(net):
    """PyBrain's order: Kahn's algorithm over the forward connections, the
    starting modules sorted by name, a first-in-first-out queue, targets
    visited in the connection lists' current order."""
    indegree = {id(m): 0 for m in net.modules}
    for m in net.modules:
        for c in net.connections[m]:
            indegree[id(c.outmod)] += 1
    queue = deque(sorted((m for m in net.modules if indegree[id(m)] == 0),
                         key=lambda m: natural_key(m.name)))
    order = []
    while queue:
        m = queue.popleft()
        order.append(m)
        for c in net.connections[m]:
            indegree[id(c.outmod)] -= 1
            if indegree[id(c.outmod)] == 0:
                queue.append(c.outmod)
    return order


def build_graph(net):
    """The modules and all connections as a networkx.MultiDiGraph of module
    names; each edge carries its connection and a ``recurrent`` flag."""
    graph = nx.MultiDiGraph()
    for m in net.modules:
        graph.add_node(m.name, module=m)
    for c in net._all_connections():
        graph.add_edge(c.inmod.name, c.outmod.name, connection=c,
                       recurrent=c in net.recurrentConns)
    return graph


def check_members(net):
    """Refuse a connection whose modules are not in the network (connections
    may be added before their modules, as in PyBrain, but not left without)."""
    members = {id(m) for m in net.modules}
    for c in net._all_connections():
        for mod in (c.inmod, c.outmod):
            if id(mod) not in members:
                raise NetworkConstructionException(
                    f"{type(c).__name__} {c.inmod.name!r}->{c.outmod.name!r}: module "
                    f"{mod.name!r} is not in network {net.name!r}; add it with addModule "
                    "before sortModules")


def check_structure(net, graph):
    """Refuse a cycle of forward connections. (A network without input or
    output modules sorts, as in PyBrain; a module nothing feeds computes on
    zeros.)"""
    forward = nx.DiGraph([(u, v) for u, v, rec in graph.edges(data="recurrent")
                          if not rec])
    try:
        cycle = nx.find_cycle(forward)
    except nx.NetworkXNoCycle:
        cycle = None
    if cycle:
        names = " -> ".join(repr(u) for u, _ in cycle) + f" -> {cycle[0][0]!r}"
        raise NetworkConstructionException(
            f"modules {names} form a cycle; mark one edge with addRecurrentConnection")
