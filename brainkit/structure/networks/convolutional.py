"""SimpleConvolutionalNetwork: PyBrain's convolution built from shared weights."""

from brainkit.structure.connections.shared import MotherConnection, SharedFullConnection
from brainkit.structure.modules.linearlayer import LinearLayer
from brainkit.structure.modules.neuronlayer import is_count
from brainkit.structure.modules.sigmoidlayer import SigmoidLayer
from brainkit.structure.modules.tanhlayer import TanhLayer
from brainkit.structure.moduleslice import ModuleSlice
from brainkit.structure.networks.feedforward import FeedForwardNetwork


class SimpleConvolutionalNetwork(FeedForwardNetwork):
    """One convolution over a square input of ``insize x insize`` cells with
    ``inputdim`` values each (row-major, a cell's values together): every
    ``convSize x convSize`` window feeds ``numFeatureMaps`` tanh units
    (``'h'``), whose weights all windows share (one MotherConnection
    ``'conv<row>'`` per row of the window), and each window's units feed
    one sigmoid output (``'out'``, ``(insize - convSize + 1)**2`` of them)
    through another shared weight vector.

    Each window is a handful of small connections, as in PyBrain; for real
    image work ``brainkit.tools.convolutional.buildConvolutionalNetwork``
    runs a convolution as one batched product. Without its four arguments
    the network is empty.

    >>> net = SimpleConvolutionalNetwork(2, 4, 3, 5)
    >>> net.indim, net.outdim, net.paramdim      # 3 x (3 * 5 * 2) + 5
    (32, 4, 95)
    """

    def __init__(self, inputdim=None, insize=None, convSize=None, numFeatureMaps=None,
                 **args):
        FeedForwardNetwork.__init__(self, **args)
        sizes = (inputdim, insize, convSize, numFeatureMaps)
        if all(v is None for v in sizes):
            return                               # empty (a file fills it)
        if not all(is_count(v, 1) for v in sizes) or convSize > insize:
            raise ValueError(f"SimpleConvolutionalNetwork needs positive integers inputdim, "
                             f"insize, convSize <= insize and numFeatureMaps; got {sizes}")
        inputdim, insize, convSize, numFeatureMaps = (int(v) for v in sizes)
        inlayer = LinearLayer(inputdim * insize * insize)
        self.addInputModule(inlayer)
        self._buildStructure(inputdim, insize, inlayer, convSize, numFeatureMaps)
        self.sortModules()

    def _buildStructure(self, inputdim, insize, inlayer, convSize, numFeatureMaps):
        outdim = insize - convSize + 1
        hlayer = TanhLayer(outdim * outdim * numFeatureMaps, name="h")
        self.addModule(hlayer)
        outlayer = SigmoidLayer(outdim * outdim, name="out")
        self.addOutputModule(outlayer)
        convConns = [MotherConnection(convSize * numFeatureMaps * inputdim, name=f"conv{i}")
                     for i in range(convSize)]
        outConn = MotherConnection(numFeatureMaps)
        for i in range(outdim):
            for j in range(outdim):
                offset = i * outdim + j
                units = ModuleSlice(hlayer, offset * numFeatureMaps,
                                    (offset + 1) * numFeatureMaps, offset * numFeatureMaps,
                                    (offset + 1) * numFeatureMaps)
                self.addConnection(SharedFullConnection(outConn, units, outlayer,
                                                        outSliceFrom=offset,
                                                        outSliceTo=offset + 1))
                for k, mother in enumerate(convConns):
                    start = (insize * (i + k) + j) * inputdim
                    row = ModuleSlice(inlayer, outSliceFrom=start,
                                      outSliceTo=start + convSize * inputdim)
                    self.addConnection(SharedFullConnection(mother, row, units))
