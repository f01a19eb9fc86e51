"""MixtureDensityLayer: mixing coefficients, spreads and means out; errors passed through."""

import numpy as np

from brainkit.structure.modules.mixturedensity import MixtureDensityLayer


def test_layout_and_values():
    layer = MixtureDensityLayer(2, name="mdn", mix=3)
    assert (layer.indim, layer.outdim, layer.nGaussians, layer.nDims) == (12, 12, 3, 2)
    assert layer._constructor_args() == {"dim": 2, "name": "mdn", "mix": 3}
    z = np.array([1.0, 2.0, 3.0, 0.0, -1.0, 600.0, *range(6)])
    y = layer.activate(z)
    np.testing.assert_allclose(y[:3], np.exp([1, 2, 3]) / np.exp([1, 2, 3]).sum(), rtol=1e-15)
    np.testing.assert_allclose(y[3:6], [1.0, np.exp(-1.0), np.exp(500.0)], rtol=1e-15)
    np.testing.assert_array_equal(y[6:], range(6))


def test_large_mixing_inputs_stay_finite():
    y = MixtureDensityLayer(1, mix=2).activate([1e4, 0.0, 0.0, 0.0, 0.0, 0.0])
    np.testing.assert_array_equal(y[:2], [1.0, 0.0])


def test_backward_passes_the_trainers_error_through():
    layer = MixtureDensityLayer(1, mix=2)
    layer.activate(np.zeros(6))
    np.testing.assert_array_equal(layer.backActivate(np.arange(6.0)), np.arange(6.0))
