"""PyBrain's custom networks for board games: the capture game network and
the convolutional board network."""

from brainkit.structure.networks.custom.capturegame import CaptureGameNetwork
from brainkit.structure.networks.custom.convboard import ConvolutionalBoardNetwork

__all__ = ["CaptureGameNetwork", "ConvolutionalBoardNetwork"]
