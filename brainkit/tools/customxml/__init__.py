"""PyBrain's import path for the XML network files (re-exports brainkit.io).

>>> from brainkit.tools.customxml import NetworkWriter, NetworkReader
>>> from brainkit.io import NetworkWriter as W
>>> NetworkWriter is W
True
"""

from brainkit.io.xml import NetworkReader, NetworkWriter

__all__ = ["NetworkWriter", "NetworkReader"]
