"""DiskDataSet: a data set file read in small chunks trains, evaluates and
splits as the same data in memory do, and its values are checked as read."""

import h5py
import numpy as np
import pytest

from brainkit import BackpropTrainer, SoftmaxLayer, buildNetwork
from brainkit.cli import main
from brainkit.datasets import (DataSetFileError, SequentialDataSet,
                               SupervisedDataSet, load_iris)
from brainkit.datasets.batching import ChunkedBatches, chunks
from brainkit.datasets.ondisk import DiskDataSet


@pytest.fixture
def regression_file(tmp_path, rng):
    X = rng.standard_normal((203, 3))
    Y = np.c_[np.sin(X[:, 0]) + X[:, 1], X[:, 2] ** 2]
    path = str(tmp_path / "reg.h5")
    SupervisedDataSet(X, Y).saveToFile(path)
    return path, X, Y


def _trained(ds, shuffle, seed=0):
    net = buildNetwork(3, 5, 2, init="glorot", rng=np.random.default_rng(1))
    trainer = BackpropTrainer(net, ds, batchsize=16, learningrate=0.01, seed=seed,
                              shuffle=shuffle)
    errors = [trainer.train() for _ in range(3)]
    return net, trainer, errors


def test_training_in_order_on_small_chunks_equals_training_in_memory(regression_file):
    path, X, Y = regression_file
    memory = SupervisedDataSet(X, Y)
    with DiskDataSet(path, chunk_rows=10) as disk:       # batches of 16 span two chunks
        net_d, trainer_d, errors_d = _trained(disk, shuffle=False)
        net_m, trainer_m, errors_m = _trained(memory, shuffle=False)
        assert errors_d == errors_m
        np.testing.assert_array_equal(net_d.params, net_m.params)
        assert trainer_d.testOnData(disk) == trainer_m.testOnData(memory)
        np.testing.assert_array_equal(net_d.activateOnDataset(disk), net_m.activate(X))


def test_a_shuffled_epoch_visits_every_sample_once_chunk_after_chunk(regression_file):
    path, X, Y = regression_file
    with DiskDataSet(path, chunk_rows=20) as disk:
        rng = np.random.default_rng(3)
        order = ChunkedBatches(disk).order(rng.permutation)
        seen = np.concatenate(list(chunks(order, 16)))
        assert sorted(seen.tolist()) == list(range(203))
        assert not np.array_equal(seen, np.arange(203))
        blocks = seen // 20                               # whole chunks, one after another
        assert len(np.flatnonzero(np.diff(blocks))) == 10
        again = np.concatenate(list(chunks(ChunkedBatches(disk).order(
            np.random.default_rng(3).permutation), 7)))
        np.testing.assert_array_equal(again, seen)       # the seed decides, not the batch size


def test_shuffled_training_on_disk_is_repeatable_and_learns(regression_file):
    path, X, Y = regression_file
    with DiskDataSet(path, chunk_rows=32) as disk:
        a, _, errors = _trained(disk, shuffle=True, seed=5)
        b, _, _ = _trained(disk, shuffle=True, seed=5)
        np.testing.assert_array_equal(a.params, b.params)
        assert errors[-1] < errors[0]


def test_batches_hold_at_most_two_chunks(regression_file):
    path, _, _ = regression_file
    with DiskDataSet(path, chunk_rows=10) as disk:
        data = ChunkedBatches(disk)
        for part in chunks(data.order(np.random.default_rng(0).permutation), 16):
            data.get(part)
            assert len(data._kept) <= 2


