"""GaussianLayer: y ~ N(x, s**2), s = expln(p); backward is the gradient of the
log-likelihood of the drawn sample (policy gradients), not of the output error."""

import numpy as np
import pytest

from brainkit.structure.modules import GaussianLayer
from brainkit.structure.modules.gaussianlayer import expln, explnPrime
from brainkit.tools.gradientcheck import relative_error

P = np.array([-0.7, 0.3, 1.5])      # both branches of expln


def layer_with(p, name="g"):
    layer = GaussianLayer(len(p), name=name)
    layer.setSigma(p)
    return layer


def log_likelihood(Y, X, p):
    s = expln(p)
    return float(np.sum(-np.log(s) - 0.5 * np.log(2 * np.pi) - (Y - X) ** 2 / (2 * s**2)))


def central(f, z, eps=1e-6):
    out = np.empty_like(z)
    for idx in np.ndindex(*z.shape):
        up, down = z.copy(), z.copy()
        up[idx] += eps
        down[idx] -= eps
        out[idx] = (f(up) - f(down)) / (2 * eps)
    return out


def test_starts_with_unit_spread():
    layer = GaussianLayer(3)
    np.testing.assert_array_equal(layer.params, 0.0)
    np.testing.assert_array_equal(expln(layer.params), 1.0)


def test_expln_is_smooth_and_positive():
    z = np.array([-3.0, -1e-9, 1e-9, 2.0])
    assert np.all(expln(z) > 0)
    np.testing.assert_allclose(explnPrime(z), central(lambda v: float(expln(v).sum()), z),
                               rtol=1e-5)


def test_forward_draws_from_numpys_global_state(rng):
    layer = layer_with(P)
    x = rng.standard_normal((2, 3))
    np.random.seed(3)
    y = layer.activate(x)
    np.random.seed(3)
    np.testing.assert_array_equal(y, np.random.normal(x, expln(P)))


def test_samples_have_mean_x_and_spread_s():
    np.random.seed(7)
    B = 20000
    x = np.tile([1.5, -2.0, 0.25], (B, 1))
    Y = layer_with(P).activate(x)
    s = expln(P)
    assert np.all(np.abs(Y.mean(axis=0) - x[0]) < 5 * s / np.sqrt(B))
    np.testing.assert_allclose(Y.std(axis=0), s, rtol=0.03)


@pytest.mark.parametrize("T", [1, 3])
def test_backward_is_the_log_likelihood_gradient_of_the_frozen_sample(rng, T):
    layer = layer_with(P)
    X = rng.standard_normal((T, 4, 3))
    Y = layer.run_forward(X).copy()
    layer.resetDerivatives()
    # the output error is ignored: the gradient is that of the sample's likelihood
    inerr = layer.run_backward(rng.standard_normal(Y.shape))

    dx = central(lambda Z: log_likelihood(Y, Z, P), X)
    dp = central(lambda q: log_likelihood(Y, X, q), P.copy())
    assert relative_error(inerr, dx) < 1e-6
    assert relative_error(layer.derivs, dp) < 1e-6


def test_autoalpha_scales_both_gradients_by_s_squared(rng):
    layer = layer_with(P)
    layer.autoalpha = True
    x = rng.standard_normal((4, 3))
    y = layer.activate(x)
    layer.resetDerivatives()
    inerr = layer.backActivate(np.zeros_like(y))
    s = expln(P)
    np.testing.assert_allclose(inerr, y - x, rtol=1e-12)
    want = (((y - x) ** 2 - s**2) / s * explnPrime(P)).sum(axis=0)
    np.testing.assert_allclose(layer.derivs, want, rtol=1e-12)


def test_disabled_it_is_the_identity_both_ways(rng):
    layer = layer_with(P)
    layer.enabled = False
    x, err = rng.standard_normal(3), rng.standard_normal(3)
    np.testing.assert_array_equal(layer.activate(x), x)
    np.testing.assert_array_equal(layer.backActivate(err), err)
    np.testing.assert_array_equal(layer.derivs, 0.0)


def test_set_sigma_checks_the_length():
    with pytest.raises(ValueError, match="has 3 parameters; got 2"):
        GaussianLayer(3, name="g").setSigma([1.0, 2.0])
