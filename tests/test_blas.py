"""BLAS threads during brainkit's runs (brainkit.blas)."""

import os
import subprocess
import sys

import numpy as np
import pytest
from threadpoolctl import threadpool_info

import brainkit.blas as blas
from brainkit import BackpropTrainer, buildNetwork
from brainkit.datasets import SupervisedDataSet
from brainkit.structure.modules.neuronlayer import NeuronLayer


def blas_threads_now():
    return [lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"]


class Spy(NeuronLayer):
    """The identity, noting how many threads BLAS has while it runs."""

    seen = []

    def _forward(self, inbuf, outbuf):
        Spy.seen.append(blas_threads_now())
        outbuf[:] = inbuf

    def _backward(self, outerr, inerr, outbuf, inbuf):
        inerr[:] = outerr


@pytest.fixture
def setting():
    before = blas.blas_threads()
    yield blas.set_blas_threads
    blas.set_blas_threads(before)


def train_one_epoch():
    # batches of 64 rows through 4096 weights: above the size where BLAS would
    # run on one thread by itself anyway
    net = buildNetwork(64, 64, 1, outclass=Spy)
    ds = SupervisedDataSet.fromArrays(np.zeros((128, 64)), np.zeros((128, 1)))
    Spy.seen = []
    BackpropTrainer(net, ds, batchsize=64).train()
    return Spy.seen


@pytest.mark.parametrize("choice, expected", [("auto", 1), (1, 1), (2, 2)])
def test_a_training_epoch_runs_with_the_chosen_threads(setting, choice, expected):
    outside = blas_threads_now()
    setting(choice)
    seen = train_one_epoch()
    assert seen and all(threads == [expected] * len(outside) for threads in seen)
    assert blas_threads_now() == outside            # given back afterwards


def test_none_leaves_blas_alone(setting):
    outside = blas_threads_now()
    setting(None)
    assert all(threads == outside for threads in train_one_epoch())


def test_small_runs_leave_blas_alone(setting):
    setting(1)
    outside = blas_threads_now()
    with blas.blas_limit(blas.SMALL_WORK - 1):
        assert blas_threads_now() == outside
    with blas.blas_limit(blas.SMALL_WORK):
        assert all(threads == 1 for threads in blas_threads_now())


def test_auto_leaves_big_products_to_blas(setting):
    setting("auto")
    assert blas.threads_for(blas.AUTO_MULTITHREAD_WORK - 1) == 1
    assert blas.threads_for(blas.AUTO_MULTITHREAD_WORK) is None


@pytest.mark.parametrize("bad", [0, -1, 1.5, True, "many"])
def test_bad_settings_are_refused(setting, bad):
    with pytest.raises(ValueError, match="BLAS threads must be a positive integer, None"):
        setting(bad)


def test_the_environment_sets_the_start(tmp_path):
    code = "import brainkit.blas as b; print(b.blas_threads())"
    env = dict(os.environ, BRAINKIT_BLAS_THREADS="none")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "None"


def test_the_setting_is_reachable_from_the_package(setting):
    import brainkit
    brainkit.set_blas_threads(3)
    assert brainkit.blas_threads() == 3 == blas.blas_threads()
