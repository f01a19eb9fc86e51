"""MaxPoolingLayer and AveragePoolingLayer beyond the shared harness: more
geometries against direct loops (forward and backward, to 1e-12), ties, and
bad arguments."""

import numpy as np
import pytest

from brainkit import AveragePoolingLayer, MaxPoolingLayer
from tests.structure.harness import EXACT, _pool_oracle, distinct_inputs

GEOMETRIES = [
    # inshape, pool, stride
    ((1, 6, 6), 2, None),
    ((3, 7, 5), 3, 2),                 # overlapping, with a border left out
    ((2, 9, 8), (2, 3), (3, 1)),       # gaps between rows, overlap along rows
    ((1, 4, 4), 4, None),              # one window
    ((2, 5, 6), 1, (2, 3)),            # single pixels
]


def loop_backward(m, E, X, winner):
    """Input errors by a direct loop over windows: ``winner(window, e)`` gives
    the window's share of its error e, pixel by pixel."""
    (C, H, W), (ph, pw), (sh, sw), (_, OH, OW) = m.inshape, m.pool, m.stride, m.outshape
    x = X.reshape(len(X), C, H, W)
    e = E.reshape(len(X), C, OH, OW)
    dx = np.zeros_like(x)
    for n in range(len(X)):
        for c in range(C):
            for p in range(OH):
                for q in range(OW):
                    rows, cols = slice(p * sh, p * sh + ph), slice(q * sw, q * sw + pw)
                    dx[n, c, rows, cols] += winner(x[n, c, rows, cols], e[n, c, p, q])
    return dx.reshape(len(X), -1)


def first_maximum(window, e):
    share = np.zeros_like(window)
    share[np.unravel_index(np.argmax(window), window.shape)] = e   # argmax: the first
    return share


def mean_share(window, e):
    return np.full_like(window, e / window.size)


@pytest.mark.parametrize("cls, reduce, share", [
    (MaxPoolingLayer, np.max, first_maximum), (AveragePoolingLayer, np.mean, mean_share)])
@pytest.mark.parametrize("inshape, pool, stride", GEOMETRIES)
def test_forward_and_backward_match_direct_loops(rng, cls, reduce, share, inshape, pool,
                                                 stride):
    m = cls(inshape, pool, stride=stride)
    X = distinct_inputs(rng, (4, m.indim))
    Y = m.run_forward(X[None])[0]
    np.testing.assert_allclose(Y, _pool_oracle(reduce)(m, X[None])[0], **EXACT)
    E = rng.standard_normal(Y.shape)
    np.testing.assert_allclose(m.run_backward(E[None])[0], loop_backward(m, E, X, share),
                               **EXACT)


@pytest.mark.parametrize("stride", [None, 1])
def test_one_winner_per_window_the_first_of_equal_maxima(stride):
    m = MaxPoolingLayer((1, 2, 4), 2, stride=stride)
    X = np.array([[3.0, 3.0, 1.0, 2.0,
                   3.0, 0.0, 2.0, 2.0]])
    Y = m.activate(X)
    E = np.arange(1.0, m.outdim + 1)[None]
    dx = m.backActivate(E)
    np.testing.assert_array_equal(dx, loop_backward(m, E, X, first_maximum))
    if stride is None:
        np.testing.assert_array_equal(Y, [[3.0, 2.0]])
        np.testing.assert_array_equal(dx, [[1.0, 0.0, 0.0, 2.0, 0.0, 0.0, 0.0, 0.0]])


def test_shapes_and_arguments():
    m = MaxPoolingLayer((3, 7, 5), (2, 3), stride=(1, 2), name="p")
    assert m.outshape == (3, 6, 2) and (m.indim, m.outdim, m.paramdim) == (105, 36, 0)
    assert m._constructor_args() == {"inshape": (3, 7, 5), "pool": (2, 3), "stride": (1, 2),
                                     "name": "p"}
    assert AveragePoolingLayer((1, 4, 4), 2).stride == (2, 2)


@pytest.mark.parametrize("cls", [MaxPoolingLayer, AveragePoolingLayer])
@pytest.mark.parametrize("args, kwargs, message", [
    (((1, 8, 8), 0), {}, r"pool must be an integer >= 1 or a pair of them \(height, "
                         r"width\); got 0"),
    (((1, 8, 8), 2), {"stride": (1, 0)}, "stride must be an integer >= 1"),
    (((8, 8), 2), {}, r"inshape must be \(channels, height, width\)"),
    (((1, 3, 8), 4), {}, r"the pool 4x4 does not fit in the 3x8 image; make it smaller$"),
])
def test_bad_arguments_are_refused(cls, args, kwargs, message):
    with pytest.raises(ValueError, match=f"{cls.__name__} 'p': {message}"):
        cls(*args, name="p", **kwargs)
