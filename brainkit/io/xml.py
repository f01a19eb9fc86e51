"""PyBrain's XML network files: ``NetworkWriter`` and ``NetworkReader``.

>>> import os, tempfile
>>> from brainkit import buildNetwork
>>> path = os.path.join(tempfile.mkdtemp(), 'net.xml')
>>> NetworkWriter.writeToFile(buildNetwork(2, 3, 1), path)
>>> NetworkReader.readFrom(path).indim
2
"""

from brainkit.io.xmlreader import NetworkReader
from brainkit.io.xmlwriter import NetworkWriter

__all__ = ["NetworkWriter", "NetworkReader"]
