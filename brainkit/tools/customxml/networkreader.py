"""PyBrain's module path ``pybrain.tools.customxml.networkreader`` (a re-export)."""

from brainkit.io.xmlreader import NetworkReader

__all__ = ["NetworkReader"]
