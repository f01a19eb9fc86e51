"""SoftmaxLayer: its backward passes the error through, on purpose (PyBrain's
[SURPRISE]): fed ``t - y`` it gives the cross-entropy gradient on the logits."""

import numpy as np

from brainkit import SoftmaxLayer
from brainkit.tools.gradientcheck import check_gradient, relative_error


def test_outputs_are_a_distribution(rng):
    y = SoftmaxLayer(5).activate(rng.standard_normal((4, 5)) * 3)
    assert np.all(y > 0)
    np.testing.assert_allclose(y.sum(axis=1), 1.0, rtol=1e-14)


def test_backward_passes_the_error_through(rng):
    layer = SoftmaxLayer(3)
    layer.activate(rng.standard_normal(3))
    err = rng.standard_normal(3)
    np.testing.assert_array_equal(layer.backActivate(err), err)


def test_error_t_minus_y_is_the_gradient_of_the_log_likelihood(rng):
    """With outerr = t - y and sum(t) = 1, the input error is
    d sum(t * log y) / dx, checked against central differences."""
    B, dim, eps = 4, 5, 1e-6
    layer = SoftmaxLayer(dim)
    X = rng.standard_normal((B, dim)) * 2
    t = rng.dirichlet(np.ones(dim), size=B)

    def objective(x):
        return float(np.sum(t * np.log(layer.activate(x))))

    y = layer.activate(X)
    analytic = layer.backActivate(t - y)
    numeric = np.empty_like(X)
    for idx in np.ndindex(*X.shape):
        up, down = X.copy(), X.copy()
        up[idx] += eps
        down[idx] -= eps
        numeric[idx] = (objective(up) - objective(down)) / (2 * eps)
    assert relative_error(analytic, numeric) < 1e-6


def test_a_plain_gradient_check_disagrees_on_purpose(rng):
    # documented: the softmax Jacobian is not applied, so sum(W * y) is not matched
    assert not check_gradient(SoftmaxLayer(3), rng=rng).ok
