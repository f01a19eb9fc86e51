"""The gate layers: PyBrain's layouts, worked numbers, and outputs written, not added."""

import numpy as np
import pytest

from brainkit import DoubleGateLayer, GateLayer, MultiplicationLayer, SwitchLayer

S = 1 / (1 + np.exp(-2.0))      # sigma(2)


@pytest.mark.parametrize("cls, dims, x, y", [
    (MultiplicationLayer, (4, 2), [2.0, -1.0, 3.0, 5.0], [6.0, -5.0]),
    (GateLayer, (4, 2), [2.0, 0.0, 3.0, 5.0], [3 * S, 2.5]),
    (DoubleGateLayer, (4, 4), [2.0, 0.0, 3.0, 5.0], [3 * S, 2.5, 3 * (1 - S), 2.5]),
    (SwitchLayer, (2, 4), [2.0, 0.0], [S, 0.5, 1 - S, 0.5]),
])
def test_widths_and_worked_values(cls, dims, x, y):
    layer = cls(2, name="g")
    assert (layer.indim, layer.outdim, layer.dim) == dims + (2,)
    assert layer._constructor_args() == {"name": "g", "dim": 2}
    np.testing.assert_allclose(layer.activate(x), y, rtol=1e-15)


@pytest.mark.parametrize("cls", [MultiplicationLayer, GateLayer, DoubleGateLayer, SwitchLayer])
def test_a_second_forward_of_the_same_step_gives_the_same_output(cls, rng):
    # PyBrain added into the output buffer, so it doubled [BUG]
    layer = cls(3)
    layer.inputbuffer[0] = rng.standard_normal(layer.indim)
    layer.forward(0)
    once = layer.outputbuffer[0].copy()
    layer.forward(0)
    np.testing.assert_array_equal(layer.outputbuffer[0], once)
