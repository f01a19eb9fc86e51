"""ModuleSlice: a part of a module wherever PyBrain accepts one."""

import numpy as np
import pytest

from brainkit import FeedForwardNetwork, FullConnection, IdentityConnection, LinearLayer
from brainkit.structure.moduleslice import ModuleSlice


def test_a_connection_between_slices_joins_the_base_modules_with_shifted_bounds():
    a, b = LinearLayer(6, name="a"), LinearLayer(5, name="b")
    c = FullConnection(ModuleSlice(a, outSliceFrom=2, outSliceTo=5),
                       ModuleSlice(b, inSliceFrom=1), inSliceFrom=1, outSliceTo=2)
    assert (c.inmod, c.outmod) == (a, b)
    assert (c.inSliceFrom, c.inSliceTo, c.outSliceFrom, c.outSliceTo) == (3, 5, 1, 3)
    assert c._constructor_args() == {"inmod": a, "outmod": b, "inSliceFrom": 3,
                                     "outSliceFrom": 1, "inSliceTo": 5, "outSliceTo": 3}


def test_networks_add_the_base_module_once():
    a = LinearLayer(4, name="a")
    b = LinearLayer(2, name="b")
    net = FeedForwardNetwork()
    for part in (ModuleSlice(a, 0, 2, 0, 2), ModuleSlice(a, 2, 4, 2, 4)):
        net.addInputModule(part)
        net.addConnection(IdentityConnection(part, b))
    net.addOutputModule(ModuleSlice(b))
    net.sortModules()
    assert net.inmodules == [a] and net.modules == [a, b] and net.outmodules == [b]
    np.testing.assert_array_equal(net.activate([1.0, 2.0, 3.0, 4.0]), [4.0, 6.0])


def test_a_slice_of_a_slice_is_a_slice_of_the_base():
    base = LinearLayer(10, name="flat")
    inner = ModuleSlice(ModuleSlice(base, 2, 8, 4, 9), 1, 3, 2)
    assert inner.base is base
    assert (inner.inOffset, inner.indim, inner.outOffset, inner.outdim) == (3, 2, 6, 3)
    assert inner.name == "flat-slice:(3,5)(6,9)"
    assert repr(inner) == "<ModuleSlice 'flat-slice:(3,5)(6,9)'>"


@pytest.mark.parametrize("args, match", [
    ((0, 7), r"the input slice \[0:7\] does not fit into its 6 inputs"),
    ((0, None, 3, 2), r"the output slice \[3:2\] does not fit into its 6 outputs"),
    ((1.5,), "inSliceFrom must be an integer; got 1.5"),
])
def test_slices_that_do_not_fit_are_refused(args, match):
    with pytest.raises(ValueError, match=match):
        ModuleSlice(LinearLayer(6, name="a"), *args)


def test_only_modules_are_sliced():
    with pytest.raises(TypeError, match="ModuleSlice expects a module to slice; got 3"):
        ModuleSlice(3)


def test_connection_bounds_must_fit_into_the_slice():
    part = ModuleSlice(LinearLayer(6, name="a"), outSliceFrom=2, outSliceTo=4)
    with pytest.raises(ValueError, match=r"the slice \[0:3\] does not fit into the 2 outputs "
                                         r"of 'a-slice:\(0,6\)\(2,4\)'"):
        FullConnection(part, LinearLayer(1, name="b"), inSliceTo=3)
    with pytest.raises(ValueError, match=r"a connection from <ModuleSlice "
                                         r"'a-slice:\(0,6\)\(2,4\)'>: inSliceTo must be an "
                                         r"integer; got 1.5"):
        FullConnection(part, LinearLayer(1, name="b"), inSliceTo=1.5)
