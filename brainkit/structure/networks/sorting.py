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


def check_structure(net, graph):
    """Refuse a network without input or output modules, a cycle of forward
    connections, or a module that nothing feeds."""
    for label, mods, how in (("input", net.inmodules, "addInputModule"),
                             ("output", net.outmodules, "addOutputModule")):
        if not mods:
            raise NetworkConstructionException(
                f"network {net.name!r} has no {label} module; mark one with {how}")
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
    for m in net.modules:
        fed = graph.in_degree(m.name) > 0 or any(m is x for x in net.inmodules)
        if m.indim > 0 and not fed:
            raise NetworkConstructionException(
                f"module {m.name!r} is neither an input module nor fed by any "
                "connection; connect it or leave it out")
