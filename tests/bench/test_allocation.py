"""Once a network's buffers exist for a batch size, a forward pass allocates no
new arrays (issue 7's memory target), checked with tracemalloc, which sees
numpy's array allocations.

The smallest array a forward pass could allocate here, one number per sample
of a 65536-sample batch, takes 512 KiB. The pass may make a few small Python
objects (views, a range) and use numpy's own iteration buffers: numpy 2 takes
one of ``np.getbufsize()`` elements (64 KiB) per operand that broadcasts or is
a strided column slice, whatever the batch size; at most a few at a time.
"""

import tracemalloc

import numpy as np
import pytest

from brainkit import LSTMLayer, SoftmaxLayer, TanhLayer, buildNetwork

B = 65536
# bytes: three of numpy's iteration buffers plus small objects; about half of
# the smallest possible array of one value per sample
LIMIT = 3 * np.getbufsize() * 8 + 4096


def traced_peak(run):
    """Bytes allocated at the peak of ``run()`` over what was allocated before."""
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        run()
        return tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()


def test_the_probe_sees_a_small_temporary_array():
    x = np.ones((B, 1))
    assert traced_peak(lambda: x * 2.0) >= x.nbytes > LIMIT


@pytest.mark.parametrize("layers, kwargs, T", [
    ((64, 32, 10), {"outclass": SoftmaxLayer}, 1),
    ((64, 32, 10), {"hiddenclass": TanhLayer, "outclass": SoftmaxLayer}, 1),
    ((2, 4, 1), {"hiddenclass": LSTMLayer}, 3),
], ids=["sigmoid-softmax", "tanh-softmax", "lstm"])
@pytest.mark.parametrize("dtype", [np.float64, np.float32], ids=["float64", "float32"])
def test_forward_allocates_no_arrays_once_buffers_exist(rng, layers, kwargs, T, dtype):
    net = buildNetwork(*layers, dtype=dtype, **kwargs)
    X = rng.standard_normal((T, B, net.indim)).astype(dtype)
    net.run_forward(X)                  # buffers for this batch size exist from here on
    first = net.outputbuffer[:T].copy()
    assert traced_peak(lambda: net.run_forward(X)) < LIMIT
    np.testing.assert_array_equal(net.outputbuffer[:T], first)


@pytest.mark.parametrize("dtype", [np.float64, np.float32], ids=["float64", "float32"])
def test_a_cnn_forward_allocates_no_arrays_once_buffers_exist(rng, dtype):
    from brainkit.tools.convolutional import (AveragePooling, Convolution, MaxPooling,
                                              buildConvolutionalNetwork)
    net = buildConvolutionalNetwork((1, 4, 3), Convolution(2, 2, padding=1), MaxPooling(2),
                                    Convolution(1, (1, 2)), AveragePooling(1), 2, dtype=dtype)
    X = rng.standard_normal((1, B, net.indim)).astype(dtype)
    net.run_forward(X)
    first = net.outputbuffer[:1].copy()
    assert traced_peak(lambda: net.run_forward(X)) < LIMIT
    np.testing.assert_array_equal(net.outputbuffer[:1], first)
