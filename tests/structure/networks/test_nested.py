"""Networks as modules of networks: PyBrain's nested structures, batched, in
the outer plan, with the inner parameters one block of the outer vector."""

import numpy as np
import pytest

from brainkit import (FeedForwardNetwork, FullConnection, LinearLayer, RecurrentNetwork,
                      SigmoidLayer, TanhLayer, buildNetwork)
from brainkit.structure.networks.explain import explain_plan
from tests.structure.harness import check_gradients


def _nested(outer):
    """a -> b -> inner (buildNetwork(2, 3, 1)) in ``outer``, unsorted."""
    a, b = LinearLayer(1, name="a"), LinearLayer(2, name="b")
    inner = buildNetwork(2, 3, 1)
    inner.name = "inner"
    outer.addInputModule(a)
    outer.addModule(inner)
    outer.addOutputModule(b)
    outer.addConnection(FullConnection(a, b, name="ab"))
    outer.addConnection(FullConnection(b, inner, name="binner"))
    return outer


def pybrain_nested():
    """PyBrain's own nested test network: a -> b -> inner, inner a dead end."""
    outer = _nested(FeedForwardNetwork("outer"))
    outer.sortModules()
    return outer


def mixed_nested():
    """PyBrain's mixed test: the FFN inside a RecurrentNetwork, recurrent on itself."""
    outer = _nested(RecurrentNetwork("outer"))
    inner = outer["inner"]
    outer.addRecurrentConnection(FullConnection(inner, inner, name="rec"))
    outer.sortModules()
    return outer


def test_the_inner_network_is_one_block_of_the_outer_vector():
    outer = pybrain_nested()
    inner = outer["inner"]
    assert [m.name for m in outer.modulesSorted] == ["a", "b", "inner"]
    # PyBrain's order: each module's own block, then its outgoing connections
    assert [c.name for c in outer._containers] == ["ab", "binner", "inner"]
    start = 2 + 4                      # ab is 2 x 1, binner 2 x 2
    assert np.shares_memory(inner.params, outer.params)
    np.testing.assert_array_equal(outer.params[start:start + inner.paramdim], inner.params)
    inner.params[:] = 0.5
    assert np.all(outer.params[start:] == 0.5)
    assert outer.paramdim == 2 + 4 + 13


def test_the_outer_plan_sees_each_parameter_block_once():
    from brainkit.structure.networks.flatten import Flat
    outer = two_level(True)
    blocks = Flat(outer).containers
    assert len({id(c) for c in blocks}) == len(blocks)
    assert sum(c.paramdim for c in blocks) == outer.paramdim


def test_nested_gradients_are_exact(rng):
    check_gradients(pybrain_nested(), rng.standard_normal((1, 4, 1)), rng)


def test_a_nested_network_runs_inside_the_outer_plan():
    text = explain_plan(pybrain_nested(), T=1)
    assert "FullConnection 'hidden0'->'out' writes the inputs of 'out'" in text
    assert "SigmoidLayer 'hidden0' computes its outputs" in text
    assert "steps forward" not in text        # no per-module loop, no call into 'inner'


def test_the_mixed_network_keeps_pybrains_offsets_and_buffers():
    outer = mixed_nested()
    inner = outer["inner"]
    assert len(inner.outputbuffer) == 1
    o1 = outer.activate([1])
    outer.activate([2])
    o3 = outer.activate([3])
    assert not (o1 == o3).any()
    assert outer.offset == 3 and inner.offset == 3
    assert len(inner.outputbuffer) == 4
    outer.reset()
    assert outer.offset == 0 and inner.offset == 0
    assert not inner.outputbuffer.any()


def test_mixed_nested_gradients_through_time(rng):
    outer = mixed_nested()
    outer.params[:] *= 0.5
    check_gradients(outer, rng.standard_normal((6, 3, 1)), rng)


