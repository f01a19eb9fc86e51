"""Networks: the graph, sorting and flat parameters, and its two flavours."""

from brainkit.structure.networks.network import Network, NetworkConstructionException
from brainkit.structure.networks.feedforward import FeedForwardNetwork
from brainkit.structure.networks.recurrent import RecurrentNetwork
from brainkit.structure.networks.neurondecomposable import (FeedForwardDecomposableNetwork,
                                                            NeuronDecomposableNetwork,
                                                            RecurrentDecomposableNetwork)

__all__ = ["Network", "NetworkConstructionException", "FeedForwardNetwork",
           "RecurrentNetwork", "NeuronDecomposableNetwork", "FeedForwardDecomposableNetwork",
           "RecurrentDecomposableNetwork"]
