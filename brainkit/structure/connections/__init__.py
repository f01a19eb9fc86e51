"""Connections: each class in its own file, re-exported here (the ones
PyBrain's package exports; PermutationConnection, SubsamplingConnection and
SharedSubsamplingConnection are imported from their files, as in PyBrain)."""

from brainkit.structure.connections.connection import Connection
from brainkit.structure.connections.full import FullConnection
from brainkit.structure.connections.identity import IdentityConnection
from brainkit.structure.connections.linear import LinearConnection
from brainkit.structure.connections.fullnotself import FullNotSelfConnection
from brainkit.structure.connections.shared import (MotherConnection, SharedConnection,
                                                   SharedFullConnection)

__all__ = ["Connection", "FullConnection", "IdentityConnection", "LinearConnection",
           "FullNotSelfConnection", "MotherConnection", "SharedConnection",
           "SharedFullConnection"]
