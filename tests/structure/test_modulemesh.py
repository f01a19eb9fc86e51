"""ModuleMesh: modules on a grid, by coordinates."""

import pytest

from brainkit import LinearLayer, ModuleMesh, SigmoidLayer
from brainkit.structure.moduleslice import ModuleSlice


def test_layers_named_by_their_coordinates_last_coordinate_fastest():
    mesh = ModuleMesh.constructWithLayers(SigmoidLayer, 2, (2, 3), "h")
    assert [m.name for m in mesh] == ["h(0, 0)", "h(0, 1)", "h(0, 2)", "h(1, 0)", "h(1, 1)",
                                      "h(1, 2)"]
    assert type(mesh[(1, 2)]) is SigmoidLayer and mesh[(1, 2)].indim == 2
    assert (mesh.dims, mesh.componentIndim, mesh.componentOutdim) == ((2, 3), 2, 2)


def test_a_view_on_a_flat_layer_slices_it_in_order():
    flat = LinearLayer(12, name="input")
    mesh = ModuleMesh.viewOnFlatLayer(flat, (3, 2), "inmesh")
    part = mesh[(1, 1)]
    assert isinstance(part, ModuleSlice) and part.base is flat
    assert (part.inOffset, part.indim, part.outOffset, part.outdim) == (6, 2, 6, 2)
    assert part.name == "inmesh(1, 1)" and flat.name == "input"


def test_baserename_names_the_sliced_modules_after_their_place():
    mesh = ModuleMesh(lambda: ModuleSlice(LinearLayer(4), inSliceTo=2), (2,), "h",
                      baserename=True)
    assert [m.base.name for m in mesh] == ["h(0,)", "h(1,)"]


def test_an_unnamed_mesh_leaves_the_names_alone():
    assert [m.name for m in ModuleMesh.constructWithLayers(LinearLayer, 1, (2,))] == [None, None]


def test_errors():
    with pytest.raises(ValueError, match="do not split into 4 equal parts"):
        ModuleMesh.viewOnFlatLayer(LinearLayer(6, name="x"), (2, 2))
    with pytest.raises(ValueError, match=r"dimensions must be a tuple of positive integers; "
                                         r"got \(2, 0\)"):
        ModuleMesh.constructWithLayers(LinearLayer, 1, (2, 0))
    sizes = iter([1, 2])
    with pytest.raises(ValueError, match="the components must all have the same widths"):
        ModuleMesh(lambda: LinearLayer(next(sizes)), (2,), "m")
    with pytest.raises(KeyError, match=r"has no component at \(2, 0\); its dimensions are"):
        ModuleMesh.constructWithLayers(LinearLayer, 1, (2, 2), "m")[(2, 0)]
