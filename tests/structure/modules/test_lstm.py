"""LSTMLayer: PyBrain's reference numbers, gradients through time, batching,
peephole parameters in the flat vector, buildNetwork with LSTM layers."""

import numpy as np
import pytest

from brainkit import (BiasUnit, FullConnection, IdentityConnection, LinearLayer, LSTMLayer,
                      RecurrentNetwork, SigmoidLayer, buildNetwork)
from brainkit.tools.gradientcheck import check_gradient


def example_network():
    """The network of reference/example_network.xml (XML.md section 8), by hand."""
    net = RecurrentNetwork(name="example")
    inp, out = LinearLayer(2, name="in"), LinearLayer(1, name="out")
    bias, lstm = BiasUnit(name="bias"), LSTMLayer(1, peepholes=True, name="lstm")
    net.addInputModule(inp)
    net.addOutputModule(out)
    net.addModule(bias)
    net.addModule(lstm)
    net.addConnection(FullConnection(bias, lstm, name="bias_lstm"))
    net.addConnection(FullConnection(inp, lstm, name="in_lstm"))
    net.addConnection(IdentityConnection(inp, out, name="skip", inSliceTo=1))
    net.addConnection(FullConnection(lstm, out, name="lstm_out"))
    net.addRecurrentConnection(FullConnection(lstm, lstm, name="rec"))
    net.sortModules()
    values = {"lstm": [0.5, -0.14000000000000001, 0.65000000000000002],
              "bias_lstm": [-0.46999999999999997, 0.23999999999999999,
                            -1.9099999999999999, -1.72],
              "in_lstm": [1.52, -0.23000000000000001, -0.23000000000000001,
                          1.5800000000000001, 0.77000000000000002, -0.46999999999999997,
                          0.54000000000000004, -0.46000000000000002],
              "lstm_out": [-0.56000000000000005],
              "rec": [-1.01, 0.31, -0.91000000000000003, -1.4099999999999999]}
    for c in net._containers:
        if c.paramdim:
            c._setParameters(values[c.name])
    return net


def mixed_network(peepholes=True):
    """An LSTM layer, a sigmoid layer recurrent to itself and a bias."""
    net = RecurrentNetwork(name="mixed")
    inp, out = LinearLayer(3, name="in"), LinearLayer(2, name="out")
    lstm, sig = LSTMLayer(3, peepholes=peepholes, name="lstm"), SigmoidLayer(4, name="sig")
    bias = BiasUnit(name="bias")
    for m in (bias, lstm, sig):
        net.addModule(m)
    net.addInputModule(inp)
    net.addOutputModule(out)
    for a, b in ((inp, lstm), (inp, sig), (bias, lstm), (bias, sig), (lstm, sig),
                 (lstm, out), (sig, out), (bias, out)):
        net.addConnection(FullConnection(a, b))
    net.addRecurrentConnection(FullConnection(sig, sig))
    net.addRecurrentConnection(FullConnection(lstm, lstm))
    net.addRecurrentConnection(FullConnection(sig, lstm))
    net.sortModules()
    return net


def test_matches_pybrain_on_the_example_network():
    net = example_network()
    net.reset()
    got = [net.activate(x)[0] for x in ([1, 0], [0, 1], [0.5, 0.5])]
    np.testing.assert_allclose(got, [1.0519273548018413, 0.02648500307036085,
                                     0.540146073424644], rtol=0, atol=1e-12)


def test_flat_parameter_order_of_the_example_network():
    net = example_network()
    layout = [(c.name, c.paramdim) for c in net._containers if c.paramdim]
    assert layout == [("bias_lstm", 4), ("in_lstm", 8), ("lstm", 3), ("lstm_out", 1),
                      ("rec", 4)]
    assert net.params[12:15].tolist() == [0.5, -0.14, 0.65]


