"""The hook protocol: a subclass that overrides only its documented hooks runs
its own math in every path (a whole run, stepping, training, the gradient
check), and no run writes the caller's arrays."""

import numpy as np
import pytest

from brainkit import (FeedForwardNetwork, FullConnection, LinearLayer,
                      SigmoidLayer, buildNetwork)
from brainkit.structure.connections.connection import Connection
from brainkit.structure.modules.module import Module
from brainkit.structure.modules.neuronlayer import NeuronLayer
from brainkit.tools.gradientcheck import check_gradient
from tests.structure.networks.builders import chain


class DoubledConnection(FullConnection):
    """Twice a full connection's product, through the documented hooks only."""

    def _forward(self, inbuf, outbuf):
        outbuf += 2.0 * inbuf @ self.weights.T

    def _backward(self, outerr, inerr, inbuf):
        if inerr is not None:
            inerr += 2.0 * outerr @ self.weights
        self.weight_derivs += 2.0 * outerr.T @ inbuf


class SuperCallingConnection(FullConnection):
    """Doubles by calling the parent's math, the way ported code often does."""

    def _forward(self, inbuf, outbuf):
        FullConnection._forward(self, 2.0 * inbuf, outbuf)

    def _backward(self, outerr, inerr, inbuf):
        FullConnection._backward(self, outerr, inerr, 2.0 * inbuf)
        if inerr is not None:
            inerr *= 2.0        # only this connection adds into inerr in the probe below


class DoubledLayer(LinearLayer):
    def _forward(self, inbuf, outbuf):
        outbuf[:] = 2.0 * inbuf

    def _backward(self, outerr, inerr, outbuf, inbuf):
        inerr[:] = 2.0 * outerr


class PortedSigmoid(SigmoidLayer):
    """A PyBrain-style subclass: its math under PyBrain's hook names."""

    def _forwardImplementation(self, inbuf, outbuf):
        SigmoidLayer._forwardImplementation(self, inbuf, outbuf)
        outbuf *= 3.0

    def _backwardImplementation(self, outerr, inerr, outbuf, inbuf):
        s = outbuf / 3.0
        inerr[:] = 3.0 * outerr * s * (1.0 - s)


def two_layers(conn_class, indim=2, outdim=1):
    net = FeedForwardNetwork()
    a, b = LinearLayer(indim, name="a"), LinearLayer(outdim, name="b")
    net.addInputModule(a)
    net.addOutputModule(b)
    net.addConnection(conn_class(a, b, name="c"))
    net.sortModules()
    net.params[:] = 1.0
    return net


@pytest.mark.parametrize("cls", [DoubledConnection, SuperCallingConnection])
def test_a_connection_subclass_computes_its_own_numbers_in_a_network(cls):
    net = two_layers(cls)
    assert net.activate([1.0, 2.0]) == pytest.approx([6.0])
    # a training pass ("fresh" derivatives) and backActivate agree: d/dw of 2 w.x
    net.run_forward(np.array([[[1.0, 2.0]]]))
    net.run_backward(np.ones((1, 1, 1)), mode="fresh")
    np.testing.assert_allclose(net.derivs, [2.0, 4.0])
    net.resetDerivatives()
    net.activate([1.0, 2.0])
    np.testing.assert_allclose(net.backActivate([1.0]), [2.0, 2.0])
    np.testing.assert_allclose(net.derivs, [2.0, 4.0])


def test_a_connection_subclass_gets_the_defaults_of_the_fast_variants():
    assert DoubledConnection._forward_assign is Connection._forward_assign
    assert DoubledConnection._backward_fresh is Connection._backward_fresh
    assert DoubledConnection._backward_params is Connection._backward_params
    assert FullConnection._forward_assign is not Connection._forward_assign


class SlightlyWrong(FullConnection):
    """Forward is a full connection's; backward reports weight derivatives 1 % too big."""

    def _backward(self, outerr, inerr, inbuf):
        if inerr is not None:
            inerr += outerr @ self.weights
        self.weight_derivs += 1.01 * (outerr.T @ inbuf)


