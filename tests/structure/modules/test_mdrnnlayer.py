"""MdrnnLayer: a multi-dimensional LSTM network over a grid, in one layer."""

import numpy as np
import pytest

from brainkit import MdrnnLayer


def test_parameter_views_in_their_order():
    layer = MdrnnLayer(2, (4, 4), 3, 2, blockshape=(2, 1))
    gates = 5 * 3
    assert layer.grid == (2, 4) and layer.blocksize == 2 and layer.sequenceLength == 8
    sizes = [len(layer.inParams)] + [len(p) for p in layer.predParams] + \
        [len(layer.outParams), len(layer.biasParams)]
    assert sizes == [2 * gates, 2 * gates, 2 * gates, 2 * 3, gates + 2]
    assert sum(sizes) == layer.paramdim == layer.num_params
    assert np.shares_memory(layer.outParams, layer.params)
    # PyBrain put outParams and biasParams one predecessor block too early
    assert layer.outParams[0] == layer.params[2 * gates + 2 * 2 * gates]


def test_an_anti_diagonal_at_a_time():
    layer = MdrnnLayer(3, (2, 3, 4), 1, 1)
    assert len(layer._levels) == 2 + 3 + 4 - 2
    bounds = [(a, b) for a, b, _ in layer._levels]
    assert bounds[0] == (0, 1) and bounds[-1] == (23, 24)
    assert all(b == a2 for (_, b), (a2, _) in zip(bounds, bounds[1:]))
    assert sorted(layer._order) == list(range(24))


def test_the_first_cell_sees_only_its_block_and_later_cells_see_earlier_ones(rng):
    layer = MdrnnLayer(2, (3, 3), 2, 1)
    x = rng.standard_normal(9)
    y = layer.activate(x)
    changed = x.copy()
    changed[4] += 1.0                    # the middle cell
    z = layer.activate(changed)
    before = [0, 1, 2, 3, 6]             # not after (1, 1) along both dimensions
    np.testing.assert_array_equal(z[before], y[before])
    assert np.all(z[[4, 5, 7, 8]] != y[[4, 5, 7, 8]])


def test_backward_recomputes_the_forward_values_for_other_inputs(rng):
    layer = MdrnnLayer(2, (2, 3), 2, 2)
    X1, X2 = rng.standard_normal((2, 4, 6))
    E = rng.standard_normal((4, 12))
    layer.run_forward(X2[None])
    want = layer.run_backward(E[None]).copy()
    derivs = layer.derivs.copy()
    layer.resetDerivatives()
    layer._forward(X1, np.empty((4, 12)))
    inerr = np.empty((4, 6))
    layer._backward(E, inerr, np.empty((4, 12)), X2)
    np.testing.assert_allclose(inerr, want[0], rtol=1e-13)
    np.testing.assert_allclose(layer.derivs, derivs, rtol=1e-13)


@pytest.mark.parametrize("args, match", [
    ((3, (4, 4), 1, 1), r"shape \(4, 4\) needs timedim = 2"),
    ((2, (4, 4), 1, 1, (3, 2)), "blockshape of as many sizes that divide it"),
    ((2, (4, 0), 1, 1), r"shape must be a tuple of positive integers; got \(4, 0\)"),
])
def test_bad_shapes(args, match):
    with pytest.raises(ValueError, match=match):
        MdrnnLayer(*args)
