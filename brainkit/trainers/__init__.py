"""Trainers and the update rules they apply to the flat parameter vector."""

from brainkit.trainers.trainer import Trainer
from brainkit.trainers.backprop import BackpropTrainer
from brainkit.trainers.rprop import RPropMinusTrainer
from brainkit.trainers.rules import Adam, GradientDescent, RPropMinus

__all__ = ["Trainer", "BackpropTrainer", "RPropMinusTrainer", "GradientDescent",
           "RPropMinus", "Adam"]
