"""PyBrain's path ``pybrain.supervised.trainers``: re-exports brainkit.trainers."""

from brainkit.trainers import BackpropTrainer, RPropMinusTrainer, Trainer

__all__ = ["Trainer", "BackpropTrainer", "RPropMinusTrainer"]
