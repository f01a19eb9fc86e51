"""PyBrain's tools.functions and utilities, vectorised."""

import random

import numpy as np
import pytest

from brainkit import utilities as u
from brainkit.tools import functions as f


def test_slopes_match_central_differences(rng):
    x = rng.standard_normal(20) * 3
    for fn, slope in ((f.sigmoid, f.sigmoidPrime), (np.tanh, f.tanhPrime),
                      (f.semilinear, f.semilinearPrime), (f.expln, f.explnPrime)):
        numeric = (fn(x + 1e-6) - fn(x - 1e-6)) / 2e-6
        np.testing.assert_allclose(slope(x), numeric, rtol=1e-6, atol=1e-9)


def test_safe_exp_and_sigmoid_do_not_overflow():
    assert np.isfinite(f.safeExp(1e6)) and f.safeExp(-1e6) > 0
    np.testing.assert_allclose(f.sigmoid([-1e4, 0.0, 1e4]), [np.exp(-500) / (1 + np.exp(-500)),
                                                             0.5, 1.0])


def test_functions_leave_their_argument_alone():
    x = np.array([1.0, -2.0])
    f.sigmoid(x)
    f.softmax(x)
    np.testing.assert_array_equal(x, [1.0, -2.0])


def test_semilinear_gives_a_list_back_as_one_row_as_pybrain_did():
    for fn, values in ((f.semilinear, [np.exp(-1.0), 3.0]),
                       (f.semilinearPrime, [np.exp(-1.0), 1.0])):
        np.testing.assert_allclose(fn([-1.0, 2.0]), [values])      # shape (1, 2)
        np.testing.assert_allclose(fn((-1.0, 2.0)), [values])
        np.testing.assert_allclose(fn(np.array([-1.0, 2.0])), values)   # an array keeps its shape
        assert fn(np.zeros((2, 3))).shape == (2, 3) and fn(-1.0).shape == ()


def test_softmax_rows_sum_to_one(rng):
    p = f.softmax(rng.standard_normal((4, 5)) * 100)
    np.testing.assert_allclose(p.sum(axis=1), 1.0)


def test_one_of_n_round_trips():
    for k in range(5):
        assert u.n_to_one(u.one_to_n(k, 5)) == k


def test_gray_codes_round_trip_and_differ_in_one_bit():
    for i in range(64):
        assert u.gray2int(u.int2gray(i), 6) == i
        assert bin(u.int2gray(i) ^ u.int2gray(i + 1)).count("1") == 1


def test_draw_index_follows_the_probabilities():
    random.seed(3)
    draws = [u.drawIndex([0.2, 0.0, 0.8]) for _ in range(2000)]
    assert 1 not in draws and 0.75 < draws.count(2) / 2000 < 0.85
    with pytest.raises(ValueError, match="the probabilities sum to 2.0, not 1; pass tolerant"):
        u.drawIndex([1.0, 1.0])
    assert u.drawIndex([0.0, 2.0], tolerant=True) == 1
    assert u.drawGibbs([0.0, 5.0, 5.0], temperature=0) in (1, 2)


def test_small_helpers():
    assert u.crossproduct([[1, 2], "ab"]) == [[1, "a"], [1, "b"], [2, "a"], [2, "b"]]
    np.testing.assert_array_equal(u.permute(np.arange(3) * 10, [2, 0, 1]), [20, 0, 10])
    assert u.all_argmax([1, 3, 3]) == [1, 2] and u.asBinary(0) == "0"
    assert u.fListToString([1.23456, -2.0]) == "[1.235 , -2    ]"
    u.seedit(7)
    a = (random.random(), np.random.rand())
    u.seedit(7)
    assert (random.random(), np.random.rand()) == a


def test_set_all_args_warns_about_unknown_names():
    class Holder:
        speed = 1
    h = Holder()
    with pytest.warns(UserWarning, match="Holder has no attribute 'colour'"):
        u.setAllArgs(h, {"speed": 3, "colour": "red"})
    assert h.speed == 3
    with pytest.raises(NotImplementedError):
        u.abstractMethod()
