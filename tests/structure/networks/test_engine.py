"""The engine's bookkeeping: plans reused across run lengths, what a stepped
run and a whole run share, module offsets, and the plan in words."""

import numpy as np
import pytest

from brainkit import LSTMLayer, buildNetwork
from brainkit.structure.networks.explain import explain_plan
from tests.structure.networks.builders import simple_rnn


def test_runs_of_many_lengths_bind_each_loop_step_once(rng):
    net = buildNetwork(2, 3, 1, hiddenclass=LSTMLayer)
    net.run_forward(rng.standard_normal((40, 4, 2)))        # buffers for 40 steps
    steps = net._engine.buffers.forward_steps
    bound = list(steps)
    assert all(step is not None for step in bound)
    for T in (5, 17, 40, 3, 29):
        net.run_forward(rng.standard_normal((T, 4, 2)))
        net.run_backward(rng.standard_normal((T, 4, 1)), mode="fresh")
    assert all(a is b for a, b in zip(steps, bound))        # bound once, reused by every length


def test_stepping_and_whole_runs_share_buffers_and_give_one_answer(rng):
    net = simple_rnn()
    X = rng.standard_normal((7, 2, 2))
    whole = net.run_forward(X).copy()
    net.reset()
    stepped = np.stack([net.activate(x) for x in X])
    np.testing.assert_allclose(stepped, whole, rtol=1e-13, atol=1e-15)


def test_module_offsets_follow_the_networks(rng):
    net = simple_rnn()
    for x in rng.standard_normal((3, 2)):
        net.activate(x)
    assert net.offset == 3 and all(m.offset == 3 for m in net.modules)
    net.reset()
    assert all(m.offset == 0 for m in net.modules)


def test_backward_needs_errors_matching_the_last_forward_run(rng):
    net = simple_rnn()
    net.run_forward(rng.standard_normal((4, 2, 2)))
    with pytest.raises(ValueError, match=r"errors of shape \(3, 2\) do not match the last "
                                         r"forward run \(4, 2\)"):
        net.run_backward(rng.standard_normal((3, 2, 2)))


def test_run_backward_names_the_allowed_modes(rng):
    net = simple_rnn()
    net.run_forward(rng.standard_normal((2, 1, 2)))
    with pytest.raises(ValueError, match=r"mode must be one of \('inputs', 'accumulate', "
                                         r"'fresh'\); got 'train'"):
        net.run_backward(np.zeros((2, 1, 2)), mode="train")


def test_the_plan_in_words_shows_the_loop_and_the_fresh_derivatives():
    net = buildNetwork(1, 2, 1, hiddenclass=LSTMLayer, outputbias=False)
    text = explain_plan(net, T=2, mode="fresh")
    assert "loop, step 1:\n    FullConnection 'hidden0'->'hidden0' adds into" in text
    assert "LSTMLayer 'hidden0' steps back at step 0" in text
    assert "passes errors back and writes its derivatives, 2 rows" in text
    assert "zero the derivatives of" in text      # the recurrent weights start from zero
