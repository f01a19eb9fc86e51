"""BernoulliLayer: y = 1 with probability x (PyBrain's drew 1 with probability 1 - x)."""

import numpy as np

from brainkit.structure.modules.samplelayer import BernoulliLayer, SampleLayer


def test_ones_come_with_the_input_probability():
    np.random.seed(11)
    p = np.array([0.05, 0.3, 0.5, 0.9])
    n = 40000
    Y = BernoulliLayer(4).activate(np.tile(p, (n, 1)))
    assert set(np.unique(Y)) == {0.0, 1.0}
    # within 4.5 standard errors of a binomial proportion
    np.testing.assert_array_less(np.abs(Y.mean(axis=0) - p), 4.5 * np.sqrt(p * (1 - p) / n))


def test_draws_follow_numpys_global_state_one_per_unit_in_row_order():
    x = np.array([[0.8, 0.5, 0.2], [0.1, 0.6, 0.95]])
    np.random.seed(0)
    u = np.random.random_sample(x.shape)
    np.random.seed(0)
    y = BernoulliLayer(3).activate(x)
    np.testing.assert_array_equal(y, u < x)
    # with the same seed, PyBrain's [x <= u] (probability 1 - x) is exactly 1 - y
    np.testing.assert_array_equal(1 - y, x <= u)
    np.random.seed(0)
    np.testing.assert_array_equal(np.stack([BernoulliLayer(3).activate(r) for r in x]), y)


def test_backward_passes_no_error():
    layer = BernoulliLayer(2)
    layer.activate([0.3, 0.7])
    np.testing.assert_array_equal(layer.backActivate([1.0, -2.0]), [0.0, 0.0])
    assert isinstance(layer, SampleLayer) and layer.paramdim == 0
