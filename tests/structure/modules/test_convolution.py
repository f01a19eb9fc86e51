"""ConvolutionLayer beyond the shared harness: many geometries against direct
loops (forward and backward, to 1e-12), memory blocks, and bad arguments."""

import numpy as np
import pytest

from brainkit import (ConvolutionLayer, FullConnection, LinearLayer, MaxPoolingLayer,
                      RecurrentNetwork, ReluLayer)
from brainkit.structure.connections.identity import IdentityConnection
from brainkit.structure.modules import images
from tests.structure.harness import EXACT, _conv_oracle, check_gradients

GEOMETRIES = [
    # inshape, filters, kernel, stride, padding
    ((1, 5, 5), 1, 1, 1, 0),
    ((3, 7, 6), 4, 3, 1, 1),
    ((2, 8, 9), 3, (2, 4), (3, 2), (0, 3)),
    ((2, 6, 6), 2, 6, 1, 0),              # one output pixel
    ((1, 4, 9), 5, (1, 3), (1, 4), 2),    # padding wider than the kernel reaches
]


def loop_backward(m, X, E):
    """Input errors and derivs by a direct loop over output positions: each
    output pixel's error goes back to its window, times the filter."""
    (C, H, W), (kh, kw), (sh, sw), (ph, pw) = m.inshape, m.kernel, m.stride, m.padding
    F, OH, OW = m.outshape
    x = np.zeros((len(X), C, H + 2 * ph, W + 2 * pw))
    x[:, :, ph:ph + H, pw:pw + W] = X.reshape(len(X), C, H, W)
    e = E.reshape(len(X), F, OH, OW)
    w = m.weights
    dx, dw, db = np.zeros_like(x), np.zeros_like(w), e.sum(axis=(0, 2, 3))
    for p in range(OH):
        for q in range(OW):
            rows, cols = slice(p * sh, p * sh + kh), slice(q * sw, q * sw + kw)
            dx[:, :, rows, cols] += np.einsum("nf,fcij->ncij", e[:, :, p, q], w)
            dw += np.einsum("nf,ncij->fcij", e[:, :, p, q], x[:, :, rows, cols])
    dx = dx[:, :, ph:ph + H, pw:pw + W].reshape(len(X), -1)
    return dx, np.concatenate([dw.ravel(), db])


@pytest.mark.parametrize("inshape, filters, kernel, stride, padding", GEOMETRIES)
def test_forward_and_backward_match_direct_loops(rng, inshape, filters, kernel, stride,
                                                 padding):
    m = ConvolutionLayer(inshape, filters, kernel, stride=stride, padding=padding)
    X = rng.standard_normal((5, m.indim))
    Y = m.run_forward(X[None])[0]
    np.testing.assert_allclose(Y, _conv_oracle(m, X[None])[0], **EXACT)
    E = rng.standard_normal(Y.shape)
    m.resetDerivatives()
    inerr = m.run_backward(E[None])[0]
    dx, derivs = loop_backward(m, X, E)
    np.testing.assert_allclose(inerr, dx, **EXACT)
    np.testing.assert_allclose(m.derivs, derivs, **EXACT)


