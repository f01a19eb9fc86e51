"""PyBrain's path ``pybrain.supervised.trainers.rprop``: re-exports brainkit.trainers.rprop."""

from brainkit.trainers.rprop import RPropMinusTrainer

__all__ = ["RPropMinusTrainer"]
