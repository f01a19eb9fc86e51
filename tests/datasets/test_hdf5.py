"""HDF5 round trips of every data set class, atomic writes, bad files."""

import os

import h5py
import numpy as np
import pytest

from brainkit.datasets import (ClassificationDataSet, DataSet, DataSetFileError,
                               ImportanceDataSet, SequentialDataSet, SupervisedDataSet,
                               UnsupervisedDataSet)


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


def test_an_attribute_json_cannot_hold_is_refused_before_writing(tmp_path):
    ds = ClassificationDataSet(2, class_labels=[float("nan"), 1.0])
    with pytest.raises(TypeError, match=r"cannot save ClassificationDataSet to .*: an "
                                        r"attribute is not a number, string or list"):
        ds.saveToFile(tmp_path / "c.h5")
    assert os.listdir(tmp_path) == []


def test_a_dim_that_is_not_the_sample_width_is_refused(tmp_path):
    path = saved(tmp_path, unsupervised)
    with h5py.File(path, "a") as f:
        f.attrs["meta"] = '{"dim": 3}'
    with pytest.raises(DataSetFileError, match="dim is 3, but the field 'sample' has 2 columns"):
        UnsupervisedDataSet.loadFromFile(path)


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


# hostile and damaged files: one documented error, DataSetFileError ------------------

def test_the_file_error_is_a_value_error_exported_by_the_package():
    assert issubclass(DataSetFileError, ValueError)


def saved(tmp_path, build=supervised, name="d.h5"):
    path = tmp_path / name
    build().saveToFile(path)
    return path


def replace_field(path, label, **create):
    with h5py.File(path, "a") as f:
        del f["fields"][label]
        f["fields"].create_dataset(label, **create)
    return path


def test_data_stored_in_another_file_is_never_read(tmp_path):
    secret = tmp_path / "passwd"
    secret.write_bytes(b"root:x:0:0:TOP-SECRET:/root:/bin/bash\n" * 4)
    path = replace_field(saved(tmp_path), "input", shape=(3, 2), dtype="u1",
                         external=[(str(secret), 0, 6)])
    with pytest.raises(DataSetFileError, match="field 'input' is stored outside the file") \
            as info:
        SupervisedDataSet.loadFromFile(path)
    assert "SECRET" not in str(info.value)


@pytest.mark.parametrize("kind", ["external", "soft"])
def test_links_are_refused(kind, tmp_path):
    other = saved(tmp_path, name="other.h5")
    path = saved(tmp_path)
    with h5py.File(path, "a") as f:
        del f["fields/input"]
        f["fields/input"] = (h5py.ExternalLink(str(other), "/fields/input") if kind == "external"
                             else h5py.SoftLink("/fields/target"))
    with pytest.raises(DataSetFileError, match="/fields/input is a link to elsewhere"):
        SupervisedDataSet.loadFromFile(path)


def test_a_virtual_dataset_is_refused(tmp_path):
    other = saved(tmp_path, name="other.h5")
    path = saved(tmp_path)
    layout = h5py.VirtualLayout(shape=(3, 2), dtype="f8")
    layout[:] = h5py.VirtualSource(str(other), "fields/input", shape=(3, 2))
    with h5py.File(path, "a") as f:
        del f["fields/input"]
        f["fields"].create_virtual_dataset("input", layout)
    with pytest.raises(DataSetFileError, match="field 'input' is stored outside the file"):
        SupervisedDataSet.loadFromFile(path)


def test_a_declared_size_the_file_does_not_store_is_refused_before_reading(tmp_path):
    # 320 MB declared in a few kilobytes: chunks that were never written
    path = replace_field(saved(tmp_path), "input", shape=(4, 10**7), dtype="f8",
                         chunks=(1, 1000))
    assert path.stat().st_size < 20000
    with pytest.raises(DataSetFileError, match=r"field 'input' declares shape \(4, 10000000\) "
                                               r"\(320000000 bytes\) but the file stores 0"):
        SupervisedDataSet.loadFromFile(path)


def test_compressed_fields_load(tmp_path):
    path = replace_field(saved(tmp_path), "input", data=np.arange(6.0).reshape(3, 2),
                         compression="gzip")
    assert SupervisedDataSet.loadFromFile(path)["input"].tolist() == [[0, 1], [2, 3], [4, 5]]


@pytest.mark.parametrize("data, message", [
    (np.array([[0, 1], [np.nan, 2], [3, 4]]), "field 'input' holds NaN or inf"),
    (np.array([[0, 1], [np.inf, 2], [3, 4]]), "field 'input' holds NaN or inf"),
    (np.ones((3, 2), complex), "field 'input' holds complex128; expected real numbers"),
    (np.array([["a", "b"]] * 3, dtype="S1"), r"field 'input' holds \|S1; expected real"),
    (np.zeros((3, 2), dtype=[("a", "f8")]), "expected real numbers"),
    (np.zeros(3), r"field 'input' has shape \(3,\); expected 2-D"),
    (np.zeros((3, 2, 1)), "expected 2-D"),
    (np.zeros((2, 2)), "linked fields have different lengths"),
])
def test_fields_that_are_not_finite_real_2d_arrays_are_refused(data, message, tmp_path):
    path = replace_field(saved(tmp_path), "input", data=data)
    with pytest.raises(DataSetFileError, match=message):
        SupervisedDataSet.loadFromFile(path)


