"""The DataSet base: fields, views, links, growth, cursor, batches."""

import random

import numpy as np
import pytest

from brainkit.datasets import DataSet, NoLinkedFieldsError, OutOfSyncError, SupervisedDataSet


def make(n=5):
    ds = DataSet()
    ds.addField("x", 2)
    ds.addField("y", 1)
    ds.linkFields(["x", "y"])
    for i in range(n):
        ds.appendLinked([i, 10 * i], [i % 2])
    return ds


def test_fields_and_dimensions():
    ds = make(3)
    assert ds.getFieldNames() == ["x", "y"]
    assert ds.hasField("x") and not ds.hasField("z")
    assert ds.getDimension("x") == 2 and ds.getDimension("y") == 1
    assert len(ds) == ds.getLength() == 3
    assert ds["x"].tolist() == [[0, 0], [1, 10], [2, 20]]
    assert ds.getField("y").shape == (3, 1)
    assert "3 samples" in repr(ds)


def test_field_is_a_view_of_the_used_rows():
    ds = make(3)
    view = ds["x"]
    view[0, 0] = 99
    assert ds["x"][0, 0] == 99
    assert ds.data["x"].shape[0] >= 3        # spare capacity hidden by endmarker
    assert ds.endmarker["x"] == 3


def test_capacity_grows_geometrically_for_100k_samples():
    ds = SupervisedDataSet(3, 1)
    capacities = []
    for i in range(100_000):
        ds.addSample([i, 1.0, 2.0], [0.5])
        cap = ds.data["input"].shape[0]
        if not capacities or capacities[-1] != cap:
            capacities.append(cap)
    assert len(ds) == 100_000
    assert len(capacities) <= 20                     # ~log2(100k) reallocations
    assert all(b >= 2 * a for a, b in zip(capacities, capacities[1:]))
    assert ds["input"][-1].tolist() == [99_999, 1.0, 2.0]
    assert np.array_equal(ds["input"][:, 0], np.arange(100_000))


def test_append_unlinked_and_linked():
    ds = make(2)
    ds.addField("note", 1)
    ds.append("note", 7)
    assert ds["note"].tolist() == [[7]] and len(ds) == 2


def test_append_linked_checks_all_rows_before_adding_any():
    ds = make(2)
    with pytest.raises(ValueError, match="field 'y' expects 1 values per sample; got 2"):
        ds.appendLinked([1, 2], [1, 2])
    assert ds.endmarker == {"x": 2, "y": 2}
    with pytest.raises(ValueError, match="one value per linked field"):
        ds.appendLinked([1, 2])


def test_link_and_unlink():
    ds = make(2)
    ds.addField("z", 1)
    with pytest.raises(OutOfSyncError, match="different lengths"):
        ds.linkFields(["x", "z"])
    ds.unlinkFields(["y"])
    assert ds.link == ["x"]
    ds.unlinkFields()
    assert ds.link == []
    with pytest.raises(NoLinkedFieldsError, match="no linked fields"):
        ds.getLinked(0)


def test_getlinked_cursor_and_iteration():
    ds = make(3)
    assert [r.tolist() for r in ds.getLinked()] == [[0, 0], [0]]
    assert ds.index == 1
    assert [r.tolist() for r in ds.getLinked()] == [[1, 10], [1]]
    ds.getLinked(0)
    assert ds.index == 1                              # an index moves the cursor past it
    assert [x.tolist() for x, y in ds] == [[0, 0], [1, 10], [2, 20]]
    assert ds.endOfData()
    ds.reset()
    assert ds.index == 0 and not ds.endOfData()
    with pytest.raises(IndexError, match="sample index 3 out of range for 3 samples"):
        ds.getLinked(3)


def test_iteration_refuses_out_of_sync_fields():
    ds = make(2)
    ds.append("x", [5, 5])
    with pytest.raises(OutOfSyncError, match="different lengths"):
        list(ds)


