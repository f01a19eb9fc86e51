"""buildConvolutionalNetwork: the layer specifications, the wiring, the
initial weights and the errors."""

import numpy as np
import pytest

from brainkit import (AveragePoolingLayer, BiasUnit, ConvolutionLayer, FeedForwardNetwork,
                      FullConnection, IdentityConnection, LinearLayer, MaxPoolingLayer,
                      ReluLayer, SoftmaxLayer, TanhLayer)
from brainkit.tools.convolutional import (AveragePooling, Convolution, MaxPooling,
                                          buildConvolutionalNetwork)
from brainkit.tools.initialization import initialize
from tests.structure.harness import check_gradients


def wiring(net):
    return sorted((type(c).__name__, c.inmod.name, c.outmod.name)
                  for m in net.modules for c in net.connections[m])


def test_the_keras_tutorial_network(rng):
    net = buildConvolutionalNetwork((1, 28, 28), Convolution(32, 3), MaxPooling(2), 10, rng=rng)
    assert type(net) is FeedForwardNetwork and net.sorted
    assert [(m.name, type(m)) for m in net.modulesSorted] == [
        ("bias", BiasUnit), ("in", LinearLayer), ("conv0", ConvolutionLayer),
        ("pool0", MaxPoolingLayer), ("act0", ReluLayer), ("out", SoftmaxLayer)]
    assert wiring(net) == [("FullConnection", "act0", "out"), ("FullConnection", "bias", "out"),
                           ("IdentityConnection", "conv0", "pool0"),
                           ("IdentityConnection", "in", "conv0"),
                           ("IdentityConnection", "pool0", "act0")]
    assert net["conv0"].outshape == (32, 26, 26) and net["pool0"].outshape == (32, 13, 13)
    assert (net.indim, net.outdim, net.paramdim) == (784, 10, 32 * 10 + 5408 * 10 + 10)
    assert net.activate(rng.random(784)).sum() == pytest.approx(1.0)


def test_relu_after_max_pooling_gives_exactly_the_numbers_of_the_written_order(rng):
    """conv -> pool -> relu (as built) against conv -> relu -> pool by hand,
    the same weights: outputs, input errors and derivatives bit for bit,
    with the many ties of a ReLU's zeros in the windows."""
    built = buildConvolutionalNetwork((2, 6, 6), Convolution(3, 3, padding=1), MaxPooling(2),
                                      4, outclass=LinearLayer, rng=rng)
    net = FeedForwardNetwork()
    inp, conv = LinearLayer(72, name="in"), ConvolutionLayer((2, 6, 6), 3, 3, padding=1,
                                                              name="conv0")
    relu, pool = ReluLayer(108, name="act0"), MaxPoolingLayer((3, 6, 6), 2, name="pool0")
    out, bias = LinearLayer(4, name="out"), BiasUnit(name="bias")
    for m in (conv, relu, pool, bias):
        net.addModule(m)
    net.addInputModule(inp)
    net.addOutputModule(out)
    for a, b in ((inp, conv), (conv, relu), (relu, pool)):
        net.addConnection(IdentityConnection(a, b))
    net.addConnection(FullConnection(pool, out, name="a"))
    net.addConnection(FullConnection(bias, out, name="b"))
    net.sortModules()
    conv.params[:] = built["conv0"].params
    net.connections[pool][0].params[:] = built.connections[built["act0"]][0].params
    net.connections[bias][0].params[:] = built.connections[built["bias"]][0].params
    X, E = rng.standard_normal((1, 20, 72)), rng.standard_normal((1, 20, 4))
    np.testing.assert_array_equal(built.run_forward(X), net.run_forward(X))
    assert (built["pool0"].outputbuffer[0] <= 0).any()        # windows of ReLU zeros
    built.resetDerivatives()
    net.resetDerivatives()
    np.testing.assert_array_equal(built.run_backward(E), net.run_backward(E))
    np.testing.assert_array_equal(built["conv0"].derivs, conv.derivs)


def test_other_activations_stay_before_the_pooling():
    net = buildConvolutionalNetwork((1, 6, 6), Convolution(2, 3, activation=TanhLayer),
                                    MaxPooling(2), Convolution(2, 1), AveragePooling(2), 3)
    assert [m.name for m in net.modulesSorted][2:-1] == ["conv0", "act0", "pool0", "conv1",
                                                         "act1", "pool1"]


def test_several_image_layers_then_dense_layers():
    net = buildConvolutionalNetwork(
        (3, 12, 10), Convolution(4, (3, 2), stride=(1, 2), padding=1, activation=None),
        AveragePooling(2, stride=1), Convolution(5, 2, activation=TanhLayer), MaxPooling(2),
        16, 8, 3, hiddenclass=TanhLayer, outclass=LinearLayer, bias=False)
    assert [m.name for m in net.modulesSorted] == ["in", "conv0", "pool0", "conv1", "act1",
                                                   "pool1", "hidden0", "hidden1", "out"]
    assert type(net["pool0"]) is AveragePoolingLayer and type(net["act1"]) is TanhLayer
    assert net["conv0"].outshape == (4, 12, 6) and net["pool0"].outshape == (4, 11, 5)
    assert net["conv1"].outshape == (5, 10, 4) and net["pool1"].outshape == (5, 5, 2)
    assert ("FullConnection", "pool1", "hidden0") in wiring(net)
    assert not any(isinstance(m, BiasUnit) for m in net.modules)


