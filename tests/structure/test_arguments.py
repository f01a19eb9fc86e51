"""Module and connection constructors check every argument and say what they
expected: a bool, float or string is not a dimension, a name is a string."""

import numpy as np
import pytest

from brainkit import (BiasUnit, FullConnection, GaussianLayer, LinearLayer, LSTMLayer,
                      ReluLayer, SigmoidLayer, SoftmaxLayer, SoftSignLayer, TanhLayer)

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