def test_output_size_formula_and_parameter_layout():
    m = ConvolutionLayer((3, 10, 7), 4, (3, 2), stride=(2, 3), padding=(1, 0))
    assert m.outshape == (4, (10 + 2 - 3) // 2 + 1, (7 - 2) // 3 + 1) == (4, 5, 2)
    assert (m.indim, m.outdim, m.paramdim) == (210, 40, 4 * 3 * 3 * 2 + 4)
    assert np.shares_memory(m.weights, m.params) and m.weights.shape == (4, 3, 3, 2)
    np.testing.assert_array_equal(m.bias, m.params[-4:])
    assert m._constructor_args() == {"inshape": (3, 10, 7), "filters": 4, "kernel": (3, 2),
                                     "stride": (2, 3), "padding": (1, 0), "name": None}


def test_large_batches_go_through_in_blocks_with_the_same_numbers(rng, monkeypatch):
    m = ConvolutionLayer((2, 6, 5), 3, 3, padding=1)
    X, E = rng.standard_normal((1, 40, m.indim)), rng.standard_normal((1, 40, m.outdim))
    Y = m.run_forward(X).copy()
    inerr = m.run_backward(E).copy()
    derivs = m.derivs.copy()
    monkeypatch.setattr(images, "BLOCK_NUMBERS", 19 * 30)      # 3 blocks: 19, 19, 2 rows
    assert len(images.blocks(40, 19 * 30 // 19)) == 3
    m.resetDerivatives()
    np.testing.assert_allclose(m.run_forward(X), Y, **EXACT)
    np.testing.assert_allclose(m.run_backward(E), inerr, **EXACT)
    np.testing.assert_allclose(m.derivs, derivs, **EXACT)


def test_derivatives_add_up_and_backward_writes_the_input_errors(rng):
    m = ConvolutionLayer((1, 4, 4), 2, 2)
    X, E = rng.standard_normal((1, 2, 16)), rng.standard_normal((1, 2, m.outdim))
    m.resetDerivatives()
    m.run_forward(X)
    first = m.run_backward(E).copy()
    once = m.derivs.copy()
    m.inputerror[...] = 99.0
    np.testing.assert_array_equal(m.run_backward(E), first)
    np.testing.assert_allclose(m.derivs, 2 * once, **EXACT)


def test_a_small_cnn_in_a_recurrent_network_passes_the_gradient_check(rng):
    """conv -> relu -> pool -> out, with the pooled maps fed back into the
    convolution at the next step: checked through time."""
    net = RecurrentNetwork(name="rcnn")
    inp, out = LinearLayer(16, name="in"), LinearLayer(2, name="out")
    conv = ConvolutionLayer((1, 4, 4), 2, 2, padding=1, name="conv")
    relu = ReluLayer(50, name="relu")
    pool = MaxPoolingLayer((2, 5, 5), 2, name="pool")
    for m in (inp, out, conv, relu, pool):
        (net.addInputModule if m is inp else net.addOutputModule if m is out
         else net.addModule)(m)
    net.addConnection(IdentityConnection(inp, conv, name="in_conv"))
    net.addConnection(IdentityConnection(conv, relu, name="conv_relu"))
    net.addConnection(IdentityConnection(relu, pool, name="relu_pool"))
    net.addConnection(FullConnection(pool, out, name="pool_out"))
    net.addRecurrentConnection(FullConnection(pool, conv, name="pool_conv"))
    net.sortModules()
    net.randomize(rng)
    net.params[:] *= 0.3
    report = check_gradients(net, rng.standard_normal((4, 2, 16)), rng)
    assert {"conv", "pool_conv", "pool_out"} <= set(report.param_errors)


@pytest.mark.parametrize("args, kwargs, message", [
    (((1, 8), 2, 3), {}, r"inshape must be \(channels, height, width\), three positive "
                         r"integers, e.g. \(1, 28, 28\); got \(1, 8\)"),
    (((1, 0, 8), 2, 3), {}, "inshape must be"),
    (((1, 8, 8), 0, 3), {}, "filters must be a positive integer; got 0"),
    (((1, 8, 8), 2.0, 3), {}, "filters must be a positive integer; got 2.0"),
    (((1, 8, 8), 2, (3, 3, 3)), {}, r"kernel must be an integer >= 1 or a pair of them "
                                    r"\(height, width\); got \(3, 3, 3\)"),
    (((1, 8, 8), 2, 3), {"stride": 0}, "stride must be an integer >= 1"),
    (((1, 8, 8), 2, 3), {"padding": -1}, "padding must be an integer >= 0"),
    (((1, 8, 8), 2, True), {}, "kernel must be an integer >= 1"),
    (((1, 4, 8), 2, 5), {}, "the kernel 5x5 does not fit in the 4x8 image; make it smaller "
                            "or pad the image"),
])
def test_bad_arguments_are_refused(args, kwargs, message):
    with pytest.raises(ValueError, match=message):
        ConvolutionLayer(*args, name="c", **kwargs)


def test_the_error_names_the_layer():
    with pytest.raises(ValueError, match="ConvolutionLayer 'conv0': filters"):
        ConvolutionLayer((1, 8, 8), -2, 3, name="conv0")