def test_dense_layers_only_make_a_plain_classifier():
    net = buildConvolutionalNetwork((1, 4, 4), 5, 2)
    assert [m.name for m in net.modulesSorted] == ["bias", "in", "hidden0", "out"]
    assert wiring(net).count(("FullConnection", "bias", "hidden0")) == 1


def test_a_small_built_cnn_passes_the_gradient_check(rng):
    net = buildConvolutionalNetwork((2, 5, 5), Convolution(3, 2, padding=1), MaxPooling(2),
                                    Convolution(2, 2), 4, 3, hiddenclass=TanhLayer,
                                    outclass=LinearLayer, rng=rng)
    check_gradients(net, rng.standard_normal((1, 3, net.indim)), rng)


@pytest.mark.parametrize("init", ["he", "glorot"])
def test_filters_are_scaled_to_their_fans_and_biases_start_at_zero(init):
    net = buildConvolutionalNetwork((2, 16, 16), Convolution(64, 3), 10, init=init,
                                    rng=np.random.default_rng(3))
    conv = net["conv0"]
    assert not conv.bias.any() and not net.derivs.any()
    fan_in, fan_out = 2 * 9, 64 * 9
    if init == "glorot":
        limit = np.sqrt(6 / (fan_in + fan_out))
        assert np.abs(conv.weights).max() <= limit < 1.05 * np.abs(conv.weights).max()
    else:
        assert conv.weights.std() == pytest.approx(np.sqrt(2 / fan_in), rel=0.1)
    again = buildConvolutionalNetwork((2, 16, 16), Convolution(64, 3), 10, init=init,
                                      rng=np.random.default_rng(3))
    np.testing.assert_array_equal(again.params, net.params)


def test_pybrain_initialisation_keeps_the_numbers_drawn_while_building():
    np.random.seed(5)
    net = buildConvolutionalNetwork((1, 6, 6), Convolution(8, 3), MaxPooling(2), 4,
                                    init="pybrain")
    assert net["conv0"].bias.any() and net["conv0"].weights.std() > 0.5
    np.random.seed(5)
    again = buildConvolutionalNetwork((1, 6, 6), Convolution(8, 3), MaxPooling(2), 4,
                                      init="pybrain")
    np.testing.assert_array_equal(again.params, net.params)


def test_initialize_covers_hand_built_convolutions():
    net = FeedForwardNetwork()
    inp, conv = LinearLayer(16, name="in"), ConvolutionLayer((1, 4, 4), 2, 3, name="c")
    net.addInputModule(inp)
    net.addOutputModule(conv)
    net.addConnection(IdentityConnection(inp, conv))
    net.sortModules()
    assert conv.bias.any()
    initialize(net, "he", rng=np.random.default_rng(0))
    assert not conv.bias.any() and conv.weights.std() < 1.0


def test_float32():
    net = buildConvolutionalNetwork((1, 8, 8), Convolution(4, 3), MaxPooling(2), 10,
                                    dtype=np.float32)
    assert net.params.dtype == net["conv0"].weights.dtype == np.float32
    assert net.activate(np.ones(64)).dtype == np.float32


@pytest.mark.parametrize("layers, message", [
    ((Convolution(4, 3), MaxPooling(2)), r"the last layer must be the number of outputs "
                                         r"\(an int\); got MaxPooling\(pool=2"),
    ((), "the last layer must be the number of outputs .*got 'no layers'"),
    ((5, Convolution(4, 3), 10), r"Convolution\(filters=4.* comes after a dense layer; image "
                                 "layers come first"),
    ((Convolution(4, 3), "relu", 10), "a layer is a Convolution, a MaxPooling, an "
                                      "AveragePooling or a dense layer's size .*got 'relu'"),
    ((0, 10), r"dense layer's size \(a positive int\); got 0"),
    ((Convolution(4, 3), Convolution(4, 3), Convolution(4, 3), 10),
     "ConvolutionLayer 'conv2': the kernel 3x3 does not fit in the 2x2 image"),
    ((MaxPooling(3), MaxPooling(3), 10), "MaxPoolingLayer 'pool1': the pool 3x3 does not fit "
                                         "in the 2x2 image"),
    ((Convolution(0, 3), 10), "ConvolutionLayer 'conv0': filters must be a positive integer"),
])
def test_bad_layers_are_refused(layers, message):
    with pytest.raises(ValueError, match=message):
        buildConvolutionalNetwork((1, 6, 6), *layers)


def test_a_bad_input_shape_is_refused():
    with pytest.raises(ValueError, match=r"buildConvolutionalNetwork: inshape must be "
                                         r"\(channels, height, width\)"):
        buildConvolutionalNetwork(784, Convolution(4, 3), 10)
