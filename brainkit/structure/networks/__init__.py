"""Networks: the graph, sorting and flat parameters, and its two flavours."""

from brainkit.structure.networks.network import Network, NetworkConstructionException
from brainkit.structure.networks.feedforward import FeedForwardNetwork
from brainkit.structure.networks.recurrent import RecurrentNetwork
from brainkit.structure.networks.neurondecomposable import NeuronDecomposableNetwork

__all__ = ["Network", "NetworkConstructionException", "FeedForwardNetwork",
           "RecurrentNetwork", "NeuronDecomposableNetwork"]
