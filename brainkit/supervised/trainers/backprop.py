"""PyBrain's path ``pybrain.supervised.trainers.backprop``: re-exports brainkit.trainers.backprop."""

from brainkit.trainers.backprop import BackpropTrainer

__all__ = ["BackpropTrainer"]
