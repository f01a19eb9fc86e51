"""KohonenMap: a self-organising map on a square grid of neurons."""

import numpy as np

from brainkit.structure.modules.module import Module
from brainkit.structure.modules.neuronlayer import check_dim


class KohonenMap(Module):
    """``nNeurons x nNeurons`` neurons, each a point in the ``dim``-dimensional
    input space (``neurons``, shape (nNeurons, nNeurons, dim), a view of the
    parameters; drawn uniformly from [0, 1) as in PyBrain).

    Forward finds each input's winner, the neuron nearest to it (squared
    distance; the first in row-major order on ties), and outputs its grid
    coordinates (2 values), or with ``outputFullMap`` the squared distances
    to all neurons (nNeurons**2 values, row-major).

    Backward does no backpropagation (the input error is 0): it trains the
    map, unsupervised, moving the winner and its neighbours towards the
    input, as PyBrain's did: every neuron within ``floor(neighbours)`` grid
    steps of the winner along both axes moves by
    ``learningrate * max(0, 1 - |grid distance|_1 / nNeurons)`` of its
    difference to the input; then ``neighbours *= neighbourdecay``. A batch of
    B inputs makes the B moves from the same neurons, summed, and decays the
    radius B times.

    >>> np.random.seed(0)
    >>> som = KohonenMap(2, 3)
    >>> som.activate([0.9, 0.1])
    array([1., 1.])
    >>> som.backward()     # train on that input
    """

    def __init__(self, dim, nNeurons, name=None, outputFullMap=False):
        dim = check_dim(dim, "KohonenMap")
        nNeurons = check_dim(nNeurons, "KohonenMap", "nNeurons", 1, "the grid's side")
        self.nNeurons = nNeurons
        self.nInput = dim
        self.outputFullMap = bool(outputFullMap)
        Module.__init__(self, dim, nNeurons**2 if outputFullMap else 2, name=name,
                        paramdim=nNeurons * nNeurons * dim)
        self.neighbours = nNeurons
        self.learningrate = 0.01
        self.neighbourdecay = 0.9999
        self.winner = np.zeros(2)
        self.grid = np.stack(np.meshgrid(np.arange(nNeurons), np.arange(nNeurons),
                                         indexing="ij"), axis=-1)

    def _constructor_args(self):
        return {"dim": self.nInput, "nNeurons": self.nNeurons, "name": self.name,
                "outputFullMap": self.outputFullMap}

    def _bind(self, params, derivs):
        Module._bind(self, params, derivs)
        self.neurons = params.reshape(self.nNeurons, self.nNeurons, self.nInput)

    def randomize(self, rng=None):
        """Draw the neurons uniformly from [0, 1) (numpy's global random state,
        as PyBrain, unless a ``numpy.random.Generator`` is given)."""
        draw = np.random.random_sample(self.paramdim) if rng is None else rng.random(
            self.paramdim)
        self._params[:] = draw
        self.resetDerivatives()

    def _distances(self, inbuf):
        """(N, nNeurons**2) squared distances of the inputs to the neurons, as
        |x|**2 - 2 x.w + |w|**2 (one product for the batch; rounding can only
        decide between neurons equally near to within 1e-16)."""
        flat = self.neurons.reshape(-1, self.nInput)
        squares = (np.einsum("nd,nd->n", inbuf, inbuf)[:, None] - 2.0 * inbuf @ flat.T
                   + np.einsum("kd,kd->k", flat, flat))
        return np.maximum(squares, 0.0, out=squares)

    def _winners(self, distances):
        """(N, 2) grid coordinates of each row's nearest neuron."""
        return np.stack(np.divmod(np.argmin(distances, axis=1), self.nNeurons), axis=1)

    def _forward(self, inbuf, outbuf):
        distances = self._distances(inbuf)
        winners = self._winners(distances)
        if len(winners):
            self.winner = winners[-1].astype(float)
        if self.outputFullMap:
            outbuf[:] = distances
        else:
            outbuf[:] = winners

    def _backward(self, outerr, inerr, outbuf, inbuf):
        inerr[:] = 0.0
        n, winners = self.nNeurons, self._winners(self._distances(inbuf))
        radius = np.floor(self.neighbours)
        self.neighbours *= self.neighbourdecay ** len(inbuf)
        offsets = np.abs(self.grid[None] - winners[:, None, None, :])      # (N, n, n, 2)
        weights = np.maximum(0.0, 1.0 - offsets.sum(axis=-1) / n)
        weights *= offsets.max(axis=-1) <= radius
        # neurons += lr * sum_b w_b (x_b - neurons)
        pull = np.einsum("bij,bd->ijd", weights, inbuf) - weights.sum(axis=0)[..., None] \
            * self.neurons
        self.neurons += self.learningrate * pull
