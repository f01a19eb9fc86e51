"""sortModules: PyBrain's module order (API.md §4.2) and parameter block order
(§4.3), whatever order modules and connections were added in."""

from collections import deque

import numpy as np
import pytest

from brainkit import (BiasUnit, FeedForwardNetwork, FullConnection, IdentityConnection,
                      LinearLayer, RecurrentNetwork, SigmoidLayer, TanhLayer)
from brainkit.structure.modules import GaussianLayer

# module name -> (class, dim); 'c' has no input, 'y' and 'z' are the inputs
MODULES = {"z": (LinearLayer, 2), "y": (LinearLayer, 1), "c": (BiasUnit, None),
           "k": (SigmoidLayer, 2), "b": (TanhLayer, 3), "m": (SigmoidLayer, 2),
           "a": (LinearLayer, 1)}
EDGES = [("z", "k"), ("z", "b"), ("y", "b"), ("c", "k"), ("c", "m"), ("k", "m"),
         ("b", "a"), ("m", "a"), ("k", "a")]


def pybrain_order(names, targets):
    """PyBrain's rule, written out: Kahn's algorithm with the starting modules
    sorted by name and a FIFO queue; each module's targets are visited in the
    order of its connection list (``targets[name]``)."""
    indegree = {n: 0 for n in names}
    for n in names:
        for t in targets[n]:
            indegree[t] += 1
    queue = deque(sorted(n for n in names if indegree[n] == 0))
    order = []
    while queue:
        n = queue.popleft()
        order.append(n)
        for t in targets[n]:
            indegree[t] -= 1
            if indegree[t] == 0:
                queue.append(t)
    return order


def build(module_order, edge_order):
    net = FeedForwardNetwork(name="dag")
    mods = {}
    for name in module_order:
        cls, dim = MODULES[name]
        mods[name] = cls(name=name) if dim is None else cls(dim, name=name)
        add = net.addInputModule if name in "yz" else \
            net.addOutputModule if name == "a" else net.addModule
        add(mods[name])
    for src, dst in edge_order:
        net.addConnection(FullConnection(mods[src], mods[dst], name=f"{src}{dst}"))
    return net


def test_a_worked_example():
    # the roots c, y, z by name; z frees k, then b (its connections' order);
    # k frees m; a waits for b, m and k
    net = build("zyckbma", EDGES)
    net.sortModules()
    assert [m.name for m in net.modulesSorted] == ["c", "y", "z", "k", "b", "m", "a"]


def test_connection_order_decides_among_ready_targets():
    edges = [("z", "b"), ("z", "k")] + [e for e in EDGES if e not in (("z", "k"), ("z", "b"))]
    net = build("zyckbma", edges)
    net.sortModules()
    # y frees nothing (b still waits for z); z frees b before k now
    assert [m.name for m in net.modulesSorted] == ["c", "y", "z", "b", "k", "m", "a"]


@pytest.mark.parametrize("seed", range(12))
def test_any_insertion_order_gives_pybrains_order(seed):
    rng = np.random.default_rng(seed)
    module_order = [list(MODULES)[i] for i in rng.permutation(len(MODULES))]
    edge_order = [EDGES[i] for i in rng.permutation(len(EDGES))]
    net = build(module_order, edge_order)
    targets = {n: [d for s, d in edge_order if s == n] for n in MODULES}
    net.sortModules()
    assert [m.name for m in net.modulesSorted] == pybrain_order(list(MODULES), targets)
    # sorting again (connection lists now in name order) follows the same rule
    targets = {n: sorted(targets[n], key=lambda d: n + d) for n in MODULES}
    net.sortModules()
    assert [m.name for m in net.modulesSorted] == pybrain_order(list(MODULES), targets)


def test_connection_lists_are_sorted_by_name_after_sorting():
    net = build("zyckbma", EDGES[::-1])
    net.sortModules()
    for m in net.modules:
        names = [c.name for c in net.connections[m]]
        assert names == sorted(names)


def test_recurrent_connections_do_not_count_for_the_order():
    net = RecurrentNetwork(name="r")
    a, b, c = LinearLayer(1, name="a"), SigmoidLayer(1, name="b"), LinearLayer(1, name="c")
    net.addInputModule(a)
    net.addModule(b)
    net.addOutputModule(c)
    net.addConnection(FullConnection(a, b, name="ab"))
    net.addConnection(FullConnection(b, c, name="bc"))
    net.addRecurrentConnection(FullConnection(c, a, name="ca"))
    net.sortModules()
    assert [m.name for m in net.modulesSorted] == ["a", "b", "c"]


# parameter blocks ------------------------------------------------------------------

def block_network():
    net = RecurrentNetwork(name="blocks")
    inp, g, h = LinearLayer(2, name="in"), GaussianLayer(2, name="g"), TanhLayer(3, name="h")
    out, bias = LinearLayer(1, name="out"), BiasUnit(name="bias")
    net.addOutputModule(out)
    net.addModule(h)
    net.addModule(g)
    net.addInputModule(inp)
    net.addModule(bias)
    for name, a, b in (("z_in_g", inp, g), ("a_in_h", inp, h), ("m_g_h", g, h),
                       ("b_h_out", h, out), ("y_bias_h", bias, h), ("c_bias_out", bias, out)):
        net.addConnection(FullConnection(a, b, name=name))
    net.addConnection(IdentityConnection(inp, out, name="d_skip", inSliceTo=1))
    net.addRecurrentConnection(FullConnection(h, h, name="r2"))
    net.addRecurrentConnection(FullConnection(out, h, name="r1"))
    net.sortModules()
    return net


def test_parameter_blocks_follow_pybrains_rule():
    """Modules in sorted order, each with its own parameters first and then its
    outgoing connections by name; the recurrent connections last, by name."""
    net = block_network()
    assert [m.name for m in net.modulesSorted] == ["bias", "in", "g", "h", "out"]
    blocks = [c.name for c in net._containers if c.paramdim]
    assert blocks == ["c_bias_out", "y_bias_h", "a_in_h", "z_in_g", "g", "m_g_h", "b_h_out",
                      "r1", "r2"]
    net.params[:] = np.arange(net.paramdim)
    pos = 0
    for c in net._containers:
        np.testing.assert_array_equal(c.params, np.arange(pos, pos + c.paramdim))
        if c.paramdim:
            assert np.shares_memory(c.params, net.params)
            assert np.shares_memory(c.derivs, net.derivs)
        pos += c.paramdim
    assert pos == net.paramdim == 1 + 3 + 6 + 4 + 2 + 6 + 3 + 3 + 9


def test_numbered_names_sort_naturally():
    # PyBrain's string sort put 'c-10' before 'c-9' [BUG]; brainkit sorts naturally
    net = FeedForwardNetwork(name="n")
    a, b = LinearLayer(1, name="a"), LinearLayer(1, name="b")
    net.addInputModule(a)
    net.addOutputModule(b)
    for k in (10, 9, 11):
        net.addConnection(FullConnection(a, b, name=f"c-{k}"))
    net.sortModules()
    assert [c.name for c in net._containers] == ["c-9", "c-10", "c-11"]
