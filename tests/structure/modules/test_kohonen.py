"""KohonenMap: winners forward, unsupervised training backward (PyBrain's rule)."""

import numpy as np

from brainkit import KohonenMap


def test_one_step_moves_the_winner_and_its_neighbours_towards_the_input():
    som = KohonenMap(2, 5)
    som.neighbours = 1.5                 # radius 1
    before = som.neurons.copy()
    x = before[2, 3] + 0.01              # nearest to neuron (2, 3)
    np.testing.assert_array_equal(som.activate(x), [2.0, 3.0])
    som.backward()
    moved = som.neurons - before
    for i in range(5):
        for j in range(5):
            near = max(abs(i - 2), abs(j - 3)) <= 1
            share = max(0.0, 1 - (abs(i - 2) + abs(j - 3)) / 5) if near else 0.0
            np.testing.assert_allclose(moved[i, j], 0.01 * share * (x - before[i, j]),
                                       rtol=1e-12, atol=1e-17)
    assert som.neighbours == 1.5 * 0.9999


def test_a_batch_sums_the_moves_from_the_same_neurons(rng):
    som = KohonenMap(3, 4)
    X = rng.random((5, 3))
    before = som.neurons.copy()
    total = np.zeros_like(before)
    for x in X:
        som.neurons[:] = before
        som.activate(x)
        som.backward()
        total += som.neurons - before
    som.neurons[:] = before
    som.neighbours = 4
    som.run_forward(X[None])
    som.run_backward(np.zeros((1, 5, 2)))
    np.testing.assert_allclose(som.neurons - before, total, rtol=1e-12, atol=1e-16)
    assert som.neighbours == 4 * 0.9999**5


def test_the_full_map_outputs_every_squared_distance():
    # PyBrain's outputFullMap wrote nothing into the output
    som = KohonenMap(2, 3, outputFullMap=True)
    x = np.array([0.2, 0.7])
    want = ((som.neurons - x) ** 2).sum(axis=-1).ravel()
    np.testing.assert_allclose(som.activate(x), want, rtol=1e-12, atol=1e-15)
    assert som.outdim == 9


def test_training_on_the_unit_square_spreads_the_map_over_it():
    np.random.seed(1)
    som = KohonenMap(2, 5)
    som.learningrate, som.neighbourdecay = 0.1, 0.999
    points = np.random.random_sample((3000, 2))

    def error():
        distances = ((points[:, None] - som.neurons.reshape(-1, 2)) ** 2).sum(-1)
        return np.mean(distances.min(axis=1))

    before = error()
    for x in points:
        som.activate(x)
        som.backward()
    assert error() < before / 2
    # neighbours on the grid end up near each other in the square
    steps = np.linalg.norm(np.diff(som.neurons, axis=0), axis=-1)
    assert steps.mean() < 0.4
