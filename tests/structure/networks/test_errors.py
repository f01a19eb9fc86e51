"""Bad input: each a clear exception naming what is involved, and a failure
leaves the network as it was."""

import numpy as np
import pytest

from brainkit import (FeedForwardNetwork, FullConnection, IdentityConnection, LinearLayer,
                      RecurrentNetwork, SigmoidLayer, buildNetwork)
from brainkit.structure.networks import NetworkConstructionException
from tests.structure.networks.builders import parallel_ffn


def small_net():
    net = FeedForwardNetwork(name="net")
    a, h, b = LinearLayer(2, name="a"), SigmoidLayer(3, name="h"), LinearLayer(1, name="b")
    net.addInputModule(a)
    net.addModule(h)
    net.addOutputModule(b)
    net.addConnection(FullConnection(a, h, name="ah"))
    net.addConnection(FullConnection(h, b, name="hb"))
    net.sortModules()
    return net


def snapshot(net):
    return (list(net.modules), {m: list(cs) for m, cs in net.connections.items()},
            list(net.recurrentConns), list(net.modulesSorted), net.params.copy(), net.sorted)


def assert_unchanged(net, snap):
    modules, conns, rec, order, params, was_sorted = snap
    assert net.modules == modules and net.recurrentConns == rec
    assert {m: list(cs) for m, cs in net.connections.items()} == conns
    assert net.modulesSorted == order and net.sorted == was_sorted
    np.testing.assert_array_equal(net.params, params)


def test_network_construction_exception_is_a_value_error():
    assert issubclass(NetworkConstructionException, ValueError)


# graph errors ----------------------------------------------------------------------

def test_connection_to_a_module_never_added():
    net = small_net()
    params = net.params.copy()
    stranger = LinearLayer(3, name="stranger")
    # PyBrain's order: a connection may come before its module, so the check is
    # at sortModules, which then changes nothing
    net.addConnection(FullConnection(net["a"], stranger, name="astr"))
    with pytest.raises(NetworkConstructionException,
                       match="FullConnection 'a'->'stranger': module 'stranger' is not in "
                             "network 'net'; add it with addModule before sortModules"):
        net.sortModules()
    np.testing.assert_array_equal(net.params, params)
    net.addModule(stranger)          # now it is complete
    net.sortModules()
    assert net.activate([1.0, 2.0]).shape == (1,)


def test_two_modules_with_the_same_name():
    net = small_net()
    snap = snapshot(net)
    with pytest.raises(NetworkConstructionException,
                       match="network 'net' already has a module named 'h'"):
        net.addModule(SigmoidLayer(2, name="h"))
    assert_unchanged(net, snap)
    net.addModule(net["h"])                  # the very same module again is a no-op
    assert_unchanged(net, snap)


def test_the_same_connection_twice():
    net = small_net()
    snap = snapshot(net)
    conn = net.connections[net["a"]][0]
    with pytest.raises(NetworkConstructionException,
                       match=r"<FullConnection 'ah': 'a' -> 'h'> is already in network "
                             r"'net'; add each connection once"):
        net.addConnection(conn)
    assert_unchanged(net, snap)
    rnn = RecurrentNetwork(name="r")
    a = LinearLayer(1, name="a")
    rnn.addInputModule(a)
    rnn.addOutputModule(LinearLayer(1, name="b"))
    rec = FullConnection(a, a, name="aa")
    rnn.addRecurrentConnection(rec)
    with pytest.raises(NetworkConstructionException, match="'aa'.* is already in network 'r'"):
        rnn.addConnection(rec)


def test_dimension_and_slice_mismatches():
    a, b = LinearLayer(2, name="a"), LinearLayer(3, name="b")
    with pytest.raises(ValueError, match=r"FullConnection 'a'->'b': the slice \[1:3\] does "
                                         r"not fit into the 2 outputs of 'a'"):
        FullConnection(a, b, inSliceFrom=1, inSliceTo=3)
    with pytest.raises(ValueError, match=r"slice \[0:4\] does not fit into the 3 inputs of 'b'"):
        FullConnection(a, b, outSliceTo=4)
    with pytest.raises(ValueError, match="IdentityConnection 'a'->'b' joins 2 outputs to 3 "
                                         "inputs; the widths must match"):
        IdentityConnection(a, b)


def test_a_cycle_of_forward_connections_names_its_modules():
    net = small_net()
    cycle = FullConnection(net["b"], net["h"], name="back")
    net.addConnection(cycle)
    with pytest.raises(NetworkConstructionException,
                       match=r"modules '(h|b)' -> '(h|b)' -> '(h|b)' form a cycle; mark one "
                             r"edge with addRecurrentConnection"):
        net.sortModules()


