"""PyBrain's ``pybrain.tools.functions``: the elementwise functions of its
layers, vectorised, on numbers or arrays (a new array is returned).

>>> float(sigmoid(0.0)), float(tanhPrime(0.0)), round(float(semilinear(-1.0)), 4)
(0.5, 1.0, 0.3679)
>>> softmax([1.0, 1.0]).tolist()
[0.5, 0.5]
"""

import numpy as np

from brainkit.structure.modules.gaussianlayer import expln, explnPrime
from brainkit.structure.modules.sigmoidlayer import sigmoid as _sigmoid_into

# numpy's, importable from here as from PyBrain's module (which took them from scipy)
from numpy import exp, log, tanh  # noqa: E402,F401

__all__ = ["exp", "log", "tanh", "safeExp", "sigmoid", "sigmoidPrime", "tanhPrime",
           "semilinear", "semilinearPrime", "expln", "explnPrime", "softmax"]


def _floats(x):
    return np.array(x, dtype=float)


def safeExp(x):
    """exp(x) with x clipped to [-500, 500], so it neither overflows nor underflows to 0."""
    return np.exp(np.clip(_floats(x), -500.0, 500.0))


def sigmoid(x):
    """The logistic function 1 / (1 + exp(-x)), x clipped at -500 as in SigmoidLayer."""
    x = _floats(x)
    return _sigmoid_into(x, out=x)


def sigmoidPrime(x):
    """The logistic function's slope s (1 - s) at x."""
    s = sigmoid(x)
    return s * (1.0 - s)


def tanhPrime(x):
    """tanh's slope 1 - tanh(x)**2."""
    t = np.tanh(_floats(x))
    return 1.0 - t * t


def _as_pybrain(given, result):
    """PyBrain's semilinear gave a list (anything without a ``shape``) back as
    one row, shape (1, n); an array keeps its shape."""
    return result.reshape(1, -1) if not hasattr(given, "shape") and result.ndim == 1 else result


def semilinear(x):
    """x + 1 for x >= 0 and exp(x) below: positive, continuous, smooth at 0.
    A list comes back as one row, (1, n), as in PyBrain."""
    v = _floats(x)
    return _as_pybrain(x, np.where(v >= 0, v + 1.0, safeExp(np.minimum(v, 0.0))))


def semilinearPrime(x):
    """The slope of ``semilinear``: 1 for x >= 0, exp(x) below (a list: one row, as there)."""
    v = _floats(x)
    return _as_pybrain(x, np.where(v >= 0, 1.0, safeExp(np.minimum(v, 0.0))))


def softmax(x):
    """exp(x_i) / sum_j exp(x_j) over the last axis (the row maximum taken
    out first, so any finite input is safe)."""
    x = _floats(x)
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)
