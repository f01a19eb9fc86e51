"""PyBrain's module path ``pybrain.tools.customxml.networkwriter`` (a re-export)."""

from brainkit.io.xmlwriter import NetworkWriter

__all__ = ["NetworkWriter"]