def test_split_scaling_and_moments_match_the_rows(regression_file):
    path, X, Y = regression_file
    with DiskDataSet(path, chunk_rows=25) as disk:
        rest, held = disk.split(0.25, seed=4)
        assert len(rest) + len(held) == 203 and 30 < len(held) < 70
        rows = np.concatenate([held.chunk(k)[0] for k in range(len(held.bounds) - 1)])
        assert {tuple(r) for r in rows} <= {tuple(r) for r in X}
        mean, std = disk.moments("input")
        np.testing.assert_allclose(mean, X.mean(axis=0), rtol=1e-12)
        np.testing.assert_allclose(std, X.std(axis=0), rtol=1e-12)
        scaled = disk.scaled(mean, std, dtype=np.float32)
        got = np.concatenate([scaled.chunk(k)[0] for k in range(len(scaled.bounds) - 1)])
        assert got.dtype == np.float32
        np.testing.assert_allclose(got, (X - mean) / std, rtol=1e-5, atol=1e-6)


def test_an_importance_field_weighs_the_errors_as_in_memory(tmp_path, rng):
    X, Y = rng.standard_normal((57, 3)), rng.standard_normal((57, 2))
    W = rng.uniform(0.0, 2.0, (57, 2))
    X[:, 0] = np.arange(57) / 8                 # the row's number, exact in float32 too
    memory = SupervisedDataSet(X, Y)
    memory.addField("importance", 2)
    memory.setField("importance", W)
    memory.linkFields(["input", "target", "importance"])
    path = str(tmp_path / "weighted.h5")
    memory.saveToFile(path)
    with DiskDataSet(path, chunk_rows=10) as disk:
        net_d, _, errors_d = _trained(disk, shuffle=False)
        net_m, _, errors_m = _trained(memory, shuffle=False)
        assert errors_d == errors_m
        np.testing.assert_array_equal(net_d.params, net_m.params)
        unweighted, _, _ = _trained(SupervisedDataSet(X, Y), shuffle=False)
        assert not np.array_equal(unweighted.params, net_m.params)
        rest, held = disk.split(0.3, seed=1)
        for part, scale, dtype in ((rest, 1, np.float64),
                                   (held.scaled(0.0, 2.0, dtype=np.float32), 2, np.float32)):
            X_p, _, W_p = (np.concatenate(a) for a in zip(*(part.chunk(k) for k in
                                                               range(len(part.bounds) - 1))))
            rows = (X_p[:, 0] * 8 * scale).astype(int)
            assert W_p.dtype == dtype and 10 < len(rows) < 50
            np.testing.assert_array_equal(W_p, W[rows].astype(dtype))


def test_a_classification_file_trains_with_the_crossentropy(tmp_path):
    iris = load_iris()
    path = str(tmp_path / "iris.h5")
    iris.saveToFile(path)
    found = []
    with DiskDataSet(path, chunk_rows=40) as disk:
        for data in (disk, iris):
            net = buildNetwork(4, 6, 3, outclass=SoftmaxLayer, init="glorot",
                               rng=np.random.default_rng(0))
            trainer = BackpropTrainer(net, data, batchsize=8, learningrate=0.05, seed=0,
                                      loss="crossentropy", reduction="mean", shuffle=False)
            trainer.trainEpochs(20)
            found.append(trainer.testOnClassData(return_targets=True))
    assert found[0] == found[1]
    predicted, truth = found[0]
    assert truth == iris["class"].ravel().tolist()
    assert np.mean(np.array(predicted) == truth) > 0.6


def test_a_nan_in_the_file_stops_training_before_it_starts(tmp_path, rng):
    path = str(tmp_path / "bad.h5")
    X = rng.standard_normal((50, 2))
    SupervisedDataSet(X, X[:, :1]).saveToFile(path)
    with h5py.File(path, "r+") as f:
        f["fields/input"][37, 1] = np.nan
    net = buildNetwork(2, 3, 1)
    kept = net.params.copy()
    with DiskDataSet(path, chunk_rows=10) as disk:
        with pytest.raises(DataSetFileError, match=r"field 'input', rows 30\.\.39, holds NaN"):
            BackpropTrainer(net, disk)
    np.testing.assert_array_equal(net.params, kept)


