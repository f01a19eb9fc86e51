"""ConvolutionalBoardNetwork: PyBrain's convolution over a game board, its border padded."""

from brainkit.structure.connections.identity import IdentityConnection
from brainkit.structure.connections.shared import MotherConnection, SharedFullConnection
from brainkit.structure.modules.biasunit import BiasUnit
from brainkit.structure.modules.linearlayer import LinearLayer
from brainkit.structure.modules.neuronlayer import is_count
from brainkit.structure.moduleslice import ModuleSlice
from brainkit.structure.networks.convolutional import SimpleConvolutionalNetwork

INPUTDIM = 2        # values per board position (e.g. a black stone, a white stone)


class ConvolutionalBoardNetwork(SimpleConvolutionalNetwork):
    """A SimpleConvolutionalNetwork over a ``boardSize x boardSize`` board
    with one output per position: the board (``'in'``, 2 values per position,
    row-major) is copied into the middle of a padded board (``'pad'``, a
    LinearLayer of ``insize x insize`` positions), whose border positions
    hold trained bias weights instead, the same two for every border
    position (a BiasUnit through one shared 2-weight MotherConnection).

    With ``x = convSize // 2`` the board starts at row and column ``x``;
    ``insize = boardSize + 2x`` for an odd ``convSize`` (x border positions on
    each side) and ``boardSize + 2x - 1`` for an even one (one fewer after the
    board), so the convolution (see SimpleConvolutionalNetwork: tanh feature
    maps ``'h'``, a sigmoid output ``'out'``) has ``boardSize**2`` windows.

    The parameters, in PyBrain's order: the border weights (2), the output
    weights (``numFeatureMaps``), then ``'conv0'``... (one per row of the
    window, ``convSize * numFeatureMaps * 2`` each). Without its three
    arguments the network is empty (a model file fills it).

    >>> net = ConvolutionalBoardNetwork(4, 3, 5)
    >>> net.indim, net.outdim, net.paramdim      # 2 + 5 + 3 x (3 * 5 * 2)
    (32, 16, 97)
    """

    def __init__(self, boardSize=None, convSize=None, numFeatureMaps=None, **args):
        SimpleConvolutionalNetwork.__init__(self, **args)        # empty so far
        sizes = (boardSize, convSize, numFeatureMaps)
        if all(v is None for v in sizes):
            return
        if not all(is_count(v, 1) for v in sizes):
            raise ValueError(f"ConvolutionalBoardNetwork needs positive integers boardSize, "
                             f"convSize and numFeatureMaps; got {sizes}")
        boardSize, convSize, numFeatureMaps = (int(v) for v in sizes)
        inlayer = LinearLayer(INPUTDIM * boardSize * boardSize, name="in")
        self.addInputModule(inlayer)
        x = convSize // 2
        insize = boardSize + 2 * x - (1 if convSize % 2 == 0 else 0)
        padded = LinearLayer(INPUTDIM * insize * insize, name="pad")
        self.addModule(padded)
        self._pad_border(padded, insize, boardSize, x)
        for i in range(boardSize):
            row = ModuleSlice(inlayer, outSliceFrom=i * boardSize * INPUTDIM,
                              outSliceTo=(i + 1) * boardSize * INPUTDIM)
            start = ((i + x) * insize + x) * INPUTDIM
            inside = ModuleSlice(padded, inSliceFrom=start,
                                 inSliceTo=start + boardSize * INPUTDIM)
            self.addConnection(IdentityConnection(row, inside))
        self._buildStructure(INPUTDIM, insize, padded, convSize, numFeatureMaps)
        self.sortModules()

    def _pad_border(self, padded, insize, boardSize, x):
        """The bias weights into every border position: all rows of the border
        columns, then the border rows' board columns (PyBrain's order)."""
        bias = BiasUnit()
        self.addModule(bias)
        mother = MotherConnection(INPUTDIM)
        border = list(range(x)) + list(range(x + boardSize, insize))
        positions = ([(i, j) for i in range(insize) for j in border]
                     + [(i, j) for i in border for j in range(x, x + boardSize)])
        for i, j in positions:
            start = (i * insize + j) * INPUTDIM
            self.addConnection(SharedFullConnection(mother, bias, padded, outSliceFrom=start,
                                                    outSliceTo=start + INPUTDIM))
