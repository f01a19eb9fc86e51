"""Shared test setup: numpy errors raise, randomness is seeded."""

import numpy as np
import pytest

np.seterr(over="raise", divide="raise", invalid="raise")


@pytest.fixture
def rng():
    """A seeded generator, so every test is repeatable."""
    return np.random.default_rng(12345)


@pytest.fixture(autouse=True)
def _seed_global_state():
    # PyBrain-style code draws from numpy's global state; make that repeatable too
    np.random.seed(0)
    import random
    random.seed(0)
