"""CaptureGameNetwork: PyBrain's border-swiping network for the capture game."""

import re
import zlib

import numpy as np

from brainkit.structure.connections.shared import MotherConnection, SharedFullConnection
from brainkit.structure.grid import iterCombinations
from brainkit.structure.modules.linearlayer import LinearLayer
from brainkit.structure.modules.mdlstm import MDLSTMLayer
from brainkit.structure.modules.neuronlayer import check_dim
from brainkit.structure.modules.sigmoidlayer import SigmoidLayer
from brainkit.structure.modules.tanhlayer import TanhLayer
from brainkit.structure.networks.borderswiping import BorderSwipingNetwork
from brainkit.structure.networks.multidimensional import grid_meshes, pass_states

# the predefined key of each MotherConnection by its name (see _predefined_from_mothers)
_MOTHER_KEYS = {"inconn": "inconn", "outconn": "outconn", "bconn": "borderconn",
                "inconn-direct": "directconn", "globalinconn": "globalinconn"}


class CaptureGameNetwork(BorderSwipingNetwork):
    """A BorderSwipingNetwork over a ``size x size`` game board (``size`` at
    least 2) that outputs, for every position, a preference for moving there.

    In: ``insize`` values per position (a flat LinearLayer ``'input'``,
    positions row-major; e.g. a black and a white stone). Out: ``outputs``
    values per position (a flat ``outcomponentclass`` layer ``'output'``). In
    between, per position and swipe, a hidden ``componentclass(hsize)``
    ``'hidden<coordinate>'`` that reads the position's input, its
    predecessors along the swipe and, at the board's border, the trained
    border weights (see SwipingNetwork and BorderSwipingNetwork, whose options
    it takes too). MDLSTMLayer cells pass their states as in
    MultiDimensionalLSTM.

    Options: ``size`` (5), ``insize`` (2), ``hsize`` (5), ``componentclass``
    (TanhLayer), ``outcomponentclass`` (SigmoidLayer), ``peepholes`` (False),
    ``outputs`` (1); ``directlink`` (False; True adds shared weights
    ``'inconn-direct'``, ``predefined['directconn']``, from each position's
    input to its output); ``combinputs`` (0; n > 0 adds a second input layer
    ``'globalin'`` of n values for the whole board, e.g. whose turn it is,
    which feeds every hidden component through shared weights
    ``'globalinconn'``); ``rebuilt`` (False; True makes an empty network,
    which a model file fills: files record it, as PyBrain's did).

    Without a name the network is named after its options and six digits
    computed from its initial weights: ``CaptureGameNetwork-s5-h5--123456``.

    >>> net = CaptureGameNetwork(size=3, hsize=2)
    >>> net.indim, net.outdim, net.paramdim   # inconn 4, outconn 2, hconn0 4, 2 borders 4
    (18, 9, 14)
    >>> net.name[:24]
    'CaptureGameNetwork-s3-h2'
    """

    OPTIONS = BorderSwipingNetwork.OPTIONS + (
        "size", "insize", "hsize", "componentclass", "outcomponentclass", "peepholes",
        "outputs", "directlink", "combinputs", "comboutputs", "rebuilt")
    size = 5
    insize = 2
    hsize = 5
    componentclass = TanhLayer
    outcomponentclass = SigmoidLayer
    peepholes = False
    outputs = 1
    directlink = False
    combinputs = 0
    comboutputs = 0
    rebuilt = False

    def __init__(self, **args):
        named = args.get("name") is not None
        size = check_dim(args.get("size", self.size), "CaptureGameNetwork",
                         "size (the board's side)", 2, meaning=None)
        combinputs = check_dim(args.get("combinputs", self.combinputs), "CaptureGameNetwork",
                               "combinputs", 0, "the number of global inputs")
        if args.get("comboutputs", self.comboutputs):
            raise NotImplementedError("CaptureGameNetwork: comboutputs is not implemented "
                                      "(PyBrain's CaptureGameNetwork accepted it and built "
                                      "nothing); leave it 0")
        args["size"] = size
        if "combinputs" in args:
            args["combinputs"] = combinputs
        args["dims"] = (size, size)
        BorderSwipingNetwork.__init__(self, **args)
        if not self.rebuilt:
            self._buildCaptureNetwork()
            self.sortModules()
            self.rebuilt = True
        if not named:
            self.name = self._generateName()

    def _buildCaptureNetwork(self):
        inmesh, hiddenmesh, outmesh = grid_meshes(self)
        self._buildBorderStructure(inmesh, hiddenmesh, outmesh)
        if self.componentclass is MDLSTMLayer:
            pass_states(self, hiddenmesh)
        if self.directlink:
            direct = self._mother("directconn", inmesh.componentOutdim * outmesh.componentIndim,
                                  "inconn-direct")
            for unit in iterCombinations(self.dims):
                self.addConnection(SharedFullConnection(direct, inmesh[unit], outmesh[unit]))
        if self.combinputs:
            globalin = LinearLayer(self.combinputs, name="globalin")
            self.addInputModule(globalin)
            mother = self._mother("globalinconn", self.combinputs * hiddenmesh.componentIndim,
                                  "globalinconn")
            for component in hiddenmesh:
                self.addConnection(SharedFullConnection(mother, globalin, component))

    def _constructor_args(self):
        # the structure is in the file: the network read back is built empty
        options = {k: v for k, v in self._options.items() if k != "dims"}
        return {"name": self.name, **options, "size": self.size, "rebuilt": True}

    def _generateName(self):
        """PyBrain's name from the options, then six digits for telling
        networks apart: PyBrain drew them at random, these come from the
        initial weights (the same for the same seed)."""
        name = f"{type(self).__name__}-s{self.size}-h{self.hsize}"
        if self.directlink:
            name += "-direct"
        if self.componentclass is not TanhLayer:
            name += f"-{self.componentclass.__name__}"
        if self.outputs > 1:
            name += f"-o{self.outputs}"
        if self.combinputs > 0:
            name += f"-combin{self.combinputs}"
        weights = np.ascontiguousarray(self.params, dtype=np.float64).tobytes()
        return f"{name}--{100000 + zlib.crc32(weights) % 900000}"

    def resizedTo(self, newsize):
        """A new network for a ``newsize x newsize`` board with copies of this
        one's weights (the same ones shared the same way); border weights for
        positions this board lacks start from the nearest known ones (see
        BorderSwipingNetwork). The same size gives ``copy()``."""
        if newsize == self.size:
            return self.copy()
        options = {k: getattr(self, k) for k in self.OPTIONS if k not in ("dims", "rebuilt")}
        # a network read from a file knows its classes only from its modules
        options.update(size=newsize, componentclass=type(self["hidden(0, 0, 0)"]),
                       outcomponentclass=type(self["output"]))
        return type(self)(predefined=self._copied_predefined(), dtype=self.dtype, **options)

    def _copied_predefined(self):
        """``predefined`` with a fresh copy of each MotherConnection (what was
        one mother, or one dictionary, stays one)."""
        fresh = {}

        def copy(value):
            if id(value) not in fresh:
                if isinstance(value, dict):
                    fresh[id(value)] = {k: copy(v) for k, v in value.items()}
                else:
                    fresh[id(value)] = MotherConnection(value.paramdim, name=value.name)
                    fresh[id(value)].params[:] = value.params
            return fresh[id(value)]
        return copy(self.predefined or self._predefined_from_mothers())

    def _predefined_from_mothers(self):
        """``predefined`` rebuilt from the MotherConnections' names, for a
        network read from a file (whose ``predefined`` is empty)."""
        predefined = {}
        for mother in self.motherconnections:
            hidden = re.fullmatch(r"hconn(\d+)", mother.name)
            border = re.fullmatch(r"bconn(\d+)\(([\d, ]*)\)", mother.name)
            if mother.name in _MOTHER_KEYS:
                predefined[_MOTHER_KEYS[mother.name]] = mother
            elif hidden:
                predefined.setdefault("hconns", {})[int(hidden[1])] = mother
            elif border:
                place = tuple(int(v) for v in border[2].split(",") if v.strip())
                bordconns = predefined.setdefault("bordconns", {})
                bordconns.setdefault(int(border[1]), {})[place] = mother
            else:
                raise ValueError(f"{type(self).__name__} {self.name!r}: cannot resize, the "
                                 f"weights {mother.name!r} are none of a capture game "
                                 "network's (inconn, outconn, hconn<d>, bconn...)")
        return predefined
