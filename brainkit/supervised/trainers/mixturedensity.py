"""PyBrain's path ``pybrain.supervised.trainers.mixturedensity``: re-exports
brainkit.trainers.mixturedensity."""

from brainkit.trainers.mixturedensity import (BackpropTrainerMix, MixtureDensityLoss,
                                              RPropMinusTrainerMix)

__all__ = ["BackpropTrainerMix", "RPropMinusTrainerMix", "MixtureDensityLoss"]
