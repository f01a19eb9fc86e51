"""Named losses: their figures, their gradients end to end, and their checks."""

import numpy as np
import pytest

from brainkit import (LinearLayer, LSTMLayer, SigmoidLayer, SoftmaxLayer, TanhLayer,
                      buildNetwork)
from brainkit.datasets import SequentialDataSet, SupervisedDataSet
from brainkit.tools.gradientcheck import check_loss_gradient
from brainkit.trainers import BackpropTrainer
from brainkit.trainers.losses import LOSSES, get_loss


@pytest.mark.parametrize("loss, outclass", [
    ("sse", LinearLayer), ("sse", SigmoidLayer), ("sse", TanhLayer),
    ("mse", LinearLayer), ("mse", SigmoidLayer), ("mse", SoftmaxLayer),
    ("crossentropy", SoftmaxLayer), ("crossentropy", SigmoidLayer)])
def test_every_loss_passes_the_gradient_check(loss, outclass, rng):
    net = buildNetwork(3, 4, 3, outclass=outclass, rng=rng, init="glorot")
    report = check_loss_gradient(net, loss, rng=rng)
    assert report.ok, str(report)


def test_losses_pass_the_gradient_check_through_time(rng):
    net = buildNetwork(2, 3, 2, hiddenclass=LSTMLayer, outclass=SoftmaxLayer, rng=rng,
                       init="glorot")
    assert check_loss_gradient(net, "crossentropy", rng=rng).ok


def test_pybrain_loss_behind_a_softmax_follows_the_cross_entropy_on_purpose(rng):
    # SoftmaxLayer's pass-through [SURPRISE]: target - output is the cross-entropy's gradient
    net = buildNetwork(3, 4, 3, outclass=SoftmaxLayer, rng=rng, init="glorot")
    X = rng.standard_normal((1, 5, 3))
    Y = np.eye(3)[rng.integers(0, 3, 5)][None]
    assert not check_loss_gradient(net, "sse", X=X, targets=Y, rng=rng).ok
    sse = BackpropTrainer(net, loss="sse")
    ce = BackpropTrainer(net, loss="crossentropy")
    E1, _, _ = sse._forward_error(X, Y, None)
    E1 = E1.copy()
    E2, _, _ = ce._forward_error(X, Y, None)
    assert np.allclose(E1, E2)


def test_figures_by_hand():
    z = np.array([[[0.0, np.log(3.0)]]])            # softmax: (0.25, 0.75)
    net = buildNetwork(2, 2, outclass=SoftmaxLayer, bias=False)
    net._setParameters([1.0, 0.0, 0.0, 1.0])
    ds = SupervisedDataSet.fromArrays(z[0], [[0.0, 1.0]])
    ce = BackpropTrainer(net, ds, loss="crossentropy")
    assert ce.testOnData() == pytest.approx(-np.log(0.75), rel=1e-12)
    mse = BackpropTrainer(net, ds, loss="mse")
    assert mse.testOnData() == pytest.approx((0.25 ** 2 + 0.25 ** 2) / 2, rel=1e-12)
    sse = BackpropTrainer(net, ds)
    assert sse.testOnData() == pytest.approx(0.5 * (0.25 ** 2 + 0.25 ** 2) / 2, rel=1e-12)


def test_binary_cross_entropy_is_computed_from_the_logits_without_overflow():
    net = buildNetwork(1, 1, outclass=SigmoidLayer, bias=False)
    net._setParameters([1.0])
    ds = SupervisedDataSet.fromArrays([[800.0], [-800.0]], [[0.0], [0.0]])
    error = BackpropTrainer(net, ds, loss="crossentropy").testOnData()
    assert error == pytest.approx(800.0 / 2, rel=1e-12)     # softplus(800) = 800, ~0


def test_mean_reduction_divides_the_gradient_by_the_batch(rng):
    X, Y = rng.standard_normal((8, 2)), rng.standard_normal((8, 1))
    ds = SupervisedDataSet.fromArrays(X, Y)
    a, b = (buildNetwork(2, 3, 1, rng=np.random.default_rng(0), init="glorot")
            for _ in range(2))
    BackpropTrainer(a, ds, learningrate=0.1, batchsize=8, shuffle=False).train()
    BackpropTrainer(b, ds, learningrate=0.8, batchsize=8, shuffle=False,
                    reduction="mean").train()
    assert np.allclose(a.params, b.params, rtol=1e-12)


