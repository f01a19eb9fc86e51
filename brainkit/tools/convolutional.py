"""buildConvolutionalNetwork: a convolutional classifier in one line.

The layers are given in order, as in Keras's Sequential model: image layers
(``Convolution``, ``MaxPooling``, ``AveragePooling``) first, then the sizes of
the dense layers after flattening, the last one being the output::

    net = buildConvolutionalNetwork((1, 28, 28), Convolution(32, 3), MaxPooling(2), 10)

is Keras's MNIST tutorial network: a 3x3 convolution with 32 filters and
ReLU, 2x2 max pooling, and a dense softmax layer of 10 units. The result is an
ordinary sorted FeedForwardNetwork of brainkit modules, with PyBrain's names
where they apply (``in``, ``hidden0``, ``out``, ``bias``).
"""

import numbers
from dataclasses import dataclass

import numpy as np

from brainkit.structure.connections.full import FullConnection
from brainkit.structure.connections.identity import IdentityConnection
from brainkit.structure.modules.averagepooling import AveragePoolingLayer
from brainkit.structure.modules.biasunit import BiasUnit
from brainkit.structure.modules.convolution import ConvolutionLayer
from brainkit.structure.modules.images import image_shape
from brainkit.structure.modules.linearlayer import LinearLayer
from brainkit.structure.modules.maxpooling import MaxPoolingLayer
from brainkit.structure.modules.relulayer import ReluLayer
from brainkit.structure.modules.softmax import SoftmaxLayer
from brainkit.structure.networks.feedforward import FeedForwardNetwork
from brainkit.tools.initialization import initialize


@dataclass(frozen=True)
class Convolution:
    """A ConvolutionLayer (see its arguments) followed by an ``activation``
    layer (a NeuronLayer class, or None for none)."""
    filters: int
    kernel: object
    stride: object = 1
    padding: object = 0
    activation: type = ReluLayer


@dataclass(frozen=True)
class _Pooling:
    """A pooling layer of class ``layer``: windows of ``pool`` pixels,
    ``stride`` (default ``pool``) apart."""
    pool: object
    stride: object = None


class MaxPooling(_Pooling):
    """A MaxPoolingLayer: windows of ``pool`` pixels, ``stride`` (default ``pool``) apart."""
    layer = MaxPoolingLayer


class AveragePooling(_Pooling):
    """An AveragePoolingLayer: windows of ``pool`` pixels, ``stride`` (default ``pool``) apart."""
    layer = AveragePoolingLayer


IMAGE_LAYERS = (Convolution, _Pooling)


def _check_layers(layers):
    if not layers or not isinstance(layers[-1], numbers.Integral):
        raise ValueError("buildConvolutionalNetwork: the last layer must be the number of "
                         f"outputs (an int); got {layers[-1] if layers else 'no layers'!r}")
    dense = False
    for layer in layers:
        if isinstance(layer, numbers.Integral) and not isinstance(layer, bool) and layer >= 1:
            dense = True
        elif not isinstance(layer, IMAGE_LAYERS):
            raise ValueError("buildConvolutionalNetwork: a layer is a Convolution, a "
                             "MaxPooling, an AveragePooling or a dense layer's size (a "
                             f"positive int); got {layer!r}")
        elif dense:
            raise ValueError(f"buildConvolutionalNetwork: {layer!r} comes after a dense "
                             "layer; image layers come first, then the dense layers")


def buildConvolutionalNetwork(inshape, *layers, hiddenclass=ReluLayer, outclass=SoftmaxLayer,
                              bias=True, init="he", rng=None, dtype=np.float64):
    """A FeedForwardNetwork for images of shape ``inshape = (C, H, W)`` (each
    sample a flat row, channel-major): the image ``layers`` in order, then
    dense layers of the given sizes (``hiddenclass`` units; the last one is
    the output, of ``outclass`` units).

    Modules are named ``in``, then ``conv0``, ``act0`` (its activation),
    ``pool0``, ``conv1``, ... in order, then ``hidden0``, ... and ``out``;
    identity connections join the image layers, full connections the dense
    ones, and with ``bias`` a ``bias`` unit feeds every dense layer
    (convolutions have their own biases). A convolution's ReLU comes after
    the max pooling that follows it (``conv0 -> pool0 -> act0``): the ReLU
    and the maximum commute, so the outputs and every derivative are exactly
    those of the other order, with a ReLU over a quarter of the values.
    Weights are drawn by ``init`` (``'he'``, the default, suits ReLU;
    ``'glorot'``; or ``'pybrain'``, N(0, 1) everywhere) from ``rng`` (a
    ``numpy.random.Generator``, or numpy's global state).

    >>> net = buildConvolutionalNetwork((1, 8, 8), Convolution(4, 3), MaxPooling(2), 10,
    ...                                 rng=np.random.default_rng(0))
    >>> [m.name for m in net.modulesSorted]
    ['bias', 'in', 'conv0', 'pool0', 'act0', 'out']
    >>> net['pool0'].outshape, net.activate(np.zeros(64)).shape
    ((4, 3, 3), (10,))
    """
    shape = image_shape(inshape, "buildConvolutionalNetwork")
    _check_layers(layers)
    net = FeedForwardNetwork(dtype=dtype)
    last = LinearLayer(int(np.prod(shape)), name="in")
    net.addInputModule(last)
    if bias:
        net.addModule(BiasUnit(name="bias"))
    counts = {"conv": 0, "pool": 0, "hidden": 0}

    def add(module, connection, output=False):
        nonlocal last
        (net.addOutputModule if output else net.addModule)(module)
        net.addConnection(connection(last, module))
        if bias and connection is FullConnection:
            net.addConnection(FullConnection(net["bias"], module))
        last = module

    relu_after_pool = None
    for layer, following in zip(layers, layers[1:]):
        if isinstance(layer, Convolution):
            k = counts["conv"]
            add(ConvolutionLayer(shape, layer.filters, layer.kernel, layer.stride,
                                 layer.padding, name=f"conv{k}"), IdentityConnection)
            shape = last.outshape
            if layer.activation is ReluLayer and isinstance(following, MaxPooling):
                relu_after_pool = k
            elif layer.activation is not None:
                add(layer.activation(last.outdim, name=f"act{k}"), IdentityConnection)
            counts["conv"] += 1
        elif isinstance(layer, _Pooling):
            add(layer.layer(shape, layer.pool, layer.stride, name=f"pool{counts['pool']}"),
                IdentityConnection)
            shape = last.outshape
            counts["pool"] += 1
            if relu_after_pool is not None:
                add(ReluLayer(last.outdim, name=f"act{relu_after_pool}"), IdentityConnection)
                relu_after_pool = None
    dense = [int(size) for size in layers if not isinstance(size, IMAGE_LAYERS)]
    for size in dense[:-1]:
        add(hiddenclass(size, name=f"hidden{counts['hidden']}"), FullConnection)
        counts["hidden"] += 1
    add(outclass(dense[-1], name="out"), FullConnection, output=True)
    net.sortModules()
    if init != "pybrain":           # 'pybrain': the N(0, 1) numbers drawn as it was built
        initialize(net, init, rng=rng)
    return net
