"""The flat parameter vector: one contiguous array, components hold views."""

import numpy as np
import pytest

from brainkit import FeedForwardNetwork, FullConnection, buildNetwork
from tests.structure.networks.builders import parallel_ffn, simple_rnn


def full_connections(net):
    return [c for c in net._all_connections() if isinstance(c, FullConnection)]


@pytest.mark.parametrize("make", [parallel_ffn, simple_rnn])
def test_every_weight_matrix_is_a_view_into_the_flat_vector(make):
    net = make()
    assert net.params.flags.c_contiguous and net.params.ndim == 1
    for c in full_connections(net):
        assert np.shares_memory(net.params, c.weights)
        assert np.shares_memory(net.derivs, c.weight_derivs)
    assert net.paramdim == len(net) == net.params.size == net.derivs.size == \
        sum(c.paramdim for c in net._containers)


def by_hand(net, x):
    """The parallel network's output computed from its weights with numpy."""
    w = {c.name: c.weights for c in net._containers}
    h1 = 1 / (1 + np.exp(-(w["in_h1"] @ x + w["bias_h1"][:, 0])))
    h2 = np.tanh(w["in_h2"] @ x + w["bias_h2"][:, 0])
    return w["h1_out"] @ h1 + w["h2_out"] @ h2 + w["bias_out"][:, 0]


def test_in_place_edits_of_params_change_the_output(rng):
    net = parallel_ffn()
    x = rng.standard_normal(3)
    before = net.activate(x)
    np.testing.assert_allclose(before, by_hand(net, x), rtol=1e-12)
    net.params[:] *= 2
    after = net.activate(x)
    assert not np.allclose(after, before)
    np.testing.assert_allclose(after, by_hand(net, x), rtol=1e-12)


def test_a_connection_edit_shows_in_params_and_vice_versa():
    net = buildNetwork(2, 3, 1)
    conn = net._containers[2]            # in -> hidden0, 6 weights after 1 + 3
    conn.weights[1, 0] = 42.0
    assert net.params[1 + 3 + 1 * 2 + 0] == 42.0
    net.params[4] = -7.0
    assert conn.weights[0, 0] == -7.0


def test_set_parameters_copies_in_place_and_changes_the_output(rng):
    net = parallel_ffn()
    flat, weights = net.params, full_connections(net)[0].weights
    x = rng.standard_normal(3)
    before = net.activate(x)
    p = rng.standard_normal(net.paramdim)
    net._setParameters(list(p))
    assert net.params is flat and np.shares_memory(net.params, weights)
    np.testing.assert_array_equal(net.params, p)
    p[:] = 0.0                              # not aliased to the caller's array
    assert net.params.any()
    assert not np.allclose(net.activate(x), before)


def test_set_parameters_checks_length_and_values():
    net = buildNetwork(2, 3, 1)
    keep = net.params.copy()
    with pytest.raises(ValueError, match=r"has 13 parameters; got 12 values"):
        net._setParameters(np.zeros(12))
    with pytest.raises(ValueError, match="contain NaN or inf"):
        net._setParameters(np.full(13, np.nan))
    np.testing.assert_array_equal(net.params, keep)


@pytest.mark.parametrize("attribute", ["params", "derivs"])
def test_params_and_derivs_cannot_be_rebound(attribute):
    net = buildNetwork(2, 3, 1)
    with pytest.raises(AttributeError):
        setattr(net, attribute, np.zeros(13))
    with pytest.raises(AttributeError):
        setattr(net._containers[0], attribute, np.zeros(1))


def test_copy_is_independent(rng):
    net = simple_rnn()
    x = rng.standard_normal(2)
    net.activate(x)
    twin = net.copy()
    assert net.offset == 1                   # the original keeps its state
    np.testing.assert_array_equal(twin.params, net.params)
    assert not np.shares_memory(twin.params, net.params)
    for c in full_connections(twin):
        assert np.shares_memory(twin.params, c.weights)
    np.testing.assert_array_equal(twin.activate(x), net.activate(x))
    twin.params[:] = 0.0
    assert net.params.any()
    net.reset()
    twin.reset()
    assert not np.allclose(twin.activate(x), net.activate(x))


def test_randomize_redraws_every_parameter_in_place():
    net = parallel_ffn()
    flat = net.params
    net.derivs[:] = 1.0
    np.random.seed(5)
    net.randomize()
    np.random.seed(5)
    np.testing.assert_array_equal(net.params, np.random.randn(net.paramdim))
    assert net.params is flat and not net.derivs.any()
    assert np.shares_memory(net.params, full_connections(net)[0].weights)
    net.randomize(np.random.default_rng(1))
    np.testing.assert_array_equal(net.params,
                                  np.random.default_rng(1).standard_normal(net.paramdim))


def test_reset_derivatives_zeroes_in_place(rng):
    net = parallel_ffn()
    net.activate(rng.standard_normal(3))
    net.backActivate(rng.standard_normal(2))
    flat = net.derivs
    assert flat.any()
    assert all(c.derivs.any() for c in full_connections(net))
    net.resetDerivatives()
    assert net.derivs is flat and not flat.any()
    assert not any(c.derivs.any() for c in full_connections(net))


def test_derivs_are_minus_the_gradient_of_the_squared_error(rng):
    """PyBrain's sign: fed target - output, derivs = -dE/dparams for
    E = 0.5 * |target - output|**2."""
    net = parallel_ffn()
    x, target, eps = rng.standard_normal(3), rng.standard_normal(2), 1e-6

    def error():
        return 0.5 * float(np.sum((target - net.activate(x)) ** 2))

    net.resetDerivatives()
    net.backActivate(target - net.activate(x))
    numeric = np.empty(net.paramdim)
    for i in range(net.paramdim):
        keep = net.params[i]
        net.params[i] = keep + eps
        up = error()
        net.params[i] = keep - eps
        down = error()
        net.params[i] = keep
        numeric[i] = (up - down) / (2 * eps)
    np.testing.assert_allclose(net.derivs, -numeric, rtol=1e-6, atol=1e-9)


def test_float32_networks_compute_in_float32(rng):
    np.random.seed(3)
    net64 = buildNetwork(2, 3, 1)
    np.random.seed(3)
    net32 = buildNetwork(2, 3, 1, dtype=np.float32)
    assert net32.params.dtype == net32.derivs.dtype == np.float32
    for c in full_connections(net32):
        assert c.weights.dtype == np.float32 and np.shares_memory(net32.params, c.weights)
    np.testing.assert_allclose(net32.params, net64.params, rtol=1e-7)
    X = rng.standard_normal((4, 2))
    y = net32.activate(X)
    assert y.dtype == np.float32 and net32.activate(X[0]).dtype == np.float32
    np.testing.assert_allclose(y, net64.activate(X), rtol=1e-5, atol=1e-6)
    net32.activate(X)
    inerr = net32.backActivate(np.ones((4, 1)))
    assert inerr.dtype == np.float32 and net32.derivs.any()


def test_float32_hand_built_network(rng):
    net = parallel_ffn(dtype=np.float32)
    assert net.params.dtype == np.float32
    assert all(m.outputbuffer.dtype == np.float32 for m in net.modules)
    assert net.activate(rng.standard_normal((2, 3))).dtype == np.float32


def test_other_dtypes_are_refused():
    with pytest.raises(ValueError, match="dtype must be float32 or float64; got int64"):
        FeedForwardNetwork(dtype=np.int64)
