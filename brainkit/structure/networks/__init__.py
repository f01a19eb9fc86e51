"""Networks: the graph, sorting and flat parameters, and its two flavours."""

from brainkit.structure.networks.network import Network, NetworkConstructionException
from brainkit.structure.networks.feedforward import FeedForwardNetwork
from brainkit.structure.networks.recurrent import RecurrentNetwork
from brainkit.structure.networks.neurondecomposable import (FeedForwardDecomposableNetwork,
                                                            NeuronDecomposableNetwork,
                                                            RecurrentDecomposableNetwork)
from brainkit.structure.networks.bidirectional import BidirectionalNetwork
from brainkit.structure.networks.swiping import SwipingNetwork
from brainkit.structure.networks.borderswiping import BorderSwipingNetwork

__all__ = ["Network", "NetworkConstructionException", "FeedForwardNetwork",
           "RecurrentNetwork", "NeuronDecomposableNetwork", "FeedForwardDecomposableNetwork",
           "RecurrentDecomposableNetwork", "BidirectionalNetwork", "SwipingNetwork",
           "BorderSwipingNetwork"]