def test_a_forward_connection_from_a_module_to_itself():
    net = small_net()
    net.addConnection(FullConnection(net["h"], net["h"], name="loop"))
    with pytest.raises(NetworkConstructionException,
                       match="modules 'h' -> 'h' form a cycle; mark one edge with "
                             "addRecurrentConnection"):
        net.sortModules()


def test_a_longer_cycle():
    net = FeedForwardNetwork(name="loop")
    mods = [LinearLayer(1, name=n) for n in "pqr"]
    net.addInputModule(mods[0])
    net.addModule(mods[1])
    net.addOutputModule(mods[2])
    for a, b in zip(mods, mods[1:] + mods[:1]):
        net.addConnection(FullConnection(a, b))
    with pytest.raises(NetworkConstructionException) as info:
        net.sortModules()
    message = str(info.value)
    assert all(f"'{n}'" in message for n in "pqr") and "addRecurrentConnection" in message
    assert not net.sorted and net.modulesSorted == []


def test_a_failed_sort_leaves_the_network_as_it_was(rng):
    net = small_net()
    x = rng.standard_normal(2)
    before = net.activate(x)
    snap = snapshot(net)
    views = [c.weights for c in net._containers]
    back = FullConnection(net["b"], net["h"], name="back")
    net.addConnection(back)
    with pytest.raises(NetworkConstructionException, match="form a cycle"):
        net.sortModules()
    # nothing was repacked or rebound; taking the bad connection out restores it
    np.testing.assert_array_equal(net.params, snap[4])
    assert net.modulesSorted == snap[3]
    assert all(c.weights is w for c, w in zip(net._containers, views))
    net.connections[net["b"]].remove(back)
    net.sortModules()
    assert_unchanged(net, snap)
    np.testing.assert_array_equal(net.activate(x), before)


def test_a_module_nobody_feeds_computes_on_zeros():
    # PyBrain sorts such a network; the module's input is zero at every step
    net = small_net()
    orphan = SigmoidLayer(2, name="orphan")
    net.addModule(orphan)
    net.addConnection(FullConnection(orphan, net["b"], name="ob"))
    net.sortModules()
    x = np.array([1.0, 2.0])
    hidden = 1 / (1 + np.exp(-(net.connections[net["a"]][0].weights @ x)))
    want = net.connections[net["h"]][0].weights @ hidden + \
        net.connections[orphan][0].weights @ np.full(2, 0.5)
    np.testing.assert_allclose(net.activate(x), want, rtol=1e-12)


def test_a_network_without_input_modules_sorts_and_says_so_when_given_inputs():
    net = FeedForwardNetwork(name="half")
    a, b = LinearLayer(1, name="a"), LinearLayer(1, name="b")
    net.addOutputModule(a)
    net.addModule(b)
    net.sortModules()
    assert net.indim == 0 and net.activate([]).shape == (1,)
    with pytest.raises(NetworkConstructionException,
                       match="network 'half' has no input module, so it takes no input "
                             "values; mark one with addInputModule"):
        net.activate([1.0])


def test_lookup_of_an_unknown_module_lists_the_names():
    net = small_net()
    with pytest.raises(KeyError, match=r"network 'net' has no module 'nope'; "
                                       r"it has \['a', 'b', 'h'\]"):
        net["nope"]
    assert net["h"].name == "h"


# running ---------------------------------------------------------------------------

@pytest.mark.parametrize("what", ["activate", "backActivate", "summary", "_setParameters",
                                  "randomize"])
def test_use_before_sort_modules(what):
    net = FeedForwardNetwork(name="unsorted")
    net.addInputModule(LinearLayer(1, name="a"))
    args = {"activate": ([1.0],), "backActivate": ([1.0],), "_setParameters": ([],)}
    with pytest.raises(NetworkConstructionException,
                       match=rf"{what} on network 'unsorted' before sortModules\(\); call "
                             r"net.sortModules\(\)"):
        getattr(net, what)(*args.get(what, ()))


def test_activate_after_a_structural_change_needs_a_new_sort():
    net = small_net()
    net.addConnection(FullConnection(net["a"], net["b"], name="skip"))
    with pytest.raises(NetworkConstructionException, match="before sortModules"):
        net.activate([1.0, 2.0])
    net.sortModules()
    assert net.activate([1.0, 2.0]).shape == (1,)


