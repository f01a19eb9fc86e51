"""Central differences of an objective with respect to an array changed in
place: the numerical side of the gradient checks (``BackpropTrainer.
_checkGradient`` and ``brainkit.tools.gradientcheck``).

>>> x = np.array([1.0, 2.0])
>>> numeric_gradient(x, lambda: float(np.sum(x ** 2))).round(6).tolist()
[2.0, 4.0]
"""

import numpy as np


def numeric_gradient(values, objective, eps=1e-6):
    """Central differences of ``objective()`` with respect to every entry of
    the array ``values``, which is changed in place and put back."""
    grad = np.empty(values.shape)
    for idx in np.ndindex(*values.shape):     # two runs per number: a check, not a hot path
        keep = values[idx]
        values[idx] = keep + eps
        up = objective()
        values[idx] = keep - eps
        down = objective()
        values[idx] = keep
        grad[idx] = (up - down) / (2 * eps)
    return grad


def directional_gradient(values, objective, directions, eps=1e-6):
    """Central differences of ``objective()`` along each of ``directions``
    (arrays shaped like ``values``, which is changed in place and put back)."""
    keep = values.copy()
    grads = []
    for v in directions:
        values[...] = keep + eps * v
        up = objective()
        values[...] = keep - eps * v
        down = objective()
        grads.append((up - down) / (2 * eps))
    values[...] = keep
    return np.array(grads)
