"""PyBrain's prebuilt networks (shared weights, a structure built by their
constructors) through both file formats: the same class, structure and outputs."""

import numpy as np
import pytest

from brainkit import BidirectionalNetwork, BorderSwipingNetwork, LinearLayer, ModuleMesh
from brainkit.structure.networks.convolutional import SimpleConvolutionalNetwork
from brainkit.structure.networks.multidimensional import MultiDimensionalLSTM
from tests.io.helpers import FORMATS, outputs, roundtrip


def border_swiping():
    dims = (2, 3)
    return BorderSwipingNetwork(ModuleMesh.constructWithLayers(LinearLayer, 1, dims, "in"),
                                ModuleMesh.constructWithLayers(LinearLayer, 2, dims + (4,), "h"),
                                ModuleMesh.constructWithLayers(LinearLayer, 1, dims, "out"))


BUILDERS = {
    "bidirectional": lambda: BidirectionalNetwork(seqlen=4, hiddensize=2),
    "borderswiping": border_swiping,
    "mdlstm": lambda: MultiDimensionalLSTM((2, 2), hsize=1, peepholes=True),
    "convolutional": lambda: SimpleConvolutionalNetwork(1, 3, 2, 2),
}


@pytest.mark.parametrize("ending", FORMATS)
@pytest.mark.parametrize("kind", sorted(BUILDERS))
def test_prebuilt_networks_round_trip(kind, ending, tmp_path, rng):
    net = BUILDERS[kind]()
    net.randomize(rng)
    again = roundtrip(net, tmp_path, ending)
    assert type(again) is type(net) and str(again) == str(net)
    X = rng.standard_normal((3, net.indim))
    np.testing.assert_array_equal(outputs(again, X), outputs(net, X))
