"""The gradient checker users can call: it passes correct code and names the
component that is wrong."""

import numpy as np
import pytest

from brainkit import (FeedForwardNetwork, FullConnection, LinearLayer, SigmoidLayer, SoftmaxLayer,
                      buildNetwork)
from brainkit.tools.gradientcheck import (check_gradient, check_loss_gradient, gradientCheck,
                                         relative_error)
from tests.structure.networks.builders import chain


class WrongSigmoid(SigmoidLayer):
    def _backward(self, outerr, inerr, outbuf, inbuf):
        inerr[:] = outerr * outbuf          # forgot (1 - y)


class WrongFull(FullConnection):
    def _backward(self, outerr, inerr, inbuf):
        FullConnection._backward(self, outerr, inerr, inbuf)
        self.weight_derivs *= 1.01          # 1% off


def two_step_net(conn_cls=FullConnection, hidden_cls=SigmoidLayer):
    net = FeedForwardNetwork(name="n")
    a, h, b = LinearLayer(2, name="a"), hidden_cls(3, name="h"), LinearLayer(2, name="b")
    net.addInputModule(a)
    net.addModule(h)
    net.addOutputModule(b)
    net.addConnection(FullConnection(a, h, name="good"))
    net.addConnection(conn_cls(h, b, name="suspect"))
    net.sortModules()
    return net


def test_a_correct_network_passes_and_is_left_as_it_was(rng):
    net = buildNetwork(3, 4, 2)
    params = net.params.copy()
    report = check_gradient(net, rng=rng)
    assert report.ok and report.worst < 1e-7
    assert "gradient check ok" in str(report)
    np.testing.assert_array_equal(net.params, params)
    assert not net.derivs.any() and net.offset == 0


def test_a_wrong_module_backward_is_caught(rng):
    report = check_gradient(WrongSigmoid(3, name="w"), rng=rng)
    assert not report.ok and report.input_error > 1e-2
    assert "FAILED" in str(report)
    net_report = check_gradient(two_step_net(hidden_cls=WrongSigmoid), rng=rng)
    assert not net_report.ok and net_report.param_errors["good"] > 1e-2


def test_a_wrong_connection_is_named(rng):
    report = check_gradient(two_step_net(conn_cls=WrongFull), rng=rng)
    assert not report.ok
    assert report.param_errors["suspect"] > 1e-3
    assert report.param_errors["good"] < 1e-7
    assert "suspect: relative error" in str(report)


def test_pybrain_name_returns_a_bool(rng):
    assert gradientCheck(buildNetwork(2, 2, 1), rng=rng) is True
    assert gradientCheck(WrongSigmoid(2), rng=rng) is False


def test_a_loss_is_checked_along_random_directions_too(rng):
    net = buildNetwork(3, 4, 3, outclass=SoftmaxLayer, rng=rng, init="glorot")
    assert check_loss_gradient(net, "crossentropy", rng=rng, directions=3).ok
    X = rng.standard_normal((1, 5, 3))
    Y = np.eye(3)[rng.integers(0, 3, 5)][None]      # sse behind a softmax is not its gradient
    report = check_loss_gradient(net, "sse", X=X, targets=Y, rng=rng, directions=3)
    assert not report.ok and report.input_error > 1e-3


def test_relative_error():
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0
    assert relative_error(np.array([1.0, 2.0]), np.array([1.0, 2.2])) == \
        pytest.approx(0.2 / 2.2, rel=1e-12)


def test_random_directions_check_a_network_too_big_for_the_full_check(rng):
    net = buildNetwork(64, 128, 64, 10)            # 17,226 parameters
    report = check_gradient(net, rng=rng, directions=3)
    assert report.ok, str(report)
    assert set(report.param_errors) == {c.name for c in net._containers}


def test_random_directions_name_the_wrong_block(rng):
    net = chain(LinearLayer(40, name="a"), SigmoidLayer(60, name="h"), LinearLayer(30, name="b"),
                connections=[FullConnection, WrongFull])
    report = check_gradient(net, rng=rng, directions=3)
    assert not report.ok
    assert report.param_errors["h_b"] > 1e-3 and report.param_errors["a_h"] < 1e-6


@pytest.mark.parametrize("check", [lambda net, X, rng: check_gradient(net, X, rng=rng),
                                   lambda net, X, rng: check_loss_gradient(net, "mse", X, rng=rng)])
def test_the_caller_s_inputs_are_never_written(check, rng):
    X = rng.standard_normal((1, 3, 2))
    given = X.copy()
    X.flags.writeable = False           # nudged in place, it would raise
    assert check(buildNetwork(2, 3, 1), X, rng).ok
    np.testing.assert_array_equal(X, given)