def test_unknown_field_names_raise_keyerror_listing_fields():
    ds = make(1)
    with pytest.raises(KeyError, match="no field 'nope'; fields: 'x', 'y'"):
        ds["nope"]
    with pytest.raises(KeyError, match="no field 'nope'"):
        ds.getDimension("nope")
    with pytest.raises(KeyError, match="no field 'nope'"):
        ds.append("nope", [1])
    with pytest.raises(KeyError, match="no field 'nope'"):
        ds.linkFields(["x", "nope"])


def test_addfield_rejects_bad_names_and_dims():
    ds = DataSet()
    with pytest.raises(ValueError, match="non-empty string"):
        ds.addField("a/b", 1)
    with pytest.raises(ValueError, match="non-negative integer; got -1"):
        ds.addField("a", -1)


def test_setfield_and_convertfield():
    ds = make(0)
    ds.setField("x", np.arange(6).reshape(3, 2))
    ds.setField("y", [1, 2, 3])                      # 1-D becomes a column
    assert len(ds) == 3 and ds["y"].shape == (3, 1)
    ds.convertField("x", float)
    assert ds["x"].dtype == float
    with pytest.raises(ValueError, match="contains NaN or inf"):
        ds.setField("x", [[np.nan, 1.0]])
    with pytest.raises(ValueError, match="2-D array"):
        ds.setField("x", np.zeros((2, 2, 2)))
    with pytest.raises(TypeError, match="takes numbers"):
        ds.setField("x", [["a", "b"]])


def test_clear_and_copy():
    ds = make(3)
    ds.addField("extra", 1)
    ds.append("extra", [1])
    twin = ds.copy()
    twin["x"][0, 0] = 5
    assert ds["x"][0, 0] == 0                         # the copy is deep
    ds.clear()
    assert len(ds) == 0 and ds.getDimension("x") == 2 and ds.endmarker["extra"] == 1
    ds.clear(unlinked=True)
    assert ds.endmarker["extra"] == 0
    assert len(twin) == 3


def test_batches_in_order_and_by_permutation():
    ds = make(5)
    chunks = [b[:, 0].tolist() for b in ds.batches("x", 2)]
    assert chunks == [[0, 1], [2, 3], [4]]
    chunks = [b[:, 0].tolist() for b in ds.batches("x", 2, permutation=[2, 0, 1])]
    assert chunks == [[4], [0, 1], [2, 3]]
    with pytest.raises(ValueError, match=r"permutation indices \[3\] out of range for 3 batches"):
        list(ds.batches("x", 2, permutation=[3]))
    with pytest.raises(ValueError, match="batch size of at least 1; got 0"):
        list(ds.batches("x", 0))


def test_random_batches_really_shuffle():
    ds = make(50)
    random.seed(1)
    rows = np.concatenate(list(ds.randomBatches("x", 8)))[:, 0]
    assert sorted(rows.tolist()) == list(range(50))   # every row once
    assert rows.tolist() != list(range(50))           # in a new order
    a = np.concatenate(list(ds.randomBatches("x", 8, rng=np.random.default_rng(3))))
    b = np.concatenate(list(ds.randomBatches("x", 8, rng=np.random.default_rng(3))))
    assert np.array_equal(a, b)
    assert [len(b) for b in ds.randomBatches("x", 8)] == [8] * 6 + [2]


def test_subset_copies_samples_in_order():
    ds = make(4)
    part = ds.subset([3, 1])
    assert type(part) is DataSet and part["x"][:, 0].tolist() == [3, 1]
    part["x"][0, 0] = -5
    assert ds["x"][3, 0] == 3
    assert len(ds.subset([])) == 0 and ds.subset(np.array([-1]))["x"][0, 0] == 3
    with pytest.raises(IndexError, match=r"sample indices out of range for 4 samples: \[4\]"):
        ds.subset([0, 4])
    with pytest.raises(TypeError, match="1-D sequence of sample indices"):
        ds.subset([0.5])
