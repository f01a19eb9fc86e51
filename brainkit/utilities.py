"""PyBrain's ``pybrain.utilities``: the helpers scripts use.

>>> one_to_n(2, 4).tolist(), int(n_to_one(np.array([0.0, 0.0, 1.0])))
([0.0, 0.0, 1.0, 0.0], 2)
>>> fListToString([0.12345, 1.0], 2)
'[0.12 , 1    ]'
>>> int2gray(5), gray2int(int2gray(5), 3), asBinary(6)
(7, 5, '110')
>>> list(iterCombinations((2, 2)))
[(0, 0), (0, 1), (1, 0), (1, 1)]
"""

import itertools
import random
import warnings

import numpy as np

from brainkit.structure.grid import decrementAny, iterCombinations, reachable, tupleRemoveItem
from brainkit.tools.validation import percentError

__all__ = ["percentError", "one_to_n", "n_to_one", "fListToString", "drawIndex", "drawGibbs",
           "iterCombinations", "crossproduct", "permute", "tupleRemoveItem", "decrementAny",
           "reachable", "int2gray", "gray2int", "asBinary",
           "r_argmax", "all_argmax", "seedit", "setAllArgs", "abstractMethod"]


def one_to_n(val, maxval):
    """A float vector of ``maxval`` zeros with a 1 at index ``val``."""
    encoded = np.zeros(maxval)
    encoded[val] = 1.0
    return encoded


def n_to_one(arr):
    """The index of the (first) 1 in a one-of-n vector."""
    return np.flatnonzero(np.asarray(arr) == 1)[0]


def fListToString(a_list, a_precision=3):
    """The numbers rounded to ``a_precision`` decimals, each padded to
    ``a_precision + 3`` characters, as "[a, b, ...]"."""
    parts = ("%g" % round(float(x), a_precision) for x in np.ravel(a_list))
    return "[" + ", ".join(p.ljust(a_precision + 3) for p in parts) + "]"


def drawIndex(probs, tolerant=False):
    """An index drawn with the given probabilities (Python's ``random``, as
    PyBrain). They must sum to 1 unless ``tolerant``, which normalises them."""
    probs = np.asarray(probs, dtype=float)
    total = probs.sum()
    if abs(total - 1.0) > 1e-5:
        if not tolerant:
            raise ValueError(f"drawIndex: the probabilities sum to {total}, not 1; "
                             "pass tolerant=True to normalise them")
        probs = probs / total
    return int(min(np.searchsorted(np.cumsum(probs), random.random(), side="right"),
                   len(probs) - 1))


def drawGibbs(vals, temperature=1.0):
    """An index drawn by a softmax of ``vals / temperature`` (exponents kept
    within [-20, 20] of the largest); at temperature 0, one of the largest
    values, ties broken at random."""
    vals = np.asarray(vals, dtype=float)
    if temperature == 0:
        return r_argmax(vals)
    z = vals / temperature
    z = np.maximum(z + 20.0 - z.max(), -20.0)
    p = np.exp(z)
    return drawIndex(p / p.sum())


def crossproduct(ss):
    """The cross product of the sequences in ``ss``, as a list of lists."""
    return [list(row) for row in itertools.product(*ss)]


def permute(arr, permutation):
    """``arr``'s items (along its first axis) in the given order, as an array."""
    return np.array([arr[i] for i in permutation])


def int2gray(i):
    """The Gray code of a non-negative integer."""
    return i ^ (i >> 1)


def gray2int(g, size):
    """The integer whose ``size``-bit Gray code is ``g``."""
    value = 0
    for shift in reversed(range(size)):
        value |= ((value >> 1) ^ g) & (1 << shift)
    return value


def asBinary(i):
    """The binary digits of a non-negative integer, without leading zeros."""
    return format(i, "b")


def r_argmax(v):
    """The index of the largest value, ties broken at random (Python's ``random``)."""
    return random.choice(all_argmax(v)) if len(v) > 1 else 0


def all_argmax(x):
    """Every index of the largest value."""
    x = np.asarray(x)
    return np.flatnonzero(x == x.max()).tolist()


def seedit(seed=0):
    """Seed both random number generators PyBrain-style code draws from:
    Python's ``random`` and numpy's global state."""
    random.seed(seed)
    np.random.seed(seed)


def setAllArgs(obj, argdict):
    """Set each attribute of ``obj`` named in ``argdict`` that ``obj`` already
    has; warn about the others (PyBrain printed a warning)."""
    for name, value in argdict.items():
        if hasattr(obj, name):
            setattr(obj, name, value)
        else:
            warnings.warn(f"setAllArgs: {type(obj).__name__} has no attribute {name!r}",
                          stacklevel=2)


def abstractMethod():
    """Raise NotImplementedError: for a method a subclass must provide."""
    raise NotImplementedError("Method not implemented!")