def test_the_gradient_check_catches_a_wrong_recurrent_connection(rng):
    net = chain(LinearLayer(2, name="a"), SigmoidLayer(3, name="h"), LinearLayer(1, name="b"),
                recurrent=SlightlyWrong)
    report = check_gradient(net, rng=rng, T=5)
    assert not report.ok
    assert report.param_errors["h_h"] > 1e-3
    assert report.param_errors["a_h"] < 1e-6


def test_a_linear_layer_subclass_is_not_an_identity_any_more():
    assert DoubledLayer.identity is False and LinearLayer.identity is True
    layer = DoubledLayer(2, name="d")
    np.testing.assert_allclose(layer.activate([1.0, 2.0]), [2.0, 4.0])
    net = chain(LinearLayer(2, name="a"), layer, LinearLayer(2, name="out"))
    net.params[:] = np.eye(2).ravel().tolist() * 2
    np.testing.assert_allclose(net.activate([1.0, 2.0]), [2.0, 4.0])


def test_pybrain_hook_names_count_at_any_depth():
    assert PortedSigmoid._forward is PortedSigmoid.__dict__["_forwardImplementation"]
    np.testing.assert_allclose(PortedSigmoid(1).activate([0.0]), [1.5])
    net = buildNetwork(1, 1, bias=False, outclass=PortedSigmoid)
    net.params[:] = 1.0
    np.testing.assert_allclose(net.activate([0.0]), [1.5])
    assert check_gradient(net, rng=np.random.default_rng(0)).ok


class Scribbler(NeuronLayer):
    """Writes into its own input buffer (allowed: the buffer is the module's)."""

    def _forward(self, inbuf, outbuf):
        outbuf[:] = inbuf
        inbuf[:] = 0.0

    def _backward(self, outerr, inerr, outbuf, inbuf):
        inerr[:] = outerr


@pytest.mark.parametrize("B", [3, 20000])     # the second is read in place if it can be
def test_the_callers_array_is_never_written(rng, B):
    a = Scribbler(4, name="a")
    net = chain(a, LinearLayer(2, name="b"))
    X = rng.standard_normal((B, 4))
    before = X.copy()
    out = net.activate(X)
    np.testing.assert_array_equal(X, before)
    np.testing.assert_allclose(out, before @ net.connections[a][0].weights.T)


def test_an_abstract_module_names_what_it_lacks():
    class Empty(Module):
        pass
    with pytest.raises(NotImplementedError, match="Empty defines no _forward"):
        Empty(1, 1).activate([1.0])


class Recorder(NeuronLayer):
    """A layer with parameters that notes whether it was asked for input errors."""

    skip_input_error = True

    def __init__(self, dim, name=None):
        NeuronLayer.__init__(self, dim, name=name, paramdim=dim)
        self.asked = []

    def _forward(self, inbuf, outbuf):
        outbuf[:] = inbuf * self.params

    def _backward(self, outerr, inerr, outbuf, inbuf):
        self.asked.append(inerr is not None)
        if inerr is not None:
            inerr[:] = outerr * self.params
        self._derivs += (outerr * inbuf).sum(axis=0)


@pytest.mark.parametrize("mode, asked", [("inputs", True), ("accumulate", False),
                                         ("fresh", False)])
def test_a_layer_may_skip_input_errors_nobody_reads(mode, asked, rng):
    # input -> (no parameters) -> recorder: in training nobody reads its input errors
    from brainkit import IdentityConnection
    rec = Recorder(3, name="r")
    net = chain(LinearLayer(3, name="a"), rec, LinearLayer(3, name="b"),
                connections=[IdentityConnection, IdentityConnection])
    net.run_forward(rng.standard_normal((1, 2, 3)))
    net.run_backward(rng.standard_normal((1, 2, 3)), mode=mode)
    assert rec.asked == [asked]


def test_skip_input_error_counts_only_with_its_math():
    class Reworked(Recorder):
        def _backward(self, outerr, inerr, outbuf, inbuf):
            inerr[:] = outerr
    assert Recorder.skip_input_error is True and Reworked.skip_input_error is False
