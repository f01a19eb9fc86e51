"""Cross-validation and sweeps on executors: a real Dask cluster of worker
processes (started once for this file: 2 workers, 1 thread each) and a local
process pool give the results of the serial run, fold by fold and setting by
setting."""

import logging
import multiprocessing
from concurrent.futures import ProcessPoolExecutor

import numpy as np
import pytest

from brainkit import SoftmaxLayer, buildNetwork
from brainkit.cli import main
from brainkit.datasets import load_iris
from brainkit.tools.parallel import job_seeds, run_jobs, seeded
from brainkit.tools.sweep import fit_network, grid, sweep
from brainkit.tools.validation import CrossValidator, ModuleValidator
from brainkit.trainers import BackpropTrainer


@pytest.fixture(scope="module")
def dask_client():
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None, silence_logs=logging.ERROR)
    client = distributed.Client(cluster)
    yield client
    client.close()
    cluster.close()


@pytest.fixture(scope="module")
def process_pool():
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
        yield pool


def _cross_validation(executor, trainer_seed):
    iris = load_iris()
    net = buildNetwork(4, 6, 3, outclass=SoftmaxLayer, init="glorot",
                       rng=np.random.default_rng(1))
    trainer = BackpropTrainer(net, batchsize=16, learningrate=0.05, seed=trainer_seed,
                              loss="crossentropy", reduction="mean")
    folds = {}
    score = CrossValidator(trainer, iris, n_folds=3, max_epochs=4, rng=5, executor=executor,
                           progress=lambda done, total, i, s: folds.update({i: s})).validate()
    return score, [folds[i] for i in range(3)], net.params.copy()


# a trainer without a seed shuffles with Python's random: seeded per fold
@pytest.mark.parametrize("trainer_seed", [None, 3])
def test_cross_validation_on_a_dask_cluster_gives_the_serial_scores(dask_client, trainer_seed):
    serial = _cross_validation(None, trainer_seed)
    on_dask = _cross_validation(dask_client.get_executor(), trainer_seed)
    assert on_dask[:2] == serial[:2]
    assert len(set(serial[1])) > 1                    # the folds differ
    np.testing.assert_array_equal(on_dask[2], serial[2])    # the caller's network untouched


def test_cross_validation_in_a_process_pool_gives_the_serial_scores(process_pool):
    assert _cross_validation(process_pool, None)[:2] == _cross_validation(None, None)[:2]


def _iris_arrays():
    iris = load_iris()
    X, Y = np.asarray(iris["input"]), np.asarray(iris["target"])
    return dict(X=X[::2], Y=Y[::2], valid_X=X[1::2], valid_Y=Y[1::2], max_epochs=15)


def test_a_sweep_on_a_dask_cluster_gives_the_serial_results(dask_client):
    settings = grid(hidden=[(4,), (8,)], learning_rate=[0.003, 0.03])
    serial = sweep(fit_network, settings, seed=11, **_iris_arrays())
    finished = []
    on_dask = sweep(fit_network, settings, dask_client.get_executor(), seed=11,
                    progress=lambda done, total, i, r: finished.append((done, total, i)),
                    **_iris_arrays())
    assert [r.setting for r in on_dask] == settings
    assert [r.score for r in on_dask] == [r.score for r in serial]
    assert [r.seed for r in on_dask] == [r.seed for r in serial] == job_seeds(4, 11)
    for a, b in zip(on_dask, serial):
        np.testing.assert_array_equal(a.model.params, b.model.params)
    assert sorted(d for d, _, _ in finished) == [1, 2, 3, 4]
    assert sorted(i for _, _, i in finished) == [0, 1, 2, 3]
    assert max(r.score["accuracy"] for r in serial) > 0.8


def _sweep_lines(capsys, *extra):
    assert main(["sweep", "iris", "--hidden", "4", "8", "--lr", "0.01", "0.03",
                 "--max-epochs", "10", *extra]) == 0
    out, err = capsys.readouterr()
    return out.splitlines(), err.splitlines()


def test_brainkit_sweep_on_a_scheduler_and_on_workers_prints_the_serial_results(dask_client,
                                                                              capsys):
    serial, lines = _sweep_lines(capsys)
    assert [line.split(":")[0] for line in lines] == [f"setting {k}/4 done" for k in range(1, 5)]
    on_dask, lines = _sweep_lines(capsys, "--scheduler", dask_client.scheduler.address)
    assert len(lines) == 4
    assert on_dask[2] == "sweep: 4 settings in the Dask cluster at " \
        f"{dask_client.scheduler.address} (2 workers)"
    local, _ = _sweep_lines(capsys, "--workers", "2")
    assert local[2] == "sweep: 4 settings in 2 local processes"
    for other in (on_dask, local):
        assert other[:2] + other[3:] == serial[:2] + serial[3:]
    assert serial[-1].startswith("best: hidden ")


