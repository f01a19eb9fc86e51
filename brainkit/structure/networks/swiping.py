"""SwipingNetwork: one unit swiping over a grid in every direction, as shared weights."""

from brainkit.structure.connections.shared import MotherConnection, SharedFullConnection
from brainkit.structure.modulemesh import add_meshes
from brainkit.structure.networks.feedforward import FeedForwardNetwork
from brainkit.structure.networks.options import take_options
from brainkit.structure.grid import iterCombinations


def goes_up(swipe, dim):
    """Whether swipe number ``swipe`` runs along dimension ``dim`` from 0
    upwards: bit ``dim`` of the swipe's number is 0 (so the 2**k swipes of a
    k-dimensional grid take every combination of directions)."""
    return (swipe // 2 ** dim) % 2 == 0


class SwipingNetwork(FeedForwardNetwork):
    """Meshes of input, hidden and output modules joined by shared weights so
    that it computes what one unit (input, hidden and output component at a
    coordinate) computes while swiping over a multi-dimensional input grid,
    once from each corner (2**len(dims) swipes), into a grid of outputs.

    ``inmesh`` and ``outmesh`` have dimensions ``dims``, ``hiddenmesh`` has
    ``dims + (2**len(dims),)`` (one hidden component per swipe), and every
    dimension is at least 2. At each coordinate and swipe the hidden
    component gets the input (MotherConnection ``'inconn'``), the hidden
    component of the same swipe one step back along each dimension (the
    swipe goes up along dimension d if ``(swipe // 2**d) % 2 == 0``, down
    otherwise; ``'hconn<d>'``) and feeds the output (``'outconn'``).

    Options: ``symmetricdimensions`` (one recurrent weight for all
    dimensions, default True), ``symmetricdirections`` (the same for both
    directions of a dimension, default True; else ``'hconn<d>+'`` and
    ``'hconn<d>-'``). ``predefined`` may hold MotherConnections to use
    (``'inconn'``, ``'outconn'``, ``'hconns'``: a dict by dimension, or by
    (dimension, direction)); the ones made are added to it, so a second
    network can be built with the same weights. Without meshes the network
    is empty, with its ``dims`` taken from the keyword ``dims``.

    Each grid cell is a module, so a run computes a whole batch per cell, and
    all the cells in one pass (a feed-forward network).

    >>> from brainkit import LinearLayer, ModuleMesh, TanhLayer
    >>> inmesh = ModuleMesh.constructWithLayers(LinearLayer, 1, (2, 3), 'in')
    >>> hmesh = ModuleMesh.constructWithLayers(TanhLayer, 2, (2, 3, 4), 'h')
    >>> outmesh = ModuleMesh.constructWithLayers(LinearLayer, 1, (2, 3), 'out')
    >>> net = SwipingNetwork(inmesh, hmesh, outmesh)
    >>> net.indim, net.outdim, net.paramdim      # inconn 2, outconn 2, hconn0 4
    (6, 6, 8)
    """

    OPTIONS = ("dims", "symmetricdimensions", "symmetricdirections")
    symmetricdimensions = True
    symmetricdirections = True
    dims = None

    def __init__(self, inmesh=None, hiddenmesh=None, outmesh=None, predefined=None, **args):
        self.predefined = {} if predefined is None else predefined
        FeedForwardNetwork.__init__(self, **take_options(self, args))
        if inmesh is not None:
            self.dims = tuple(inmesh.dims)
            self._options["dims"] = self.dims
        elif self.dims is None:
            raise ValueError(f"{type(self).__name__}: no dimensions: give the meshes, or "
                             "dims=(...) for an empty network")
        self.dims = tuple(self.dims)
        self.swipes = 2 ** len(self.dims)
        if inmesh is not None:
            self._buildSwipingStructure(inmesh, hiddenmesh, outmesh)
            self.sortModules()

    def _constructor_args(self):
        return {"name": self.name, **self._options}

    def _verifyDimensions(self, inmesh, hiddenmesh, outmesh):
        expected = (("inmesh", inmesh, self.dims), ("outmesh", outmesh, self.dims),
                    ("hiddenmesh", hiddenmesh, self.dims + (self.swipes,)))
        for label, mesh, dims in expected:
            if mesh is None or tuple(mesh.dims) != dims:
                got = None if mesh is None else tuple(mesh.dims)
                raise ValueError(f"{type(self).__name__}: {label} must have dimensions {dims} "
                                 f"(the grid, and one hidden component per swipe); got {got}")
        if min(self.dims) < 2:
            raise ValueError(f"{type(self).__name__}: every dimension needs at least 2 cells; "
                             f"got {self.dims}")

    def _mother(self, key, size, name):
        if key not in self.predefined:
            self.predefined[key] = MotherConnection(size, name=name)
        return self.predefined[key]

    def _hidden_mothers(self, size):
        """The recurrent mothers by dimension (or by (dimension, direction))."""
        hconns = self.predefined.setdefault("hconns", {})
        for d in range(len(self.dims)):
            for key in ([d] if self.symmetricdirections else [(d, "-"), (d, "+")]):
                if key in hconns:
                    continue
                if d > 0 and self.symmetricdimensions:
                    hconns[key] = hconns[0 if self.symmetricdirections else (0, key[1])]
                else:
                    suffix = "" if self.symmetricdirections else key[1]
                    hconns[key] = MotherConnection(size, name=f"hconn{d}{suffix}")
        return hconns

    def _buildSwipingStructure(self, inmesh, hiddenmesh, outmesh):
        """Add the meshes' modules and the shared connections between them."""
        self._verifyDimensions(inmesh, hiddenmesh, outmesh)
        add_meshes(self, inmesh, hiddenmesh, outmesh)
        inconn = self._mother("inconn", inmesh.componentOutdim * hiddenmesh.componentIndim,
                              "inconn")
        outconn = self._mother("outconn", outmesh.componentIndim * hiddenmesh.componentOutdim,
                               "outconn")
        hconns = self._hidden_mothers(hiddenmesh.componentIndim * hiddenmesh.componentOutdim)
        for unit in iterCombinations(self.dims):
            for swipe in range(self.swipes):
                hunit = unit + (swipe,)
                self.addConnection(SharedFullConnection(inconn, inmesh[unit],
                                                        hiddenmesh[hunit]))
                self.addConnection(SharedFullConnection(outconn, hiddenmesh[hunit],
                                                        outmesh[unit]))
                for dim, previous, direction in self._predecessors(hunit):
                    key = dim if self.symmetricdirections else (dim, direction)
                    self.addConnection(SharedFullConnection(hconns[key], hiddenmesh[previous],
                                                            hiddenmesh[hunit]))

    def _predecessors(self, hunit):
        """(dimension, hidden coordinate, direction) of each cell the swipe
        ``hunit[-1]`` comes from into ``hunit``."""
        swipe = hunit[-1]
        for dim, size in enumerate(self.dims):
            up = goes_up(swipe, dim)
            previous = list(hunit)
            previous[dim] += -1 if up else 1
            if 0 <= previous[dim] < size:
                yield dim, tuple(previous), "+" if up else "-"
