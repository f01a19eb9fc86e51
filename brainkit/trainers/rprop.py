"""RPropMinusTrainer: full-batch training with PyBrain's RProp- rule."""

import numpy as np

from brainkit.trainers.backprop import BackpropTrainer
from brainkit.trainers.rules import RPropMinus


class RPropMinusTrainer(BackpropTrainer):
    """One update per epoch from the gradient summed over the whole dataset,
    with per-weight step sizes (``rules.RPropMinus``). Takes the dataset as
    second argument (PyBrain took it as ``etaminus`` [BUG]); the other keywords
    are BackpropTrainer's (``weightdecay``, ``verbose``, ...).

    Verbose lines follow PyBrain: ``epoch      0  total error  ...  avg weight  ...``,
    the epoch counted from 0 and the root mean square weight before its update.
    """

    def __init__(self, module, dataset=None, etaminus=0.5, etaplus=1.2, deltamin=1.0e-6,
                 deltamax=5.0, delta0=0.1, **kwargs):
        rule = RPropMinus(etaminus, etaplus, deltamin, deltamax, delta0,
                          kwargs.get("weightdecay", 0.0))
        if kwargs.get("rule") is not None:
            raise ValueError("RPropMinusTrainer applies its own rule; use BackpropTrainer "
                             "to give rule=")
        kwargs.setdefault("batchlearning", True)
        kwargs.setdefault("shuffle", False)
        BackpropTrainer.__init__(self, module, dataset, **kwargs)
        self.descent = rule

    def _epoch_line(self, error, start):
        weight = float(np.sqrt(np.mean(start ** 2)))
        return (f"epoch {self.epoch:6d}  total error {error:12.5g}   "
                f"avg weight  {weight:12.5g}")