@pytest.mark.parametrize("inpt, match", [
    ([1.0, 2.0, 3.0], r"expects 2 values per sample; got 3"),
    ([1.0], r"expects 2 values per sample; got 1"),
    (np.zeros((4, 3)), r"expects 2 values per sample; got \(4, 3\) \(a batch must have "
                       r"shape \(B, 2\)\)"),
    (np.zeros((2, 2, 2)), r"expects 2 values per sample"),
    (["a", "b"], r"expects numbers; got an array of dtype <U1"),
    ([[1.0, 2.0], [3.0]], r"could not read the input as an array"),
    ([1.0, np.nan], r"the input contains NaN or inf"),
    ([np.inf, 0.0], r"the input contains NaN or inf"),
    ([[0.0, 0.0], [0.0, -np.inf]], r"the input contains NaN or inf"),
])
def test_bad_activate_inputs(inpt, match):
    net = buildNetwork(2, 3, 1)
    with pytest.raises(ValueError, match=match):
        net.activate(inpt)


def test_bad_activate_input_names_the_network():
    net = small_net()
    with pytest.raises(ValueError, match=r"<FeedForwardNetwork 'net'>\.activate expects 2"):
        net.activate([1.0])
    with pytest.raises(ValueError, match=r"backActivate expects 1 values per sample; got 2"):
        net.backActivate([1.0, 2.0])


def test_a_plain_number_is_refused_when_indim_is_not_one():
    with pytest.raises(ValueError, match="expects 2 values per sample; got 1"):
        buildNetwork(2, 3, 1).activate(1.0)


def test_set_parameters_with_the_wrong_length():
    net = parallel_ffn()
    with pytest.raises(ValueError, match=rf"FeedForwardNetwork 'parallel' has {net.paramdim} "
                                         rf"parameters; got {net.paramdim + 1} values"):
        net._setParameters(np.zeros(net.paramdim + 1))


def test_recurrent_back_activate_needs_an_activated_step():
    net = RecurrentNetwork(name="r")
    a, b = LinearLayer(1, name="a"), LinearLayer(1, name="b")
    net.addInputModule(a)
    net.addOutputModule(b)
    net.addConnection(FullConnection(a, b))
    net.sortModules()
    with pytest.raises(ValueError, match="no activated step is left to backpropagate"):
        net.backActivate([1.0])


def test_wrong_types_are_refused():
    net = FeedForwardNetwork(name="t")
    with pytest.raises(TypeError, match="addModule expects a module; got 3"):
        net.addModule(3)
    with pytest.raises(TypeError, match="expected a connection; got 'c'"):
        net.addConnection("c")
    with pytest.raises(NetworkConstructionException,
                       match="cannot add network 't' to network 't': itself holds it"):
        net.addModule(net)


def test_a_nested_network_belongs_to_one_network_and_runs_inside_it():
    inner = buildNetwork(2, 3, 1)
    outer = FeedForwardNetwork(name="outer")
    outer.addInputModule(inner)
    outer.sortModules()
    other = FeedForwardNetwork(name="other")
    with pytest.raises(NetworkConstructionException,
                       match="cannot add network 'FeedForwardNetwork' to network 'other': "
                             "network 'outer' already holds it"):
        other.addModule(inner)
    with pytest.raises(NetworkConstructionException,
                       match="activate on network 'FeedForwardNetwork', a module of network "
                             "'outer': it runs inside 'outer'; run that one"):
        inner.activate([1.0, 2.0])


def test_float32_network_refuses_input_beyond_float32s_range():
    net = buildNetwork(2, 3, 1, dtype=np.float32)
    with pytest.raises(ValueError, match=r"beyond the range of float32 \(\|x\| <= 3.403e\+38\)"):
        net.activate([1e39, 0.0])
    with pytest.raises(ValueError, match="beyond the range of float32"):
        net.activate([[0.0, 0.0], [0.0, -1e300]])
    from brainkit.structure.modules.module import as_batch
    assert as_batch([3e38, -3e38], 2, "test", np.dtype(np.float32))[0].dtype == np.float64


def test_activate_on_dataset_checks_its_input_like_activate():
    from brainkit.datasets import SupervisedDataSet
    ds = SupervisedDataSet.fromArrays([[0.0, 1.0], [2.0, 3.0]], [[0.0], [1.0]])
    ds["input"][1, 0] = np.nan
    with pytest.raises(ValueError, match=r"activateOnDataset: the input contains NaN or inf"):
        buildNetwork(2, 3, 1).activateOnDataset(ds)
    ds["input"][1, 0] = 1e39
    with pytest.raises(ValueError, match=r"activateOnDataset: .* beyond the range of float32"):
        buildNetwork(2, 3, 1, dtype=np.float32).activateOnDataset(ds)
