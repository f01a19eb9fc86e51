"""HDF5 round trips of every data set class, atomic writes, bad files."""

import os

import h5py
import numpy as np
import pytest

from brainkit.datasets import (ClassificationDataSet, DataSet, ImportanceDataSet,
                               SequentialDataSet, SupervisedDataSet, UnsupervisedDataSet)


def supervised():
    return SupervisedDataSet.fromArrays(np.arange(6.0).reshape(3, 2), [[1.0], [2.0], [3.0]])


def classification():
    ds = ClassificationDataSet(2, nb_classes=4, class_labels=["w", "x", "y", "z"])
    for i, label in enumerate([0, 3, 1]):
        ds.addSample([i, i], [label])
    ds._convertToOneOfMany(bounds=(-1, 1))
    return ds


def sequential():
    ds = SequentialDataSet(1, 2)
    for length in (3, 1, 2):
        ds.newSequence()
        for k in range(length):
            ds.addSample([k], [k, -k])
    return ds


def importance():
    ds = ImportanceDataSet(1, 1)
    ds.addSample([1], [2], importance=[0.5])
    ds.newSequence()
    ds.addSample([3], [4], importance=[2.0])
    return ds


def unsupervised():
    ds = UnsupervisedDataSet(2)
    ds.addSample([1, 2])
    return ds


def base():
    ds = DataSet()
    ds.addField("a", 2)
    ds.addField("b", 3)
    ds.append("a", [1, 2])
    ds.linkFields(["a"])
    return ds


@pytest.mark.parametrize("build", [supervised, classification, sequential, importance,
                                   unsupervised, base])
def test_round_trip(build, tmp_path):
    ds = build()
    path = tmp_path / "ds.h5"
    ds.saveToFile(path)
    back = type(ds).loadFromFile(str(path))
    assert type(back) is type(ds) and back.link == ds.link
    assert back.getFieldNames() == ds.getFieldNames() and len(back) == len(ds)
    for label in ds.getFieldNames():
        assert np.array_equal(back[label], ds[label]) and back[label].dtype == ds[label].dtype
    for name in type(ds)._meta_names:
        assert getattr(back, name) == getattr(ds, name)
    # the loaded data set still grows
    if isinstance(ds, SupervisedDataSet):
        back.addSample(*[row for row in ds.getLinked(0)])
        assert len(back) == len(ds) + 1
    assert [f for f in os.listdir(tmp_path)] == ["ds.h5"]   # no temporary file left


def test_round_trip_keeps_classes_and_sequences(tmp_path):
    ds = classification()
    ds.saveToFile(tmp_path / "c.h5")
    back = ClassificationDataSet.loadFromFile(tmp_path / "c.h5")
    assert back.nClasses == 4 and back.class_labels == ["w", "x", "y", "z"]
    assert back["class"].ravel().tolist() == [0, 3, 1] and back.getClass(3) == "z"
    seq = sequential()
    seq.saveToFile(tmp_path / "s.h5")
    back = SequentialDataSet.loadFromFile(tmp_path / "s.h5")
    assert [back.getSequenceLength(i) for i in range(back.getNumSequences())] == [3, 1, 2]


def test_load_through_a_base_class_gives_the_stored_class(tmp_path):
    classification().saveToFile(tmp_path / "c.h5")
    assert type(SupervisedDataSet.loadFromFile(tmp_path / "c.h5")) is ClassificationDataSet
    with pytest.raises(ValueError, match="holds a ClassificationDataSet, not a SequentialDataSet"):
        SequentialDataSet.loadFromFile(tmp_path / "c.h5")


def test_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="no data set file at"):
        SupervisedDataSet.loadFromFile(tmp_path / "nope.h5")


def test_not_an_hdf5_file(tmp_path):
    path = tmp_path / "x.h5"
    path.write_text("hello")
    with pytest.raises(ValueError, match="is not an HDF5 file"):
        SupervisedDataSet.loadFromFile(path)


def test_hdf5_file_without_a_dataset(tmp_path):
    path = tmp_path / "other.h5"
    with h5py.File(path, "w") as f:
        f["x"] = np.zeros(3)
    with pytest.raises(ValueError, match="holds no brainkit data set"):
        SupervisedDataSet.loadFromFile(path)


def test_damaged_sequence_index_is_refused(tmp_path):
    path = tmp_path / "s.h5"
    sequential().saveToFile(path)
    with h5py.File(path, "a") as f:
        del f["fields/sequence_index"]
        f["fields/sequence_index"] = np.array([[0], [4], [2]])
    with pytest.raises(ValueError, match="sequence_index must be one column of increasing"):
        SequentialDataSet.loadFromFile(path)


def test_out_of_sync_fields_are_refused(tmp_path):
    path = tmp_path / "s.h5"
    supervised().saveToFile(path)
    with h5py.File(path, "a") as f:
        del f["fields/target"]
        f["fields/target"] = np.zeros((2, 1))
    with pytest.raises(ValueError, match="different lengths"):
        SupervisedDataSet.loadFromFile(path)


def test_pickle_format_is_refused_and_old_file_survives_a_failed_save(tmp_path):
    path = tmp_path / "d.h5"
    supervised().saveToFile(path)
    with pytest.raises(ValueError, match="HDF5 only"):
        supervised().saveToFile(path, format="pickle")
    ds = classification()
    ds.class_labels = [object()]
    with pytest.raises(TypeError, match="cannot save ClassificationDataSet"):
        ds.saveToFile(path)
    assert len(SupervisedDataSet.loadFromFile(path)) == 3
    with pytest.raises(FileNotFoundError, match="does not exist"):
        supervised().saveToFile(tmp_path / "no" / "d.h5")


def test_save_replaces_an_existing_file(tmp_path):
    path = tmp_path / "d.h5"
    supervised().saveToFile(path)
    sequential().saveToFile(path)
    assert type(DataSet.loadFromFile(path)) is SequentialDataSet


def test_a_failure_while_writing_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    path = tmp_path / "d.h5"
    supervised().saveToFile(path)

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(h5py.Group, "create_dataset", broken)
    with pytest.raises(OSError, match="disk full"):
        sequential().saveToFile(path)
    monkeypatch.undo()
    assert os.listdir(tmp_path) == ["d.h5"]
    assert type(DataSet.loadFromFile(path)) is SupervisedDataSet
