"""PyBrain's path ``pybrain.supervised.trainers.trainer``: re-exports brainkit.trainers.trainer."""

from brainkit.trainers.trainer import Trainer

__all__ = ["Trainer"]