def test_mean_reduction_with_batch_learning_divides_by_the_epoch(rng):
    X, Y = rng.standard_normal((10, 2)), rng.standard_normal((10, 1))
    ds = SupervisedDataSet.fromArrays(X, Y)
    a, b = (buildNetwork(2, 3, 1, rng=np.random.default_rng(0), init="glorot")
            for _ in range(2))
    BackpropTrainer(a, ds, learningrate=0.01, batchlearning=True).train()
    BackpropTrainer(b, ds, learningrate=0.1, batchlearning=True, reduction="mean").train()
    assert np.allclose(a.params, b.params, rtol=1e-12)


def test_mean_reduction_over_sequences_counts_their_steps(rng):
    ds = SequentialDataSet(1, 2)
    for length in (3, 5):
        ds.newSequence()
        for _ in range(length):
            ds.addSample(rng.standard_normal(1), np.eye(2)[rng.integers(0, 2)])
    a, b = (buildNetwork(1, 3, 2, hiddenclass=LSTMLayer, outclass=SoftmaxLayer,
                         rng=np.random.default_rng(0), init="glorot") for _ in range(2))
    BackpropTrainer(a, ds, learningrate=0.01, batchsize=2, shuffle=False,
                    loss="crossentropy").train()
    BackpropTrainer(b, ds, learningrate=0.08, batchsize=2, shuffle=False,
                    loss="crossentropy", reduction="mean").train()
    assert np.allclose(a.params, b.params, rtol=1e-10)


def test_the_reported_error_says_which_loss_it_is(rng):
    import io
    ds = SupervisedDataSet.fromArrays(rng.standard_normal((4, 2)), rng.standard_normal((4, 1)))
    out = io.StringIO()
    trainer = BackpropTrainer(buildNetwork(2, 2, 1), ds, loss="mse", verbose=True, out=out)
    error = trainer.train()
    assert out.getvalue() == f"Total error (mean squared error): {error}\n"
    assert trainer.history == [error] and trainer.history.loss.name == "mse"
    assert "PyBrain" in BackpropTrainer(buildNetwork(2, 2, 1)).history.loss.description


def test_cross_entropy_training_learns_classes(rng):
    X = rng.standard_normal((60, 2))
    labels = (X[:, 0] + X[:, 1] > 0).astype(int)
    ds = SupervisedDataSet.fromArrays(X, np.eye(2)[labels])
    net = buildNetwork(2, 4, 2, outclass=SoftmaxLayer, rng=rng, init="glorot")
    trainer = BackpropTrainer(net, ds, learningrate=0.5, batchsize=10, seed=0,
                              loss="crossentropy", reduction="mean")
    first = trainer.train()
    trainer.trainEpochs(30)
    assert trainer.history[-1] < first / 3
    assert np.mean(net.activate(X).argmax(axis=1) == labels) > 0.9


def test_unknown_loss_and_reduction_are_refused():
    net = buildNetwork(2, 2, 1)
    with pytest.raises(ValueError, match="loss must be one of 'sse', 'mse', 'crossentropy'"):
        BackpropTrainer(net, loss="mae")
    with pytest.raises(ValueError, match="reduction must be 'sum'"):
        BackpropTrainer(net, reduction="avg")
    assert sorted(LOSSES) == ["crossentropy", "mse", "sse"]
    assert get_loss(get_loss("mse")).name == "mse"


def test_cross_entropy_needs_the_right_output_layer_and_targets():
    ds = SupervisedDataSet.fromArrays([[0.0, 1.0]], [[2.0, -1.0]])
    with pytest.raises(ValueError, match="needs a SoftmaxLayer .* LinearLayer"):
        BackpropTrainer(buildNetwork(2, 2, 2), ds, loss="crossentropy")
    with pytest.raises(ValueError, match="targets between 0 and 1; got values from -1 to 2"):
        BackpropTrainer(buildNetwork(2, 2, 2, outclass=SigmoidLayer), ds, loss="crossentropy")
    half = SupervisedDataSet.fromArrays([[0.0, 1.0]], [[0.5, 0.0]])
    with pytest.raises(ValueError, match="each target row to sum to 1"):
        BackpropTrainer(buildNetwork(2, 2, 2, outclass=SoftmaxLayer), half,
                        loss="crossentropy")


class JacobianSoftmax(SoftmaxLayer):
    """A softmax whose backward applies its Jacobian (not PyBrain's pass-through)."""

    def _backward(self, outerr, inerr, outbuf, inbuf):
        inerr[:] = outbuf * (outerr - np.sum(outerr * outbuf, axis=-1, keepdims=True))


@pytest.mark.parametrize("loss", ["crossentropy", "mse"])
def test_a_softmax_subclass_with_its_own_backward_gets_exact_gradients(loss, rng):
    net = buildNetwork(3, 4, 3, outclass=JacobianSoftmax)
    report = check_loss_gradient(net, loss, rng=rng)
    assert report.ok, str(report)
