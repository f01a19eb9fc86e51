"""SwipingNetwork and BorderSwipingNetwork: one unit swiping a grid from every corner."""

import numpy as np
import pytest

from brainkit import BorderSwipingNetwork, LinearLayer, ModuleMesh, SwipingNetwork, TanhLayer
from tests.structure.harness import check_gradients


def meshes(dims, hsize=1, flat=False):
    hdims = dims + (2 ** len(dims),)
    if flat:
        n = int(np.prod(dims))
        inmesh = ModuleMesh.viewOnFlatLayer(LinearLayer(n, name="input"), dims, "inmesh")
        outmesh = ModuleMesh.viewOnFlatLayer(LinearLayer(n, name="output"), dims, "outmesh")
    else:
        inmesh = ModuleMesh.constructWithLayers(LinearLayer, 1, dims, "in")
        outmesh = ModuleMesh.constructWithLayers(LinearLayer, 1, dims, "out")
    return inmesh, ModuleMesh.constructWithLayers(TanhLayer, hsize, hdims, "h"), outmesh


def test_a_swipe_goes_up_or_down_each_dimension():
    net = SwipingNetwork(*meshes((2, 3)))
    into = {}
    for cs in net.connections.values():
        for c in cs:
            into.setdefault(c.outmod.name, []).append(c.inmod.name)
    # swipe 1 goes down dimension 0 and up dimension 1
    assert sorted(into["h(0, 1, 1)"]) == ["h(0, 0, 1)", "h(1, 1, 1)", "in(0, 1)"]
    assert sorted(into["h(1, 0, 2)"]) == ["h(0, 0, 2)", "h(1, 1, 2)", "in(1, 0)"]
    assert sorted(into["out(1, 2)"]) == [f"h(1, 2, {s})" for s in range(4)]


@pytest.mark.parametrize("options, names", [
    ({}, ["hconn0", "inconn", "outconn"]),
    ({"symmetricdimensions": False}, ["hconn0", "hconn1", "inconn", "outconn"]),
    ({"symmetricdirections": False}, ["hconn0+", "hconn0-", "inconn", "outconn"]),
    ({"symmetricdirections": False, "symmetricdimensions": False},
     ["hconn0+", "hconn0-", "hconn1+", "hconn1-", "inconn", "outconn"]),
])
def test_weight_sharing_options(options, names):
    net = SwipingNetwork(*meshes((2, 2), hsize=2), **options)
    assert sorted(m.name for m in net.motherconnections) == names
    assert net.paramdim == 2 + 2 + 4 * (len(names) - 2)
    assert net._constructor_args() == {"name": "SwipingNetwork", "dims": (2, 2), **options}


def test_predefined_weights_build_a_bigger_network_with_the_same_weights():
    small = SwipingNetwork(*meshes((2, 2), flat=True))
    big = SwipingNetwork(*meshes((3, 4), flat=True), predefined=small.predefined)
    np.testing.assert_array_equal(big.params, small.params)
    assert big.predefined is small.predefined
    # the mothers now live in the bigger network's vector (as in PyBrain)
    assert np.shares_memory(small.predefined["inconn"].params, big.params)


def test_gradients(rng):
    net = BorderSwipingNetwork(*meshes((3, 3), hsize=2))
    check_gradients(net, rng.standard_normal((1, 2, 9)), rng)


def test_border_weights_by_position_folded_onto_their_mirror_images():
    net = BorderSwipingNetwork(*meshes((4, 5)))
    borders = net.predefined["bordconns"]
    assert borders[1] is not borders[0] and borders[1] == borders[0]
    assert sorted(borders[0]) == [(0,), (1,), (2,)]    # positions 0..4 fold to 0, 1, 2
    bias_into = [c.outmod.name for c in net.connections[net["bias"]]]
    # a corner cell's swipe that starts there in both dimensions gets both borders
    assert bias_into.count("h(0, 0, 0)") == 2 and "h(0, 0, 3)" not in bias_into
    assert bias_into.count("h(3, 4, 3)") == 2


def test_border_weights_of_a_bigger_grid_start_from_the_nearest_known_ones():
    small = BorderSwipingNetwork(*meshes((3, 3, 3)))
    for place, mother in small.predefined["bordconns"][0].items():
        mother.params[:] = 1.0 + place[0] + 10.0 * place[1]   # 1, 11, 2, 12
    big = BorderSwipingNetwork(*meshes((5, 5, 5)), predefined=small.predefined)
    border = {k: float(m.params[0]) for k, m in big.predefined["bordconns"][0].items()}
    assert border[(1, 1)] == 12.0                       # known
    assert border[(0, 2)] == 11.0                       # (0, 1) one step away
    # (1, 2): (1, 1) at distance 1, (0, 1) at distance 2 (not through (1, 1))
    assert border[(1, 2)] == pytest.approx((12.0 / 1 + 11.0 / 2) / (1 + 1 / 2))
    assert border[(2, 2)] == pytest.approx((12.0 / 2 + 11.0 / 3 + 2.0 / 3) / (1 / 2 + 2 / 3))


def test_errors():
    inmesh, hmesh, outmesh = meshes((2, 3))
    with pytest.raises(ValueError, match=r"hiddenmesh must have dimensions \(2, 3, 4\).*got "
                                         r"\(2, 3, 2\)"):
        SwipingNetwork(inmesh, ModuleMesh.constructWithLayers(TanhLayer, 1, (2, 3, 2), "x"),
                       outmesh)
    with pytest.raises(ValueError, match=r"every dimension needs at least 2 cells; got \(1, 3\)"):
        SwipingNetwork(*meshes((1, 3)))
    with pytest.raises(ValueError, match="no dimensions: give the meshes, or dims"):
        SwipingNetwork()
    with pytest.raises(NotImplementedError, match="only direction-symmetric weights"):
        BorderSwipingNetwork(*meshes((2, 2)), symmetricdirections=False)
    assert SwipingNetwork(dims=(3, 3)).modules == []