def test_files_it_cannot_read_in_chunks_are_refused(tmp_path, rng):
    seqs = SequentialDataSet(1, 1)
    seqs.addSample([0.0], [1.0])
    seqs.saveToFile(str(tmp_path / "seq.h5"))
    with pytest.raises(DataSetFileError, match="holds a 'SequentialDataSet'; DiskDataSet reads"):
        DiskDataSet(str(tmp_path / "seq.h5"))
    with pytest.raises(FileNotFoundError, match="no data set file"):
        DiskDataSet(str(tmp_path / "none.h5"))
    SupervisedDataSet([[0.0]], [[1.0]]).saveToFile(str(tmp_path / "one.h5"))
    with DiskDataSet(str(tmp_path / "one.h5")) as disk:
        with pytest.raises(TypeError, match="keeps its fields on disk: read rows with"):
            disk["input"]
        with pytest.raises(IndexError, match="rows 0..4 are outside the 1 rows"):
            disk.read(0, 5)
        with pytest.raises(ValueError, match="fraction must be between 0 and 1"):
            disk.split(1.5)
        with pytest.raises(TypeError, match="does not pickle"):
            __import__("pickle").dumps(disk)
    with pytest.raises(ValueError, match="chunk_rows must be a positive integer; got 0"):
        DiskDataSet(str(tmp_path / "one.h5"), chunk_rows=0)
    with h5py.File(tmp_path / "one.h5", "r+") as f:
        f.attrs["link"] = '["input"]'
    with pytest.raises(DataSetFileError, match=r"the fields 'input' and 'target' are not "
                                               r"linked \(link: \['input'\]\)"):
        DiskDataSet(str(tmp_path / "one.h5"))
    SupervisedDataSet(1, 1).saveToFile(str(tmp_path / "empty.h5"))
    with DiskDataSet(str(tmp_path / "empty.h5")) as disk:
        with pytest.raises(ValueError, match="moments: .* holds no rows"):
            disk.moments()


def test_brainkit_train_reads_a_data_set_file_in_chunks(tmp_path, capsys):
    iris = load_iris()
    path = str(tmp_path / "iris.h5")
    iris.saveToFile(path)
    model = str(tmp_path / "m.h5")
    assert main(["train", path, "--out-of-core", "--epochs", "30", "--save", model]) == 0
    out = capsys.readouterr().out
    assert "read in chunks of" in out and "3 classes" in out
    assert out.splitlines()[-1].startswith("validation accuracy ")
    assert main(["test", model, "iris"]) == 0
    assert float(capsys.readouterr().out.split("test accuracy ")[1].split("%")[0]) > 80
    assert main(["train", path, "--quiet", "--epochs", "5"]) == 0     # fits: loaded whole
    assert capsys.readouterr().out.startswith("validation accuracy")


def test_brainkit_train_out_of_core_refuses_what_it_cannot_do(tmp_path, capsys, rng):
    path = str(tmp_path / "reg.h5")
    SupervisedDataSet(rng.standard_normal((40, 2)), rng.standard_normal((40, 1))).saveToFile(path)
    for extra, message in ((["--test-fraction", "0.2"], "--test and --test-fraction do not"),
                           (["--scale", "minmax"], "--scale minmax does not apply"),
                           (["--classify"], "holds numbers to predict")):
        assert main(["train", path, "--out-of-core", *extra]) == 1
        assert message in capsys.readouterr().err
    assert main(["train", "iris", "--out-of-core"]) == 1
    assert "--out-of-core applies to data set files" in capsys.readouterr().err


def test_moments_of_several_fields_come_from_one_pass(regression_file, monkeypatch):
    path, X, Y = regression_file
    with DiskDataSet(path, chunk_rows=25) as disk:
        alone = disk.moments("input"), disk.moments("target")
        reads = []
        read = disk.read
        monkeypatch.setattr(disk, "read", lambda a, b: reads.append(a) or read(a, b))
        both = disk.moments("input", "target")
        assert len(reads) == len(disk.bounds) - 1          # each chunk read once
        for (mean, std), (mean1, std1) in zip(both, alone):
            np.testing.assert_array_equal(mean, mean1)
            np.testing.assert_array_equal(std, std1)
        np.testing.assert_allclose(both[1][1], Y.std(axis=0), rtol=1e-12)