def test_one_step_by_hand():
    lstm = LSTMLayer(2, peepholes=True)
    lstm._setParameters([0.1, 0.2, 0.3, 0.4, 0.5, 0.6])
    x = np.array([0.3, -0.2, 0.1, 0.4, 0.7, -0.5, -0.6, 0.2])
    sig = lambda z: 1 / (1 + np.exp(-z))  # noqa: E731
    c0 = sig(x[:2]) * np.tanh(x[4:6])
    y0 = sig(x[6:] + [0.5, 0.6] * c0) * np.tanh(c0)
    np.testing.assert_allclose(lstm.activate(x), y0, rtol=1e-14)
    i, f = sig(x[:2] + [0.1, 0.2] * c0), sig(x[2:4] + [0.3, 0.4] * c0)
    c1 = i * np.tanh(x[4:6]) + f * c0
    y1 = sig(x[6:] + [0.5, 0.6] * c1) * np.tanh(c1)
    np.testing.assert_allclose(lstm.activate(x), y1, rtol=1e-14)
    np.testing.assert_allclose(lstm.state[1, 0], c1, rtol=1e-14)


@pytest.mark.parametrize("peepholes", [False, True])
def test_gradient_through_time_of_the_layer(peepholes, rng):
    lstm = LSTMLayer(3, peepholes=peepholes)
    report = check_gradient(lstm, X=rng.standard_normal((10, 3, 12)), rng=rng)
    assert report.ok, str(report)
    assert lstm.paramdim == (9 if peepholes else 0)


@pytest.mark.parametrize("peepholes", [False, True])
def test_gradient_through_time_of_a_mixed_network(peepholes, rng):
    net = mixed_network(peepholes)
    report = check_gradient(net, X=rng.standard_normal((9, 2, 3)), rng=rng)
    assert report.ok, str(report)
    assert ("lstm" in report.param_errors) == peepholes


def test_gradient_with_buffers_longer_than_the_sequence(rng):
    net = mixed_network()
    net.run_forward(rng.standard_normal((20, 2, 3)))   # buffers now hold 20 steps
    report = check_gradient(net, X=rng.standard_normal((8, 2, 3)), rng=rng)
    assert report.ok, str(report)


def test_build_network_with_an_lstm_layer(rng):
    net = buildNetwork(1, 4, 1, hiddenclass=LSTMLayer, outputbias=False, peepholes=True)
    assert isinstance(net, RecurrentNetwork)
    hidden = net["hidden0"]
    assert isinstance(hidden, LSTMLayer) and hidden.peepholes and hidden.indim == 16
    assert [(c.inmod.name, c.outmod.name) for c in net.recurrentConns] \
        == [("hidden0", "hidden0")]
    assert not any(c.outmod is net["out"] for c in net.connections[net["bias"]])
    assert net.paramdim == 16 + 16 + 12 + 4 + 64
    report = check_gradient(net, X=rng.standard_normal((8, 3, 1)), rng=rng)
    assert report.ok, str(report)


def test_build_network_with_two_lstm_layers(rng):
    net = buildNetwork(2, 3, 2, 1, hiddenclass=LSTMLayer, peepholes=True)
    assert sorted((c.inmod.name, c.outmod.name) for c in net.recurrentConns) \
        == [("hidden0", "hidden0"), ("hidden1", "hidden1")]
    report = check_gradient(net, X=rng.standard_normal((8, 2, 2)), rng=rng)
    assert report.ok, str(report)


def test_a_batch_of_sequences_equals_each_sequence_alone(rng):
    net = mixed_network()
    X = rng.standard_normal((7, 4, 3))
    net.reset()
    together = np.stack([net.activate(x) for x in X])
    for b in range(4):
        net.reset()
        alone = np.stack([net.activate(x) for x in X[:, b]])
        np.testing.assert_allclose(together[:, b], alone, rtol=1e-13, atol=1e-15)