def two_level(nested):
    """in -> [inner RNN: x -> h (tanh, recurrent h->h) -> y] -> out, with a
    recurrent connection out -> inner; or the same modules in one network.
    The parameters are set by connection name, so both compute the same."""
    inp, out = LinearLayer(2, name="in"), SigmoidLayer(2, name="out")
    x, h, y = LinearLayer(3, name="x"), TanhLayer(4, name="h"), LinearLayer(2, name="y")
    outer = RecurrentNetwork("outer")
    outer.addInputModule(inp)
    outer.addOutputModule(out)
    inside = [FullConnection(x, h, name="xh"), FullConnection(h, y, name="hy")]
    if nested:
        inner = RecurrentNetwork("inner")
        inner.addInputModule(x)
        inner.addModule(h)
        inner.addOutputModule(y)
        for c in inside:
            inner.addConnection(c)
        inner.addRecurrentConnection(FullConnection(h, h, name="hh"))
        outer.addModule(inner)
        first, last = inner, inner
    else:
        for m in (x, h, y):
            outer.addModule(m)
        for c in inside:
            outer.addConnection(c)
        outer.addRecurrentConnection(FullConnection(h, h, name="hh"))
        first, last = x, y
    outer.addConnection(FullConnection(inp, first, name="ix"))
    outer.addConnection(FullConnection(last, out, name="yo"))
    outer.addRecurrentConnection(FullConnection(out, first, name="ox"))
    outer.sortModules()
    conns = {c.name: c for c in (outer._all_connections() + (inner._all_connections()
                                                              if nested else []))}
    for k, name in enumerate(sorted(conns)):
        values = np.random.default_rng(k).standard_normal(conns[name].paramdim) * 0.6
        conns[name].params[:] = values
    return outer


def test_a_recurrent_network_in_a_recurrent_network_equals_its_flat_twin(rng):
    nested, flat = two_level(True), two_level(False)
    X, E = rng.standard_normal((7, 3, 2)), rng.standard_normal((7, 3, 2))
    np.testing.assert_allclose(nested.run_forward(X), flat.run_forward(X), rtol=1e-12)
    nested.resetDerivatives()
    flat.resetDerivatives()
    np.testing.assert_allclose(nested.run_backward(E), flat.run_backward(E), rtol=1e-12,
                               atol=1e-14)
    by_name = lambda net: {c.name: c.derivs for c in net._all_connections()}  # noqa: E731
    got = {**by_name(nested), **by_name(nested["inner"])}
    for name, derivs in by_name(flat).items():
        np.testing.assert_allclose(got[name], derivs, rtol=1e-12, atol=1e-14)
    # stepping one activate at a time gives the whole run's outputs
    nested.reset()
    stepped = np.stack([nested.activate(x) for x in X])
    np.testing.assert_allclose(stepped, flat.run_forward(X), rtol=1e-12)


@pytest.mark.parametrize("role", ["input", "output", "both"])
def test_a_nested_network_as_the_outer_input_or_output(role, rng):
    inner = buildNetwork(3, 4, 2, hiddenclass=TanhLayer)
    reference = inner.copy()
    outer = FeedForwardNetwork("outer")
    if role in ("input", "both"):
        outer.addInputModule(inner)
    if role in ("output", "both"):
        outer.addOutputModule(inner)
    if role == "input":
        tail = LinearLayer(2, name="tail")
        outer.addOutputModule(tail)
        outer.addConnection(FullConnection(inner, tail, name="it"))
    if role == "output":
        head = LinearLayer(3, name="head")
        outer.addInputModule(head)
        outer.addConnection(FullConnection(head, inner, name="hi"))
    outer.sortModules()
    for c in outer._all_connections():
        c.params[:] = np.eye(c.outdim, c.indim).ravel()
    X = rng.standard_normal((5, 3))
    want = reference.activate(X)
    if role == "input":
        want = want @ np.eye(2, 2).T
    np.testing.assert_allclose(outer.activate(X), want, rtol=1e-12)
    check_gradients(outer, rng.standard_normal((1, 4, 3)), rng)


def test_a_changed_inner_network_makes_the_outer_one_sort_again():
    outer = pybrain_nested()
    outer["inner"].addModule(LinearLayer(1, name="extra"))
    assert not outer.sorted
    with pytest.raises(ValueError, match="before sortModules"):
        outer.activate([1.0])
    outer.sortModules()
    assert outer["inner"].sorted and outer.activate([1.0]).shape == (2,)


def test_a_copy_of_a_nested_network_has_its_own_vector(rng):
    outer = mixed_nested()
    twin = outer.copy()
    X = rng.standard_normal((4, 1))
    np.testing.assert_array_equal(np.stack([twin.activate(x) for x in X]),
                                  np.stack([outer.activate(x) for x in X]))
    twin["inner"].params[:] = 0.0
    assert not np.shares_memory(twin.params, outer.params) and outer["inner"].params.any()
