"""PyBrain's ``pybrain.utilities`` names that scripts use."""

from brainkit.tools.validation import percentError

__all__ = ["percentError"]
