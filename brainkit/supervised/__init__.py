"""PyBrain's path ``pybrain.supervised``: re-exports brainkit.trainers."""

from brainkit.trainers import BackpropTrainer, RPropMinusTrainer, Trainer

__all__ = ["Trainer", "BackpropTrainer", "RPropMinusTrainer"]
