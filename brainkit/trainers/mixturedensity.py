"""Trainers for mixture density networks: the targets' negative log-likelihood."""

import numpy as np

from brainkit.trainers.backprop import BackpropTrainer
from brainkit.trainers.losses import output_layer, samples_in
from brainkit.trainers.rprop import RPropMinusTrainer


def _mixture_layer(layer):
    from brainkit.structure.modules.mixturedensity import MixtureDensityLayer
    return isinstance(layer, MixtureDensityLayer)


class MixtureDensityLoss:
    """The negative log-likelihood of each target t (D values) under the
    mixture the network outputs (Bishop 2006, 5.153-5.157), from the output
    layer's inputs z = [a | b | m] (pi = softmax(a), sigma = exp(b), mu = m)::

        L = -log sum_k pi_k N(t; mu_k, sigma_k**2 I)

    computed with log-sum-exp. With gamma_k the posterior of Gaussian k, minus
    the gradient with respect to z, which the layer passes through, is
    ``[gamma - pi | gamma (|t - mu|**2 / sigma**2 - D) | gamma (t - mu) / sigma**2]``.
    Reported: the mean over the samples.
    """

    name = "mixturedensity"
    description = "negative log-likelihood of the mixture, averaged over samples"

    def check(self, layer, targets):
        if not _mixture_layer(layer):
            raise ValueError(f"a mixture density trainer needs a MixtureDensityLayer as the "
                             f"network's only output module; {layer.name!r} is a "
                             f"{type(layer).__name__}")
        if targets.shape[-1] != layer.nDims:
            raise ValueError(f"the targets have {targets.shape[-1]} values per sample, but "
                             f"MixtureDensityLayer {layer.name!r} models {layer.nDims}")

    def evaluate(self, Y, T, W, layer):
        K, D = layer.nGaussians, layer.nDims
        Z = layer.inputbuffer[:Y.shape[0]]
        a, b = Z[..., :K], np.clip(Z[..., K:2 * K], -500.0, 500.0)
        pi, sigma, mu = Y[..., :K], Y[..., K:2 * K], Y[..., 2 * K:]
        diff = T[..., None, :] - mu.reshape(mu.shape[:-1] + (K, D))          # (.., K, D)
        scaled = (diff ** 2).sum(axis=-1) / sigma ** 2                       # |t - mu|^2 / s^2
        top = a.max(axis=-1, keepdims=True)
        log_pi = a - top - np.log(np.exp(a - top).sum(axis=-1, keepdims=True))
        joint = log_pi - D * b - 0.5 * scaled - 0.5 * D * np.log(2 * np.pi)
        peak = joint.max(axis=-1, keepdims=True)
        log_p = peak[..., 0] + np.log(np.exp(joint - peak).sum(axis=-1))
        gamma = np.exp(joint - log_p[..., None])
        E = np.concatenate([gamma - pi, gamma * (scaled - D),
                            (gamma[..., None] * diff / sigma[..., None] ** 2).reshape(mu.shape)],
                           axis=-1)
        if W is None:
            return E, float(-log_p.sum()), samples_in(T, None)
        w = W.mean(axis=-1)                          # one weight per sample
        return E * w[..., None], float(-np.vdot(log_p, w)), float(w.sum())


class BackpropTrainerMix(BackpropTrainer):
    """A BackpropTrainer for a network whose output module is a
    MixtureDensityLayer: the data's targets have the layer's ``dim`` values
    (not its outputs' width), and it minimises their negative log-likelihood
    (``MixtureDensityLoss``), whose error figures it reports. Arguments as
    BackpropTrainer's, without ``loss``.

    (PyBrain's took the gradient with respect to sigma for the one with
    respect to its input, and normalised each Gaussian with sigma, not
    sigma**D; both are fixed.)
    """

    def __init__(self, module, dataset=None, **kwargs):
        if "loss" in kwargs:
            raise ValueError(f"{type(self).__name__} minimises the mixture's negative "
                             "log-likelihood; it takes no loss=")
        super().__init__(module, dataset, loss=MixtureDensityLoss(), **kwargs)

    def _target_width(self, dataset):
        # the layer's dim values per sample; the loss's check says what is wrong
        layer = output_layer(self.module)
        self.loss.check(layer, np.zeros((0, dataset.outdim)))
        return layer.nDims


class RPropMinusTrainerMix(BackpropTrainerMix, RPropMinusTrainer):
    """RPropMinusTrainer's full-batch RProp- on the mixture's negative
    log-likelihood (see BackpropTrainerMix)."""