def test_variable_length_fields_are_refused(tmp_path):
    path = saved(tmp_path)
    with h5py.File(path, "a") as f:
        del f["fields/input"]
        field = f["fields"].create_dataset("input", (3, 2), dtype=h5py.vlen_dtype("f8"))
        for i in range(3):
            field[i, 0] = field[i, 1] = np.ones(i + 1)
    with pytest.raises(DataSetFileError, match="field 'input' holds object; expected real"):
        SupervisedDataSet.loadFromFile(path)


def test_negative_importance_is_refused(tmp_path):
    path = replace_field(saved(tmp_path, importance), "importance",
                         data=np.array([[0.5], [-2.0]]))
    with pytest.raises(DataSetFileError, match="importance must not be negative"):
        ImportanceDataSet.loadFromFile(path)


@pytest.mark.parametrize("index, message", [
    (np.array([[0.0], [np.nan], [4.0]]), "holds NaN or inf"),
    (np.array([[0.0], [3.0], [4.0]]), "field 'sequence_index' holds float64; expected integers"),
    (np.array([[0, 3]]), "field 'sequence_index' has 2 columns; expected 1"),
    (np.zeros((0, 1), int), "sequence_index must be one column of increasing starts"),
    (np.array([[1], [3]]), "sequence_index must be one column of increasing starts"),
])
def test_bad_sequence_starts_are_refused(index, message, tmp_path):
    path = replace_field(saved(tmp_path, sequential), "sequence_index", data=index)
    with pytest.raises(DataSetFileError, match=message):
        SequentialDataSet.loadFromFile(path)


def set_attr(key, value):
    def change(f):
        f.attrs[key] = value
    return change


def delete(name):
    def change(f):
        del f[name]
    return change


@pytest.mark.parametrize("change, message", [
    (set_attr("brainkit_dataset", 3), "attribute 'brainkit_dataset' is 3; expected text"),
    (set_attr("brainkit_dataset", "Pickle"), "holds a 'Pickle', which is not a known data set"),
    (set_attr("format_version", "1"), "attribute 'format_version' is '1'; expected an integer"),
    (set_attr("format_version", 2), "data set format version 2 is not supported"),
    (lambda f: f.attrs.__delitem__("meta"), "missing attribute 'meta'"),
    (set_attr("link", "[input"), "attribute 'link' is not JSON"),
    (set_attr("link", "[" * 100000 + "]" * 100000), "attribute 'link' is not JSON"),
    (set_attr("link", '["input", 3]'), "attribute 'link' is .*; expected a list of field"),
    (set_attr("link", '["input", "nowhere"]'), r"missing: \['nowhere'\]"),
    (set_attr("link", '["input", "input"]'), "are not distinct fields"),
    (set_attr("link", '["input"]'), "field 'target' should be linked"),
    (set_attr("link", np.zeros(3)), "attribute 'link' is .*; expected text"),
    (set_attr("field_order", '["input"]'), "does not list the fields"),
    (set_attr("meta", "[]"), "attribute 'meta' is .*; expected a JSON object"),
    (set_attr("meta", '{"_nb_classes": -3, "class_labels": []}'),
     "nb_classes must be 0 .* or more; got -3"),
    (set_attr("meta", '{"_nb_classes": 4.5, "class_labels": []}'),
     "nb_classes must be an integer"),
    (set_attr("meta", '{"_nb_classes": 4, "class_labels": "wxyz"}'),
     "class_labels must be a list of class names"),
    (set_attr("meta", '{"_nb_classes": 4}'), "the attribute 'class_labels' .* is missing"),
    (lambda f: (delete("fields/class")(f), set_attr("field_order", '["input", "target"]')(f)),
     "a ClassificationDataSet needs the field 'class'"),
    (delete("fields"), "holds no brainkit data set"),
    (lambda f: (f.__delitem__("fields/class"), f["fields"].create_group("class")),
     "/fields/class should be a dataset"),
    (lambda f: (f.__delitem__("fields"), f.create_dataset("fields", data=np.zeros(3))),
     "/fields should be a group"),
])
def test_damaged_attributes_and_groups_get_one_documented_error(change, message, tmp_path):
    path = saved(tmp_path, classification)
    with h5py.File(path, "a") as f:
        change(f)
    with pytest.raises(DataSetFileError, match=message):
        ClassificationDataSet.loadFromFile(path)


def test_an_unreadable_attribute_type_is_a_file_error(tmp_path):
    path = saved(tmp_path)
    with h5py.File(path, "a") as f:
        f.attrs.create("link", np.zeros(2, dtype="m8[s]").view("i8"),
                       dtype=h5py.opaque_dtype(np.dtype("m8[s]")))
    with pytest.raises(DataSetFileError, match="link"):
        SupervisedDataSet.loadFromFile(path)


def test_a_pipe_or_folder_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.h5"
    os.mkfifo(fifo)
    with pytest.raises(DataSetFileError, match="not a regular file"):
        SupervisedDataSet.loadFromFile(fifo)
    with pytest.raises(DataSetFileError, match="not a regular file"):
        SupervisedDataSet.loadFromFile(tmp_path)


def test_messages_quote_only_a_short_excerpt_of_the_file(tmp_path):
    path = saved(tmp_path)
    with h5py.File(path, "a") as f:
        f.attrs["brainkit_dataset"] = "X" * 1_000_000
        f["fields"].create_dataset("y" * 60_000, data=np.zeros((3, 1)))
    with pytest.raises(DataSetFileError) as info:
        SupervisedDataSet.loadFromFile(path)
    assert len(str(info.value)) < 3000
    assert len(str(DataSetFileError("z" * 10**6))) < 2100
