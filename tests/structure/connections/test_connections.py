"""Every connection class, with and without slices, through the shared harness:
as a forward connection of a FeedForwardNetwork and as a recurrent connection
of a RecurrentNetwork (over several time steps)."""

import numpy as np
import pytest

import brainkit.structure.connections as connections
from brainkit import (FeedForwardNetwork, FullConnection, IdentityConnection, LinearLayer,
                      SigmoidLayer)
from tests.structure.harness import (BATCH, CONNECTIONS, EXACT, SUBCLASS_CONNECTIONS,
                                     T_SEQUENTIAL, check_batch_equals_single, check_float32,
                                     check_gradients)

ENTRIES = CONNECTIONS + SUBCLASS_CONNECTIONS
ids = [e.id for e in ENTRIES]
both = pytest.mark.parametrize("recurrent", [False, True], ids=["forward", "recurrent"])


def sequence(entry, rng, recurrent):
    return rng.standard_normal((T_SEQUENTIAL if recurrent else 1, BATCH, entry.dims[0]))


@pytest.mark.parametrize("entry", ENTRIES, ids=ids)
@both
def test_forward_matches_oracle(entry, recurrent, rng):
    net, conn = entry.make_network(recurrent)
    X = sequence(entry, rng, recurrent)
    kept = X.copy()
    np.testing.assert_allclose(net.run_forward(X), entry.expected(conn, X, recurrent), **EXACT)
    np.testing.assert_array_equal(X, kept)


@pytest.mark.parametrize("entry", ENTRIES, ids=ids)
@both
def test_float32(entry, recurrent, rng):
    net, conn = entry.make_network(recurrent, dtype=np.float32)
    X = sequence(entry, rng, recurrent).astype(np.float32)
    check_float32(net, X, entry.expected(conn, X.astype(float), recurrent),
                  entry.make_network(recurrent)[0])


def test_every_exported_connection_class_has_a_harness_entry():
    exported = {getattr(connections, name) for name in connections.__all__}
    bases = {connections.Connection, connections.SharedConnection, connections.MotherConnection}
    assert exported - bases <= {e.cls for e in CONNECTIONS}


@pytest.mark.parametrize("entry", ENTRIES, ids=ids)
@both
def test_backward_matches_central_differences(entry, recurrent, rng):
    net, conn = entry.make_network(recurrent)
    report = check_gradients(net, sequence(entry, rng, recurrent), rng)
    # the report names each parameter block (a shared connection's is its
    # mother's), so a failure says which one disagrees
    block = conn.mother.name if conn.mother is not None else "c"
    assert (block in report.param_errors) == (conn.paramdim > 0)


@pytest.mark.parametrize("entry", ENTRIES, ids=ids)
@both
def test_batch_equals_one_sample_at_a_time(entry, recurrent, rng):
    net, _ = entry.make_network(recurrent)
    check_batch_equals_single(net, sequence(entry, rng, recurrent), rng)


@pytest.mark.parametrize("entry", ENTRIES, ids=ids)
def test_repr_and_slice_widths(entry):
    net, conn = entry.make_network()
    assert repr(conn) == f"<{entry.cls.__name__} 'c': 'a' -> 'b'>"
    assert conn.inmod is net["a"] and conn.outmod is net["b"]
    assert conn.indim == conn.inSliceTo - conn.inSliceFrom
    assert conn.outdim == conn.outSliceTo - conn.outSliceFrom


def test_full_connection_weights_are_outdim_by_indim_row_major():
    a, b = LinearLayer(2, name="a"), LinearLayer(3, name="b")
    conn = FullConnection(a, b, name="c")
    assert conn.weights.shape == (3, 2) and conn.paramdim == 6
    conn.params[:] = np.arange(6.0)
    np.testing.assert_array_equal(conn.weights, [[0, 1], [2, 3], [4, 5]])
    assert np.shares_memory(conn.weights, conn.params)


def test_connections_add_into_their_target(rng):
    a, b = LinearLayer(3, name="a"), SigmoidLayer(3, name="b")
    net = FeedForwardNetwork()
    net.addInputModule(a)
    net.addOutputModule(b)
    full = FullConnection(a, b, name="full")
    net.addConnection(full)
    net.addConnection(IdentityConnection(a, b, name="same"))
    net.addConnection(IdentityConnection(a, b, name="part", inSliceTo=1, outSliceFrom=2))
    net.sortModules()
    x = rng.standard_normal(3)
    z = full.weights @ x + x + np.array([0.0, 0.0, x[0]])
    np.testing.assert_allclose(net.activate(x), 1 / (1 + np.exp(-z)), rtol=1e-12)


@pytest.mark.parametrize("kwargs, match", [
    (dict(inSliceTo=5), r"slice \[0:5\] does not fit into the 3 outputs of 'a'"),
    (dict(inSliceFrom=2, inSliceTo=2), r"slice \[2:2\] does not fit"),
    (dict(outSliceFrom=-1), r"slice \[-1:4\] does not fit into the 4 inputs of 'b'"),
    (dict(outSliceTo=1.5), "outSliceTo must be an integer; got 1.5"),
])
def test_slices_that_do_not_fit_are_refused(kwargs, match):
    a, b = LinearLayer(3, name="a"), LinearLayer(4, name="b")
    with pytest.raises(ValueError, match=match):
        FullConnection(a, b, **kwargs)


def test_identity_connection_widths_must_match():
    a, b = LinearLayer(3, name="a"), LinearLayer(4, name="b")
    with pytest.raises(ValueError, match="joins 3 outputs to 4 inputs; the widths must match"):
        IdentityConnection(a, b)
    with pytest.raises(ValueError, match="joins 2 outputs to 3 inputs"):
        IdentityConnection(a, b, inSliceFrom=1, outSliceTo=3)


def test_connection_ends_must_be_modules():
    with pytest.raises(TypeError, match="outmod must be a module; got 3"):
        FullConnection(LinearLayer(1, name="a"), 3)
