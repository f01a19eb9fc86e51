"""Connections: each class in its own file, re-exported here."""

from brainkit.structure.connections.connection import Connection
from brainkit.structure.connections.full import FullConnection
from brainkit.structure.connections.identity import IdentityConnection
from brainkit.structure.connections.shared import (MotherConnection, SharedConnection,
                                                   SharedFullConnection)

__all__ = ["Connection", "FullConnection", "IdentityConnection", "MotherConnection",
           "SharedConnection", "SharedFullConnection"]
