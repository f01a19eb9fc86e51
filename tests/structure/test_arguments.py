"""Module and connection constructors check every argument and say what they
expected: a bool, float or string is not a dimension, a name is a string."""

import numpy as np
import pytest

from brainkit import (BiasUnit, BidirectionalNetwork, FullConnection, GaussianLayer,
                      LinearLayer, LSTMLayer, ModuleMesh, ReluLayer, SigmoidLayer, SoftmaxLayer,
                      SoftSignLayer, TanhLayer)
from brainkit.structure.connections import MotherConnection
from brainkit.structure.connections.permutation import PermutationConnection
from brainkit.structure.modules import ConvolutionLayer, KohonenMap, MDLSTMLayer
from brainkit.structure.modules.mdrnnlayer import MdrnnLayer
from brainkit.structure.modules.mixturedensity import MixtureDensityLayer
from brainkit.structure.networks.convolutional import SimpleConvolutionalNetwork
from brainkit.structure.networks.custom import CaptureGameNetwork, ConvolutionalBoardNetwork

LAYERS = [LinearLayer, SigmoidLayer, TanhLayer, SoftmaxLayer, ReluLayer, SoftSignLayer,
          GaussianLayer, LSTMLayer]


@pytest.mark.parametrize("cls", LAYERS)
@pytest.mark.parametrize("dim", [True, False, 2.0, "3", None, -1, [2]])
def test_a_dimension_must_be_a_non_negative_integer(cls, dim):
    with pytest.raises(ValueError, match=rf"{cls.__name__}: dim must be a non-negative "
                                         rf"integer \(the number of units\); got "):
        cls(dim)


@pytest.mark.parametrize("cls", LAYERS)
def test_numpy_integers_are_dimensions(cls):
    assert cls(np.int64(3)).outdim == 3


@pytest.mark.parametrize("make", [lambda: LinearLayer(2, name=5),
                                  lambda: BiasUnit(name=["bias"]),
                                  lambda: LSTMLayer(2, name=b"lstm")])
def test_a_module_name_must_be_a_string(make):
    with pytest.raises(TypeError, match=r"name must be a string \(or None for an automatic "
                                        r"name\); got "):
        make()


@pytest.mark.parametrize("peepholes", ["no", 1, 0, None])
def test_lstm_peepholes_must_be_a_boolean(peepholes):
    with pytest.raises(TypeError, match="LSTMLayer: peepholes must be True or False; got"):
        LSTMLayer(2, peepholes=peepholes)
    assert LSTMLayer(2, peepholes=np.bool_(True)).paramdim == 6


def test_a_connection_name_must_be_a_string():
    with pytest.raises(TypeError, match=r"FullConnection: name must be a string \(or None"):
        FullConnection(LinearLayer(2), LinearLayer(2), name=7)


def _i(n):
    return np.int64(n)


@pytest.mark.parametrize("make, read", [
    (lambda: MDLSTMLayer(2, _i(2)), lambda m: [m.dimensions]),
    (lambda: MdrnnLayer(2, (_i(2), _i(2)), _i(3), _i(1), (_i(1), _i(2))),
     lambda m: [*m.shape, *m.blockshape, m.hiddendim, m.outsize]),
    (lambda: KohonenMap(2, _i(3)), lambda m: [m.nNeurons, m._constructor_args()["nNeurons"]]),
    (lambda: MixtureDensityLayer(1, mix=_i(2)), lambda m: [m.nGaussians]),
    (lambda: ConvolutionLayer((1, 4, 4), _i(2), 3), lambda m: [m.filters]),
    (lambda: MotherConnection(_i(4)), lambda m: [m.paramdim]),
    (lambda: PermutationConnection(LinearLayer(4), LinearLayer(4), [1, 0], _i(2)),
     lambda c: [c.blocksize]),
    (lambda: ModuleMesh.constructWithLayers(LinearLayer, 2, (_i(2), _i(1))), lambda m: m.dims),
    (lambda: BidirectionalNetwork(seqlen=_i(3)), lambda n: [n.seqlen]),
    (lambda: SimpleConvolutionalNetwork(_i(1), _i(4), _i(2), _i(1)), lambda n: [n.paramdim]),
    (lambda: ConvolutionalBoardNetwork(_i(3), _i(2), _i(1)), lambda n: [n.paramdim]),
    (lambda: CaptureGameNetwork(size=_i(3), combinputs=_i(1)),
     lambda n: [n.size, n.combinputs]),
], ids=["MDLSTMLayer", "MdrnnLayer", "KohonenMap", "MixtureDensityLayer", "ConvolutionLayer",
        "MotherConnection", "PermutationConnection", "ModuleMesh", "BidirectionalNetwork",
        "SimpleConvolutionalNetwork", "ConvolutionalBoardNetwork", "CaptureGameNetwork"])
def test_numpy_integers_are_sizes_everywhere_and_stored_as_ints(make, read):
    # PyBrain scripts compute sizes with numpy; a stored np.int64 would reach the files
    assert all(type(v) is int for v in read(make()))