def test_batched_bptt_equals_the_sum_of_single_sequences(rng):
    net = mixed_network()
    X, E = rng.standard_normal((6, 3, 3)), rng.standard_normal((6, 3, 2))
    net.resetDerivatives()
    net.run_forward(X)
    inerr = net.run_backward(E).copy()
    together = net.derivs.copy()
    net.resetDerivatives()
    for b in range(3):
        net.run_forward(X[:, b:b + 1])
        np.testing.assert_allclose(net.run_backward(E[:, b:b + 1])[:, 0], inerr[:, b],
                                   rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(net.derivs, together, rtol=1e-12, atol=1e-14)


def test_stepwise_back_activate_equals_a_whole_backward_pass(rng):
    lstm = LSTMLayer(2, peepholes=True)
    X, E = rng.standard_normal((5, 8)), rng.standard_normal((5, 2))
    lstm.reset()
    for x in X:
        lstm.activate(x)
    stepwise = np.array([lstm.backActivate(e) for e in E[::-1]])[::-1]
    stepwise_derivs = lstm.derivs.copy()
    lstm.resetDerivatives()
    lstm.run_forward(X[:, None])
    np.testing.assert_allclose(lstm.run_backward(E[:, None])[:, 0], stepwise, rtol=1e-13)
    np.testing.assert_allclose(lstm.derivs, stepwise_derivs, rtol=1e-13)


def test_peephole_weights_live_in_the_flat_vector(rng):
    net = example_network()
    lstm = net["lstm"]
    for view in (lstm.ingatePeepWeights, lstm.forgetgatePeepWeights, lstm.outgatePeepWeights):
        assert np.shares_memory(net.params, view)
    assert lstm.forgetgatePeepWeights[0] == -0.14
    X = rng.standard_normal((6, 1, 2))
    before = net.run_forward(X).copy()
    lstm.outgatePeepWeights[:] = 2.0
    assert net.params[14] == 2.0
    assert not np.allclose(net.run_forward(X), before)
    net.resetDerivatives()
    net.run_backward(np.ones((6, 1, 1)))
    assert np.all(lstm.derivs != 0)
    assert np.shares_memory(net.derivs, lstm.derivs)


def test_peephole_weights_are_drawn_from_the_global_state():
    np.random.seed(3)
    lstm = LSTMLayer(2, peepholes=True)
    np.random.seed(3)
    np.testing.assert_array_equal(lstm.params, np.random.randn(6))
    np.testing.assert_array_equal(lstm.outgatePeepWeights, lstm.params[4:])


def test_constructor_arguments_and_repr():
    lstm = LSTMLayer(3, peepholes=True, name="memory")
    assert list(lstm._constructor_args().items()) \
        == [("dim", 3), ("peepholes", True), ("name", "memory")]
    assert (lstm.indim, lstm.outdim, lstm.dim, lstm.sequential) == (12, 3, 3, True)
    assert repr(lstm) == "<LSTMLayer 'memory'>"


def test_state_is_kept_until_reset():
    lstm = LSTMLayer(1)
    x = [0.0, 3.0, 1.0, 0.0]
    first = lstm.activate(x)
    assert lstm.activate(x)[0] > first[0]
    lstm.reset()
    np.testing.assert_array_equal(lstm.activate(x), first)


def test_float32_network_agrees_with_float64(rng):
    np.random.seed(1)
    net64 = buildNetwork(2, 3, 1, hiddenclass=LSTMLayer, peepholes=True)
    np.random.seed(1)
    net32 = buildNetwork(2, 3, 1, hiddenclass=LSTMLayer, peepholes=True, dtype=np.float32)
    X = rng.standard_normal((5, 2, 2))
    out32 = net32.run_forward(X)
    assert out32.dtype == np.float32 and net32["hidden0"].state.dtype == np.float32
    np.testing.assert_allclose(out32, net64.run_forward(X), rtol=1e-5, atol=1e-5)


def test_input_of_the_wrong_width_is_refused():
    lstm = LSTMLayer(2)
    with pytest.raises(ValueError, match="expects 8 values per sample; got 2"):
        lstm.activate([1.0, 2.0])
    with pytest.raises(ValueError, match=r"a batch must have shape \(B, 8\)"):
        lstm.activate(np.zeros((3, 4)))
    with pytest.raises(ValueError, match="widths must match"):
        IdentityConnection(LinearLayer(2, name="a"), lstm)


def test_batch_size_may_not_change_within_a_sequence():
    lstm = LSTMLayer(1)
    lstm.activate(np.zeros((2, 4)))
    with pytest.raises(ValueError, match="batch size changed from 2 to 3"):
        lstm.activate(np.zeros((3, 4)))
