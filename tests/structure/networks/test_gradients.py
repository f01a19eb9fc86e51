"""Whole networks against central differences (float64, 1e-6 relative)."""

import numpy as np
import pytest

from brainkit import FeedForwardNetwork, FullConnection, IdentityConnection, LinearLayer, \
    SigmoidLayer, TanhLayer
from tests.structure.harness import check_gradients
from tests.structure.networks.builders import parallel_ffn, simple_rnn


def test_feedforward_with_two_parallel_hidden_layers(rng):
    net = parallel_ffn()
    report = check_gradients(net, rng.standard_normal((1, 4, 3)), rng)
    assert set(report.param_errors) == {c.name for c in net._containers}
    assert len(report.param_errors) == 7


@pytest.mark.parametrize("T", [5, 9])
def test_recurrent_network_through_time(rng, T):
    net = simple_rnn()
    net.params[:] *= 0.7     # keep the recurrent units out of saturation
    check_gradients(net, rng.standard_normal((T, 3, 2)), rng)


def test_several_inputs_and_outputs_with_sliced_connections(rng):
    net = FeedForwardNetwork(name="multi")
    a, b = LinearLayer(2, name="a"), LinearLayer(3, name="b")
    h, o1, o2 = TanhLayer(4, name="h"), SigmoidLayer(2, name="o1"), LinearLayer(3, name="o2")
    net.addInputModule(a)
    net.addInputModule(b)
    net.addModule(h)
    net.addOutputModule(o1)
    net.addOutputModule(o2)
    net.addConnection(FullConnection(a, h, name="ah", outSliceTo=2))
    net.addConnection(FullConnection(b, h, name="bh", inSliceFrom=1, outSliceFrom=1))
    net.addConnection(FullConnection(h, o1, name="ho1"))
    net.addConnection(IdentityConnection(h, o2, name="ho2", inSliceFrom=1))
    net.addConnection(IdentityConnection(b, o1, name="bo1", inSliceTo=2))
    net.sortModules()
    assert (net.indim, net.outdim) == (5, 5)
    check_gradients(net, rng.standard_normal((1, 3, 5)), rng)


def test_back_activate_through_time_equals_the_batch_backward(rng):
    """BPTT with activate/backActivate one step at a time gives the derivs and
    input errors of run_forward/run_backward over the whole sequence."""
    net = simple_rnn()
    X, E = rng.standard_normal((6, 2, 2)), rng.standard_normal((6, 2, 2))
    net.resetDerivatives()
    net.run_forward(X)
    inerr = net.run_backward(E).copy()
    derivs = net.derivs.copy()

    net.reset()
    net.resetDerivatives()
    for x in X:
        net.activate(x)
    got = [net.backActivate(e) for e in E[::-1]][::-1]
    np.testing.assert_allclose(got, inerr, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(net.derivs, derivs, rtol=1e-12, atol=1e-15)


def test_derivs_accumulate_until_reset(rng):
    net = parallel_ffn()
    x, e = rng.standard_normal(3), rng.standard_normal(2)
    net.resetDerivatives()
    net.activate(x)
    net.backActivate(e)
    once = net.derivs.copy()
    net.activate(x)
    net.backActivate(e)
    np.testing.assert_allclose(net.derivs, 2 * once)
    net.resetDerivatives()
    assert not net.derivs.any()
