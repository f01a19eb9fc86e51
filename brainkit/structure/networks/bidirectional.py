"""BidirectionalNetwork: a bidirectional RNN unfolded over a fixed sequence length."""

from brainkit.structure.connections.shared import MotherConnection, SharedFullConnection
from brainkit.structure.modulemesh import ModuleMesh, add_meshes
from brainkit.structure.modules.linearlayer import LinearLayer
from brainkit.structure.modules.neuronlayer import check_dim
from brainkit.structure.modules.sigmoidlayer import SigmoidLayer
from brainkit.structure.modules.tanhlayer import TanhLayer
from brainkit.structure.networks.feedforward import FeedForwardNetwork
from brainkit.structure.networks.options import take_options


class BidirectionalNetwork(FeedForwardNetwork):
    """A bidirectional recurrent network over sequences of ``seqlen`` steps,
    unfolded in time into a feed-forward network: a whole sequence is one
    sample, ``seqlen * inputsize`` values in, ``seqlen * outputsize`` out.

    At step t a forward hidden layer (``componentclass(hiddensize)``) reads
    the input and the forward hidden layer of step t-1, a backward one reads
    the input and the backward hidden layer of step t+1, and the output
    (``outcomponentclass``) reads both. Every step uses the same weights
    (MotherConnections ``'inconn'``, ``'outconn'``, ``'fconn'`` forward and
    ``'inconnb'``, ``'outconnb'``, ``'bconn'`` backward); with ``symmetric``
    the two directions share them too.

    Options (keywords, defaults as class attributes): ``seqlen`` (needed to
    build anything; without it the network is empty), ``inputsize`` (1),
    ``outputsize`` (1), ``hiddensize`` (5), ``symmetric`` (False),
    ``componentclass`` (TanhLayer), ``outcomponentclass`` (SigmoidLayer).

    >>> net = BidirectionalNetwork(seqlen=20, inputsize=1, hiddensize=5)
    >>> net.paramdim         # 2 x (1x5 in + 5x1 out + 5x5 through time)
    70
    >>> net.activate([0.5] * 20).shape
    (20,)
    """

    OPTIONS = ("seqlen", "inputsize", "outputsize", "hiddensize", "symmetric",
               "componentclass", "outcomponentclass")
    symmetric = False
    componentclass = TanhLayer
    outcomponentclass = SigmoidLayer
    inputsize = 1
    outputsize = 1
    hiddensize = 5
    seqlen = None

    def __init__(self, predefined=None, **kwargs):
        self.predefined = {} if predefined is None else predefined
        FeedForwardNetwork.__init__(self, **take_options(self, kwargs))
        if self.seqlen is not None:
            self.seqlen = check_dim(self.seqlen, "BidirectionalNetwork", "seqlen", 1,
                                    "the sequences' length")
            self._build()
            self.sortModules()

    def _constructor_args(self):
        # the structure is in the file: a network read back is built empty
        return {"name": self.name, **{k: v for k, v in self._options.items() if k != "seqlen"}}

    def _build(self):
        n = self.seqlen
        inmod = LinearLayer(self.inputsize * n, name="input")
        inmesh = ModuleMesh.viewOnFlatLayer(inmod, (n,), "inmesh")
        outmod = self.outcomponentclass(self.outputsize * n, name="output")
        outmesh = ModuleMesh.viewOnFlatLayer(outmod, (n,), "outmesh")
        hidden = ModuleMesh.constructWithLayers(self.componentclass, self.hiddensize, (2, n),
                                                "hidden")
        add_meshes(self, inmesh, hidden, outmesh)
        insize = inmesh.componentOutdim * hidden.componentIndim
        outsize = outmesh.componentIndim * hidden.componentOutdim
        timesize = hidden.componentIndim * hidden.componentOutdim
        inconnf = MotherConnection(insize, name="inconn")
        outconnf = MotherConnection(outsize, name="outconn")
        forwardconn = MotherConnection(timesize, name="fconn")
        if self.symmetric:
            inconnb, outconnb, backwardconn = inconnf, outconnf, forwardconn
        else:
            # PyBrain named these 'inconn' and 'outconn' too; the names sort in
            # the same place, so the parameter layout is PyBrain's
            backwardconn = MotherConnection(timesize, name="bconn")
            inconnb = MotherConnection(insize, name="inconnb")
            outconnb = MotherConnection(outsize, name="outconnb")
        for i in range(n):
            self.addConnection(SharedFullConnection(inconnf, inmesh[(i,)], hidden[(0, i)]))
            self.addConnection(SharedFullConnection(inconnb, inmesh[(i,)], hidden[(1, i)]))
            self.addConnection(SharedFullConnection(outconnf, hidden[(0, i)], outmesh[(i,)]))
            self.addConnection(SharedFullConnection(outconnb, hidden[(1, i)], outmesh[(i,)]))
            if i > 0:
                self.addConnection(SharedFullConnection(forwardconn, hidden[(0, i - 1)],
                                                        hidden[(0, i)]))
            if i < n - 1:
                self.addConnection(SharedFullConnection(backwardconn, hidden[(1, i + 1)],
                                                        hidden[(1, i)]))
