"""Multi-dimensional recurrent networks (MDRNN, MDLSTM) as swiping networks."""

import math

from brainkit.structure.connections.identity import IdentityConnection
from brainkit.structure.modulemesh import ModuleMesh
from brainkit.structure.modules.linearlayer import LinearLayer
from brainkit.structure.modules.mdlstm import MDLSTMLayer
from brainkit.structure.modules.sigmoidlayer import SigmoidLayer
from brainkit.structure.modules.tanhlayer import TanhLayer
from brainkit.structure.networks.swiping import SwipingNetwork


def grid_meshes(net):
    """The input, hidden and output meshes of a multi-dimensional network
    ``net`` over its grid ``net.dims``: views on a flat input layer
    ``'input'`` (``net.insize`` values per cell) and a flat output layer
    ``'output'`` (``net.outcomponentclass``, ``net.outputs`` per cell), and one
    hidden component per cell and swipe, ``'hidden<coordinate>'``: a
    ``net.componentclass(net.hsize)`` layer, or the meat of an MDLSTMLayer
    (its gates in, its cell outputs out)."""
    cells = math.prod(net.dims)
    inmesh = ModuleMesh.viewOnFlatLayer(LinearLayer(net.insize * cells, name="input"),
                                        net.dims, "inmesh")
    outmesh = ModuleMesh.viewOnFlatLayer(
        net.outcomponentclass(net.outputs * cells, name="output"), net.dims, "outmesh")
    hdims = net.dims + (net.swipes,)
    if net.componentclass is MDLSTMLayer:
        def cell():
            return MDLSTMLayer(net.hsize, len(net.dims), net.peepholes).meatSlice()
        return inmesh, ModuleMesh(cell, hdims, "hidden", baserename=True), outmesh
    hiddenmesh = ModuleMesh.constructWithLayers(net.componentclass, net.hsize, hdims, "hidden")
    return inmesh, hiddenmesh, outmesh


def pass_states(net, hiddenmesh):
    """Each MDLSTM cell's state into slot d of its successor along dimension d
    (IdentityConnections between the cells' state slices)."""
    h = net.hsize
    for hunit in hiddenmesh.components:
        target = hiddenmesh[hunit].base.stateSlice()
        for dim, previous, _ in net._predecessors(hunit):
            net.addConnection(IdentityConnection(hiddenmesh[previous].base.stateSlice(),
                                                 target, outSliceFrom=h * dim,
                                                 outSliceTo=h * (dim + 1)))


class MultiDimensionalRNN(SwipingNetwork):
    """A multi-dimensional RNN over grids of shape ``dims`` (each at least
    2): ``insize`` values per cell in (a flat input layer ``'input'``,
    cells row-major), ``outputs`` values per cell out (``outcomponentclass``,
    ``'output'``), and per cell and swipe a hidden ``componentclass(hsize)``
    that reads the input and the hidden components one cell back along each
    dimension (see SwipingNetwork, whose options it takes too).

    With ``componentclass = MDLSTMLayer`` (MultiDimensionalLSTM) each hidden
    component is an MDLSTMLayer with one state per dimension: the state of
    the predecessor along dimension d goes to its state slot d through an
    IdentityConnection (PyBrain numbered the slots by the order its
    connections were made, which put both states of the cells on the last
    row or column into one slot).

    Options: ``insize`` (1), ``outputs`` (1), ``hsize`` (5), ``componentclass``
    (TanhLayer), ``outcomponentclass`` (SigmoidLayer), ``peepholes`` (False,
    for MDLSTM cells). Without ``dims`` the network is empty.

    >>> net = MultiDimensionalRNN((3, 3), hsize=2)
    >>> net.indim, net.outdim, len(net.modules)      # input, output, 3 x 3 x 4 hidden
    (9, 9, 38)
    """

    OPTIONS = SwipingNetwork.OPTIONS + ("insize", "outputs", "hsize", "componentclass",
                                        "outcomponentclass", "peepholes")
    insize = 1
    outputs = 1
    hsize = 5
    componentclass = TanhLayer
    outcomponentclass = SigmoidLayer
    peepholes = False

    def __init__(self, dims=None, **args):
        if dims is None and "dims" not in args:
            SwipingNetwork.__init__(self, dims=(), **args)   # empty (a file fills it)
            return
        SwipingNetwork.__init__(self, dims=tuple(args.pop("dims", dims)), **args)
        inmesh, hiddenmesh, outmesh = grid_meshes(self)
        self._buildSwipingStructure(inmesh, hiddenmesh, outmesh)
        if self.componentclass is MDLSTMLayer:
            pass_states(self, hiddenmesh)
        self.sortModules()

    def _constructor_args(self):
        # the structure is in the file: a network read back is built empty
        return {"name": self.name, **{k: v for k, v in self._options.items() if k != "dims"}}


class MultiDimensionalLSTM(MultiDimensionalRNN):
    """A MultiDimensionalRNN with MDLSTMLayer cells (``peepholes`` optional).

    >>> net = MultiDimensionalLSTM((2, 2), hsize=1)
    >>> net.activate([0.1, 0.2, 0.3, 0.4]).shape
    (4,)
    """

    componentclass = MDLSTMLayer
