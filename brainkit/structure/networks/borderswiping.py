"""BorderSwipingNetwork: a SwipingNetwork whose swipes start from trained borders."""

from brainkit.structure.connections.shared import MotherConnection, SharedFullConnection
from brainkit.structure.modules.biasunit import BiasUnit
from brainkit.structure.networks.swiping import SwipingNetwork, goes_up
from brainkit.structure.grid import decrementAny, iterCombinations, reachable, tupleRemoveItem


class BorderSwipingNetwork(SwipingNetwork):
    """A SwipingNetwork with a BiasUnit ``'bias'`` feeding, through shared
    weights, every hidden component whose swipe starts at the grid's border
    along a dimension (where no predecessor exists), standing in for the
    cells outside the grid.

    The border weights: one MotherConnection for all (``simpleborders``,
    ``'bconn'``) or one per dimension and position along the border
    (``'bconn<d><position>'``); with ``symmetricdimensions`` the positions
    are folded onto their mirror images and shared by all dimensions. A
    network built with the ``predefined`` mothers of a smaller one gets new
    border weights initialised from the nearest known ones
    (``extrapolateBorderValues``): their average weighted by 1/distance.
    Only direction-symmetric weights are supported, as in PyBrain.

    >>> from brainkit import LinearLayer, ModuleMesh, TanhLayer
    >>> inmesh = ModuleMesh.constructWithLayers(LinearLayer, 1, (3, 3), 'in')
    >>> hmesh = ModuleMesh.constructWithLayers(TanhLayer, 1, (3, 3, 4), 'h')
    >>> outmesh = ModuleMesh.constructWithLayers(LinearLayer, 1, (3, 3), 'out')
    >>> net = BorderSwipingNetwork(inmesh, hmesh, outmesh)
    >>> sorted(m.name for m in net.motherconnections)[:3]
    ['bconn0(0,)', 'bconn0(1,)', 'hconn0']
    """

    OPTIONS = SwipingNetwork.OPTIONS + ("extrapolateBorderValues", "simpleborders")
    extrapolateBorderValues = True
    simpleborders = False

    def __init__(self, inmesh=None, hiddenmesh=None, outmesh=None, **args):
        if not args.get("symmetricdirections", self.symmetricdirections):
            raise NotImplementedError("BorderSwipingNetwork supports only direction-symmetric "
                                      "weights (symmetricdirections=True), as PyBrain did")
        if inmesh is not None:
            args["dims"] = tuple(inmesh.dims)
        SwipingNetwork.__init__(self, **args)
        if inmesh is not None:
            self._buildBorderStructure(inmesh, hiddenmesh, outmesh)
            self.sortModules()

    def _buildBorderStructure(self, inmesh, hiddenmesh, outmesh):
        self._buildSwipingStructure(inmesh, hiddenmesh, outmesh)
        self.addModule(BiasUnit(name="bias"))
        size = hiddenmesh.componentIndim
        if self.simpleborders:
            self._mother("borderconn", size, "bconn")
        else:
            self._border_mothers(size)
        for dim, length in enumerate(self.dims):
            for unit in iterCombinations(self.dims):
                if self.simpleborders:
                    bconn = self.predefined["borderconn"]
                else:
                    place = self._canonicForm(tupleRemoveItem(unit, dim), dim)
                    bconn = self.predefined["bordconns"][dim][place]
                # swipes going up start at 0 along dim, swipes going down at the end
                for swipe in range(self.swipes):
                    if unit[dim] == (0 if goes_up(swipe, dim) else length - 1):
                        self.addConnection(SharedFullConnection(
                            bconn, self["bias"], hiddenmesh[unit + (swipe,)]))

    def _border_mothers(self, size):
        """predefined['bordconns'][dim][position]: the mothers by dimension and
        canonical border position, the missing ones made."""
        bordconns = self.predefined.setdefault("bordconns", {})
        for dim in range(len(self.dims)):
            if dim > 0 and self.symmetricdimensions:
                bordconns[dim] = bordconns[0]
            known = bordconns.setdefault(dim, {})
            new = dict(known)
            if len(self.dims) == 1 and () not in new:
                new[()] = MotherConnection(size, name="bconn")
            for t in iterCombinations(tupleRemoveItem(self.dims, dim)):
                if t == self._canonicForm(t, dim) and t not in new:
                    new[t] = MotherConnection(size, name=f"bconn{dim}{t}")
                    if self.extrapolateBorderValues:
                        guess = self._extrapolateBorderAt(t, known)
                        if guess is not None:
                            new[t].params[:] = guess
            bordconns[dim] = new

    def _canonicForm(self, tup, dim):
        """A border position folded onto its mirror image nearest 0 along each
        remaining dimension (``dim`` is the one removed); unchanged without
        ``symmetricdimensions``."""
        if not self.symmetricdimensions:
            return tup
        sizes = tupleRemoveItem(self.dims, dim)
        return tuple(min(size - 1 - x, x) for size, x in zip(sizes, tup))

    def _extrapolateBorderAt(self, t, using):
        """The average of the weights at the known positions reachable from
        ``t`` by lowering coordinates, weighted by 1/distance; None if none is."""
        closest = reachable(decrementAny, [t], list(using))
        if not closest:
            return None
        weights = {place: 1.0 / distance for place, distance in closest.items()}
        total = sum(using[place].params * w for place, w in weights.items())
        return total / sum(weights.values())
