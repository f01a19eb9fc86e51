"""Sigmoid, tanh and softmax on huge inputs: finite outputs, no numpy warning.

Overflow, division by zero and invalid operations raise here (conftest.py and
np.errstate below) and pytest turns warnings into errors; underflow to 0 is
harmless and allowed.
"""

import numpy as np
import pytest

from brainkit import SigmoidLayer, SoftmaxLayer, TanhLayer, buildNetwork
from brainkit.structure.modules import SoftSignLayer

HUGE = np.array([[-1e4, 1e4, 0.0], [1e4, 1e4, -1e4], [-1e4, -1e4, -1e4]])


@pytest.mark.parametrize("cls, want", [
    (SigmoidLayer, [[0.0, 1.0, 0.5], [1.0, 1.0, 0.0], [0.0, 0.0, 0.0]]),
    (TanhLayer, [[-1.0, 1.0, 0.0], [1.0, 1.0, -1.0], [-1.0, -1.0, -1.0]]),
    (SoftmaxLayer, [[0.0, 1.0, 0.0], [0.5, 0.5, 0.0], [1 / 3, 1 / 3, 1 / 3]]),
    (SoftSignLayer, np.sign(HUGE) * (1e4 / (1 + 1e4))),
])
def test_huge_inputs_give_finite_outputs_without_warnings(cls, want):
    layer = cls(3)
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        y = layer.activate(HUGE)
        layer.backActivate(np.ones_like(y))
    assert np.all(np.isfinite(y))
    np.testing.assert_allclose(y, want, atol=1e-12)
    assert np.all(np.isfinite(layer.inputerror))


def test_a_network_of_saturated_units_stays_finite():
    net = buildNetwork(3, 4, 3, hiddenclass=TanhLayer, outclass=SoftmaxLayer)
    net.params[:] = 1e3
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        y = net.activate(HUGE)
    assert np.all(np.isfinite(y))
    np.testing.assert_allclose(y.sum(axis=1), 1.0)
