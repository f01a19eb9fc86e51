"""A batch gives, sample for sample, what the samples give one at a time."""

import numpy as np
import pytest

from brainkit import buildNetwork
from tests.structure.harness import check_batch_equals_single
from tests.structure.networks.builders import parallel_ffn, simple_rnn

EXACT = dict(rtol=1e-12, atol=1e-14)


def test_feedforward_batch_equals_one_by_one(rng):
    net = parallel_ffn()
    X = rng.standard_normal((5, 3))
    Y = net.activate(X)
    assert Y.shape == (5, 2)
    np.testing.assert_allclose(Y, [net.activate(x) for x in X], **EXACT)
    check_batch_equals_single(net, X[None], rng)


def test_recurrent_batch_of_sequences_equals_each_sequence_alone(rng):
    net = simple_rnn()
    T, B = 7, 4
    X = rng.standard_normal((T, B, 2))
    net.reset()
    Y = np.stack([net.activate(x) for x in X])
    assert Y.shape == (T, B, 2)
    for b in range(B):
        net.reset()
        alone = np.stack([net.activate(x) for x in X[:, b]])
        np.testing.assert_allclose(alone, Y[:, b], **EXACT)
    check_batch_equals_single(net, X, rng)


def test_recurrent_network_keeps_state_until_reset(rng):
    net = simple_rnn()
    x = rng.standard_normal(2)
    first = net.activate(x)
    second = net.activate(x)
    assert not np.allclose(first, second)
    assert net.offset == 2
    net.reset()
    np.testing.assert_array_equal(net.activate(x), first)


def test_recurrent_buffers_grow_for_long_sequences(rng):
    net = simple_rnn()
    X = rng.standard_normal((40, 2))
    net.reset()
    stepped = np.stack([net.activate(x) for x in X])
    np.testing.assert_allclose(stepped, net.run_forward(X[:, None])[:, 0], **EXACT)


def test_feedforward_activate_resets_every_call(rng):
    net = buildNetwork(2, 3, 1)
    x = rng.standard_normal(2)
    np.testing.assert_array_equal(net.activate(x), net.activate(x))
    assert net.offset == 0


@pytest.mark.parametrize("inpt", [[1.0, 2.0], (1.0, 2.0), np.array([1, 2]),
                                  np.array([1.0, 2.0], dtype=np.float32)])
def test_lists_tuples_and_int_arrays_are_accepted(inpt):
    net = buildNetwork(2, 3, 1)
    np.testing.assert_array_equal(net.activate(inpt), net.activate(np.array([1.0, 2.0])))


def test_a_plain_number_when_indim_is_one():
    net = buildNetwork(1, 2, 1)
    y = net.activate(0.5)
    assert y.shape == (1,)
    np.testing.assert_array_equal(y, net.activate([0.5]))
    assert net.activate([[0.5], [0.5]]).shape == (2, 1)


def test_batch_size_may_not_change_within_a_sequence(rng):
    net = simple_rnn()
    net.activate(rng.standard_normal((3, 2)))
    with pytest.raises(ValueError, match="batch size changed from 3 to 2 within a sequence"):
        net.activate(rng.standard_normal((2, 2)))
    net.reset()
    assert net.activate(rng.standard_normal((2, 2))).shape == (2, 2)


def test_switching_batch_sizes_and_lengths_gives_the_same_numbers(rng):
    """Buffers of recent batch sizes are kept and reused: going back and forth
    between sizes and sequence lengths must not leave stale numbers behind."""
    from brainkit import LSTMLayer, buildNetwork
    np.random.seed(3)
    net = buildNetwork(2, 3, 1, hiddenclass=LSTMLayer, peepholes=True)
    fresh = net.copy()
    shapes = [(6, 4), (3, 2), (6, 4), (9, 2), (2, 4), (9, 3), (6, 4)]
    for T, B in shapes:
        X = rng.standard_normal((T, B, 2))
        E = rng.standard_normal((T, B, 1))
        for n in (net, fresh):
            n.resetDerivatives()
        out = net.run_forward(X).copy()
        net.run_backward(E)
        reference = fresh.copy()          # a network that never saw another shape
        expected = reference.run_forward(X).copy()
        reference.run_backward(E)
        np.testing.assert_allclose(out, expected, rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(net.derivs, reference.derivs, rtol=1e-10, atol=1e-13)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_a_large_batch_is_read_in_place_with_the_same_results(rng, dtype):
    from brainkit import SoftmaxLayer, TanhLayer, buildNetwork
    np.random.seed(4)
    net = buildNetwork(64, 16, 3, hiddenclass=TanhLayer, outclass=SoftmaxLayer, dtype=dtype)
    X = rng.standard_normal((2048, 64)).astype(dtype)     # 131072 numbers: read in place
    assert X.size >= net._engine.BORROW_SIZE
    before = X.copy()
    out = net.activate(X)
    np.testing.assert_array_equal(X, before)              # the caller's array is untouched
    copied = net.copy()
    copied._engine.BORROW_SIZE = X.size + 1                       # this one copies the inputs in
    np.testing.assert_array_equal(copied.activate(X), out)
    # backpropagating after a borrowed pass uses the right inputs
    err = rng.standard_normal(out.shape).astype(dtype)
    net.resetDerivatives()
    inerr = net.backActivate(err)
    copied.resetDerivatives()
    copied.activate(X)
    np.testing.assert_allclose(inerr, copied.backActivate(err), rtol=1e-5)
    np.testing.assert_allclose(net.derivs, copied.derivs, rtol=1e-5)


def test_buffers_of_a_large_batch_are_not_kept(rng):
    net = buildNetwork(4, 3, 1)
    net._engine.STASH_BYTES = 10_000
    net.activate(rng.standard_normal((1000, 4)))     # about 40 kB of buffers
    net.activate(rng.standard_normal((2, 4)))
    assert 1000 not in net._engine.stash
    net.activate(rng.standard_normal((3, 4)))
    assert 2 in net._engine.stash                           # small ones are kept for reuse
