"""RPropMinusTrainer: PyBrain's lagged RProp-, the dataset taken by position."""

import io

import numpy as np

from brainkit import buildNetwork
from brainkit.datasets import SupervisedDataSet
from brainkit.trainers import RPropMinus, RPropMinusTrainer


def xor_data():
    ds = SupervisedDataSet(2, 1)
    for x, y in [((0, 0), 0), ((0, 1), 1), ((1, 0), 1), ((1, 1), 0)]:
        ds.addSample(x, (y,))
    return ds


def test_dataset_by_position_and_xor_converges():
    np.random.seed(1)
    net = buildNetwork(2, 3, 1)
    trainer = RPropMinusTrainer(net, xor_data())      # PyBrain made this etaminus
    assert trainer.ds is not None and trainer.descent.etaminus == 0.5
    trainer.trainEpochs(200)
    out = net.activate([[0, 0], [0, 1], [1, 0], [1, 1]]).ravel()
    assert list(out > 0.5) == [False, True, True, False]


def test_rule_follows_pybrains_lagged_steps():
    rule = RPropMinus(etaminus=0.5, etaplus=1.2, deltamin=1e-6, deltamax=5.0, delta0=0.1)
    p = np.zeros(3)
    rule.step(p, np.array([1.0, -1.0, 0.0]))
    np.testing.assert_allclose(p, [0.1, -0.1, 0.0])        # first step: delta0
    np.testing.assert_allclose(rule.delta, [0.1, 0.1, 0.1])  # no previous gradient yet
    rule.step(p, np.array([2.0, 1.0, 0.0]))
    # the step uses the sizes of the previous epoch, then they adapt
    np.testing.assert_allclose(p, [0.2, 0.0, 0.0])
    np.testing.assert_allclose(rule.delta, [0.12, 0.05, 0.1])
    np.testing.assert_allclose(rule.lastg, [2.0, 0.0, 0.0])  # forgotten on a flip


def test_one_update_per_epoch_on_the_full_batch():
    np.random.seed(2)
    net = buildNetwork(2, 3, 1)
    start = net.params.copy()
    ds = xor_data()
    net.resetDerivatives()
    for x, y in zip(ds["input"], ds["target"]):
        net.backActivate(y - net.activate(x))
    expected = start + np.sign(net.derivs) * 0.1
    net._setParameters(start)
    RPropMinusTrainer(net, ds).train()
    np.testing.assert_allclose(net.params, expected)


def test_verbose_line_is_pybrains_epoch_number_and_weight_before_the_update():
    out = io.StringIO()
    trainer = RPropMinusTrainer(buildNetwork(2, 3, 1), xor_data(), verbose=True, out=out)
    lines = []
    for epoch in range(2):
        weight = np.sqrt(np.mean(trainer.module.params ** 2))
        err = trainer.train()
        lines.append(f"epoch {epoch:6d}  total error {err:12.5g}   avg weight  {weight:12.5g}")
    assert out.getvalue() == "\n".join(lines) + "\n"