def test_brainkit_sweep_saves_the_best_network(tmp_path, capsys):
    import brainkit
    path = str(tmp_path / "best.h5")
    assert main(["sweep", "xor", "--hidden", "2", "4", "--max-epochs", "3",
                 "--validation", "0.5", "--quiet", "--save", path]) == 0
    assert capsys.readouterr().out.endswith(f"; saved {path}\n")
    assert brainkit.load(path).metadata["task"] in ("classification", "regression")


def test_a_setting_that_diverges_is_reported_and_the_others_go_on(capsys):
    results = sweep(fit_network, grid(rule=["gradientdescent"], learning_rate=[1e9, 0.01]),
                    **_iris_arrays())
    assert results[0].model is None and results[0].score["diverged"]
    assert results[1].model is not None and results[1].score["accuracy"] > 0.5
    assert main(["sweep", "iris", "--trainer", "backprop", "--lr", "1e9", "--quiet"]) == 1
    assert "training diverged for every setting" in capsys.readouterr().err


def test_brainkit_sweep_takes_a_data_set_file(tmp_path, capsys):
    path = str(tmp_path / "iris.h5")
    load_iris().saveToFile(path)
    assert main(["sweep", path, "--hidden", "4", "--max-epochs", "5", "--quiet"]) == 0
    assert capsys.readouterr().out.startswith("best: hidden 4 relu, adam, decay 0.0001: "
                                              "validation accuracy ")


def test_brainkit_sweep_refuses_a_bad_scheduler_address_and_two_places_to_run(capsys):
    assert main(["sweep", "iris", "--scheduler", "nonsense://where"]) == 1
    assert "cannot reach the Dask scheduler at nonsense://where" in capsys.readouterr().err
    assert main(["sweep", "iris", "--scheduler", "tcp://a:1", "--workers", "2"]) == 2
    assert "not allowed with argument" in capsys.readouterr().err
    assert main(["sweep", "xor", "--validation", "0.1"]) == 1
    assert "too few to split" in capsys.readouterr().err


def _fails(x):
    if x == 2:
        raise ValueError("job 2 went wrong")
    return x


@pytest.mark.parametrize("use_pool", [False, True])
def test_a_failing_job_raises_its_own_error(use_pool, process_pool):
    with pytest.raises(ValueError, match="job 2 went wrong"):
        run_jobs(_fails, [(1,), (2,), (3,)], [0, 0, 0], process_pool if use_pool else None)


def test_a_job_runs_with_seeded_global_random_states_and_leaves_the_callers_alone():
    import random
    np.random.seed(4)
    before = np.random.get_state()[1].copy()
    with seeded(9):
        first = (np.random.rand(), random.random())
    with seeded(9):
        assert (np.random.rand(), random.random()) == first
    np.testing.assert_array_equal(np.random.get_state()[1], before)


def test_bad_arguments_are_refused():
    iris = load_iris()
    trainer = BackpropTrainer(buildNetwork(4, 3, 3))
    with pytest.raises(TypeError, match="executor must be a concurrent.futures.Executor"):
        CrossValidator(trainer, iris, executor="dask")
    with pytest.raises(TypeError, match="rng must be a numpy Generator, an int seed or None"):
        CrossValidator(trainer, iris, rng=0.5)
    with pytest.raises(TypeError, match="grid: give each option a list of values; hidden=8"):
        grid(hidden=8)
    with pytest.raises(TypeError, match="each setting must be a dict"):
        sweep(fit_network, [(8,)])
    with pytest.raises(ValueError, match=r"names \['X'\], which the sweep passes itself"):
        sweep(fit_network, [{"X": 1}], X=np.zeros((2, 1)), Y=np.zeros((2, 1)))


def test_folds_use_the_validators_function_on_every_executor(process_pool):
    iris = load_iris()
    trainer = BackpropTrainer(buildNetwork(4, 3, 3, outclass=SoftmaxLayer), seed=0)
    scores = [CrossValidator(trainer, iris, n_folds=2, valfunc=ModuleValidator.MSE, rng=1,
                             executor=ex).validate() for ex in (None, process_pool)]
    assert scores[0] == scores[1]
