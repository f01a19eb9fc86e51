"""Numbers the real PyBrain 0.3.3 produced (tests/io/fixtures/, files PyBrain
wrote): initial weights, outputs, derivs and input errors, for a buildNetwork
network and a hand-built recurrent network."""

import json

import numpy as np
import pytest

from brainkit import (BiasUnit, FullConnection, LinearLayer, RecurrentNetwork, SigmoidLayer,
                      buildNetwork)
from tests.io.helpers import fixture

CLOSE = dict(rtol=1e-12, atol=1e-14)


def load(name):
    return json.loads(fixture(f"{name}.json").read_text())


@pytest.fixture
def ffn_fixture():
    return load("01_ffn_2_3_1")


@pytest.fixture
def rnn_fixture():
    return load("05_rnn_recurrent_full")


def layout_by_ends(net):
    """Each parameter block as (inmod, outmod, offset, length), in flat order."""
    out, pos = [], 0
    for c in net._containers:
        out.append((c.inmod.name, c.outmod.name, pos, c.paramdim))
        pos += c.paramdim
    return out


def fixture_layout(fx):
    return [(b["inmod"], b["outmod"], b["offset"], b["length"]) for b in fx["param_layout"]]


def run_gradient_procedure(net, grad):
    """The fixture's procedure: reset, resetDerivatives, activate every input,
    then backActivate every error from the last step to the first."""
    net.reset()
    net.resetDerivatives()
    outputs = [net.activate(x) for x in grad["inputs"]]
    inerrs = [net.backActivate(e) for e in grad["output_errors"][::-1]][::-1]
    return np.array(outputs), np.array(inerrs), net.derivs.copy()


def check_gradient_procedure(net, grad):
    outputs, inerrs, derivs = run_gradient_procedure(net, grad)
    np.testing.assert_allclose(outputs, grad["outputs"], **CLOSE)
    np.testing.assert_allclose(inerrs, grad["input_errors"], **CLOSE)
    np.testing.assert_allclose(derivs, grad["derivs"], **CLOSE)


# buildNetwork(2, 3, 1) -------------------------------------------------------------

def test_build_network_draws_pybrains_initial_weights(ffn_fixture):
    np.random.seed(ffn_fixture["seed"]["numpy.random.seed"])
    net = buildNetwork(2, 3, 1)
    np.testing.assert_array_equal(net.params, ffn_fixture["params"])
    assert net.paramdim == ffn_fixture["paramdim"]
    assert layout_by_ends(net) == fixture_layout(ffn_fixture)


def test_build_network_structure_matches(ffn_fixture):
    net = buildNetwork(2, 3, 1)
    assert type(net).__name__ == ffn_fixture["network_class"]
    assert (net.indim, net.outdim) == (ffn_fixture["indim"], ffn_fixture["outdim"])
    assert [(type(m).__name__, m.name, m.indim, m.outdim, m.paramdim)
            for m in net.modulesSorted] == \
        [(m["class"], m["name"], m["indim"], m["outdim"], m["paramdim"])
         for m in ffn_fixture["modules_sorted"]]
    assert [m.name for m in net.inmodules] == ffn_fixture["input_modules"]
    assert [m.name for m in net.outmodules] == ffn_fixture["output_modules"]


def test_build_network_activation_matches(ffn_fixture):
    np.random.seed(ffn_fixture["seed"]["numpy.random.seed"])
    net = buildNetwork(2, 3, 1)
    act = ffn_fixture["activation"]
    for x, y in zip(act["inputs"], act["outputs"]):
        np.testing.assert_allclose(net.activate(x), y, **CLOSE)
    np.testing.assert_allclose(net.activate(act["inputs"]), act["outputs"], **CLOSE)


def test_build_network_gradient_matches(ffn_fixture):
    np.random.seed(ffn_fixture["seed"]["numpy.random.seed"])
    check_gradient_procedure(buildNetwork(2, 3, 1), ffn_fixture["gradient"])


# the hand-built recurrent network --------------------------------------------------

def build_from_fixture(fx):
    """Build the network the fixture describes, by hand, in the recipe's order
    (the order of the XML file: modules in, out, bias, hidden)."""
    classes = {"LinearLayer": LinearLayer, "SigmoidLayer": SigmoidLayer}
    specs = {m["name"]: m for m in fx["modules_sorted"]}
    net = RecurrentNetwork(name=fx["network_name"])
    mods = {}
    for name in ("in", "out", "bias", "hidden"):
        spec = specs[name]
        mods[name] = BiasUnit(name=name) if spec["class"] == "BiasUnit" else \
            classes[spec["class"]](spec["indim"], name=name)
        add = net.addInputModule if spec["is_input"] else \
            net.addOutputModule if spec["is_output"] else net.addModule
        add(mods[name])
    conns = {c["name"]: c for c in fx["connections"]}
    for name in ("c_in_hidden", "c_bias_hidden", "c_hidden_out", "c_rec"):
        spec = conns[name]
        conn = FullConnection(mods[spec["inmod"]], mods[spec["outmod"]], name=name)
        (net.addRecurrentConnection if spec["recurrent"] else net.addConnection)(conn)
    net.sortModules()
    blocks = {b["name"]: b["params"] for b in fx["param_layout"]}
    for c in net._all_connections():
        c.params[:] = blocks[c.name]
    return net


def test_recurrent_network_has_pybrains_order_and_parameters(rnn_fixture):
    net = build_from_fixture(rnn_fixture)
    assert [m.name for m in net.modulesSorted] == \
        [m["name"] for m in rnn_fixture["modules_sorted"]]
    assert [c.name for c in net._containers] == \
        [b["name"] for b in rnn_fixture["param_layout"]]
    np.testing.assert_array_equal(net.params, rnn_fixture["params"])
    assert net.paramdim == rnn_fixture["paramdim"]


@pytest.mark.parametrize("key", ["activation", "activation_second_sequence"])
def test_recurrent_network_sequence_outputs_match(rnn_fixture, key):
    net = build_from_fixture(rnn_fixture)
    act = rnn_fixture[key]
    net.reset()
    outputs = [net.activate(x) for x in act["inputs"]]
    np.testing.assert_allclose(outputs, act["outputs"], **CLOSE)
    # the same sequence run as a (T, 1, indim) array
    X = np.array(act["inputs"])[:, None]
    np.testing.assert_allclose(net.run_forward(X)[:, 0], act["outputs"], **CLOSE)


def test_recurrent_network_bptt_matches(rnn_fixture):
    net = build_from_fixture(rnn_fixture)
    check_gradient_procedure(net, rnn_fixture["gradient"])
    by_block = rnn_fixture["gradient"]["derivs_by_container"]
    for c in net._containers:
        np.testing.assert_allclose(c.derivs, by_block[c.name], **CLOSE)


def test_recurrent_network_bptt_of_a_batch_of_copies_matches(rnn_fixture):
    """Two copies of the fixture's sequence in one batch: each row reproduces
    PyBrain's outputs and input errors, and the derivs double."""
    net = build_from_fixture(rnn_fixture)
    grad = rnn_fixture["gradient"]
    twice = {k: [[row, row] for row in grad[k]] for k in ("inputs", "output_errors")}
    outputs, inerrs, derivs = run_gradient_procedure(net, twice)
    for b in range(2):
        np.testing.assert_allclose(outputs[:, b], grad["outputs"], **CLOSE)
        np.testing.assert_allclose(inerrs[:, b], grad["input_errors"], **CLOSE)
    np.testing.assert_allclose(derivs, 2 * np.array(grad["derivs"]), **CLOSE)
