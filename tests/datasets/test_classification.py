"""ClassificationDataSet: int targets, class field, one-of-many, splits, statistics."""

import numpy as np
import pytest

from brainkit.datasets import (ClassificationDataSet, SequenceClassificationDataSet,
                               SupervisedDataSet)


def three_classes():
    ds = ClassificationDataSet(2, nb_classes=3, class_labels=["a", "b", "c"])
    for i, label in enumerate([0, 1, 2, 1, 0, 2, 2]):
        ds.addSample([i, -i], [label])
    return ds


def test_targets_are_integers_like_pybrain():
    ds = ClassificationDataSet(1)
    ds.addSample([0.0], [2.7])                       # [SURPRISE] truncated to 2
    assert ds["target"].dtype.kind == "i" and ds["target"].tolist() == [[2]]
    ds2 = ClassificationDataSet([[0.0], [1.0]], [[1.9], [0.2]])
    assert ds2["target"].ravel().tolist() == [1, 0]


def test_class_field_follows_the_samples():
    ds = three_classes()
    assert ds["class"].ravel().tolist() == [0, 1, 2, 1, 0, 2, 2]
    assert "class" not in ds.link and len(ds) == 7
    assert ds.nClasses == 3 and ds.class_labels == ["a", "b", "c"]


def test_default_class_labels_are_the_distinct_targets():
    ds = ClassificationDataSet(np.zeros((4, 1)), np.array([[2], [0], [2], [5]]))
    assert ds.class_labels == [0, 2, 5]
    assert ClassificationDataSet(3).class_labels == []


def test_nclasses_is_max_label_plus_one_when_labels_skip():
    # PyBrain counted distinct labels (2 here) and crashed converting
    ds = ClassificationDataSet(1)
    ds.addSample([0], [0])
    ds.addSample([1], [2])
    assert ds.nClasses == 3
    ds._convertToOneOfMany()
    assert ds["target"].tolist() == [[1, 0, 0], [0, 0, 1]]
    ds.nClasses = 5
    assert ds.nClasses == 5


def test_convert_to_one_of_many_keeps_labels_and_bounds():
    ds = three_classes()
    ds._convertToOneOfMany()
    assert ds.outdim == 3 and ds["target"].dtype == np.int32
    assert ds["target"][:3].tolist() == [[1, 0, 0], [0, 1, 0], [0, 0, 1]]
    assert ds["class"].ravel().tolist() == [0, 1, 2, 1, 0, 2, 2]
    ds._convertToOneOfMany()                          # a no-op the second time
    assert ds.outdim == 3
    ds = three_classes()
    ds._convertToOneOfMany(bounds=(-1, 1))
    assert ds["target"][0].tolist() == [1, -1, -1]
    ds = three_classes()
    ds._convertToOneOfMany(bounds=(0.1, 0.9))
    assert ds["target"].dtype == float and ds["target"][1].tolist() == [0.1, 0.9, 0.1]


def test_convert_back_to_class_numbers():
    ds = three_classes()
    ds._convertToOneOfMany()
    ds._convertToClassNb()
    assert ds.outdim == 1 and ds["target"].ravel().tolist() == [0, 1, 2, 1, 0, 2, 2]
    ds._convertToClassNb()                            # no-op when already labels
    assert ds.outdim == 1


def test_samples_added_after_conversion_keep_class_in_sync():
    ds = three_classes()
    ds._convertToOneOfMany()
    ds.addSample([9, 9], [0, 0, 1])
    assert ds["class"].ravel().tolist()[-1] == 2 and len(ds["class"]) == len(ds)
    with pytest.raises(ValueError, match="'target' expects 3 values per sample; got 1"):
        ds.addSample([9, 9], [2])


def test_convert_errors():
    ds = ClassificationDataSet(1, nb_classes=2)
    ds.addSample([0], [3])
    with pytest.raises(ValueError, match="class label 3 is out of range for 2 classes"):
        ds._convertToOneOfMany()
    assert ds.outdim == 1
    neg = ClassificationDataSet(1)
    neg.addSample([0], [-1])
    neg.addSample([0], [1])
    with pytest.raises(ValueError, match="class label -1 is out of range"):
        neg._convertToOneOfMany()
    with pytest.raises(TypeError, match="nb_classes must be an integer"):
        ClassificationDataSet(2, nb_classes=None)
    with pytest.raises(ValueError, match="no classes known"):
        ClassificationDataSet(2)._convertToOneOfMany()


def test_calculate_statistics_and_getclass():
    ds = three_classes()
    assert ds.calculateStatistics() == {0: 2, 1: 2, 2: 3}
    assert ds.classHist == {0: 2, 1: 2, 2: 3}
    assert ds.getClass(1) == "b"
    with pytest.raises(IndexError, match="class 3 has no label"):
        ds.getClass(3)


def test_split_with_proportion_keeps_class_information():
    # PyBrain returned plain SupervisedDataSets here
    ds = three_classes()
    ds._convertToOneOfMany()
    left, right = ds.splitWithProportion(0.5, rng=np.random.default_rng(0))
    for part in (left, right):
        assert type(part) is ClassificationDataSet
        assert part.nClasses == 3 and part.class_labels == ["a", "b", "c"]
        assert part.outdim == 3 and len(part["class"]) == len(part)
        assert np.array_equal(np.argmax(part["target"], axis=1), part["class"].ravel())
    assert len(left) == 3 and len(right) == 4


def test_split_of_a_small_part_keeps_nclasses_given():
    ds = ClassificationDataSet(1, nb_classes=4)
    for label in [0, 0, 0, 3]:
        ds.addSample([label], [label])
    left, _ = ds.splitWithProportion(0.5, rng=1)
    assert left.nClasses == 4


def test_subset_keeps_classes():
    ds = three_classes()
    part = ds.subset([2, 5])
    assert type(part) is ClassificationDataSet and part["class"].ravel().tolist() == [2, 2]
    assert part.nClasses == 3 and part.class_labels == ["a", "b", "c"]


def test_split_by_class():
    ds = three_classes()
    ds._convertToOneOfMany()
    twos, rest = ds.splitByClass(2)
    assert len(twos) == 3 and len(rest) == 4
    assert set(twos["class"].ravel()) == {2} and 2 not in set(rest["class"].ravel())
    assert twos["input"][:, 0].tolist() == [2, 5, 6]


def test_clear_also_clears_classes():
    ds = three_classes()
    ds.clear()
    assert len(ds) == 0 and len(ds["class"]) == 0
    ds.addSample([1, 1], [1])
    assert ds["class"].ravel().tolist() == [1]


def test_from_arrays_and_one_hot_construction():
    ds = ClassificationDataSet.fromArrays(np.zeros((3, 2)), [1, 0, 1], nb_classes=2)
    assert isinstance(ds, SupervisedDataSet) and ds["class"].ravel().tolist() == [1, 0, 1]
    onehot = ClassificationDataSet(np.zeros((2, 1)), np.array([[0, 1, 0], [0, 0, 1]]))
    assert onehot["class"].ravel().tolist() == [1, 2] and onehot.nClasses == 3


def test_from_csv_with_class_names(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("x,kind\n1,cat\n2,dog\n3,cat\n4,eel\n")
    ds = ClassificationDataSet.fromCSV(path, target="kind")
    assert ds.class_labels == ["cat", "dog", "eel"]
    assert ds["class"].ravel().tolist() == [0, 1, 0, 2] and ds.nClasses == 3
    given = ClassificationDataSet.fromCSV(path, target=1, class_labels=["eel", "dog", "cat"])
    assert given["class"].ravel().tolist() == [2, 1, 2, 0]
    with pytest.raises(ValueError, match=r"class names \['eel'\] in the CSV file are not in"):
        ClassificationDataSet.fromCSV(path, target="kind", class_labels=["cat", "dog"])
    numeric = tmp_path / "n.csv"
    numeric.write_text("1,2,1\n3,4,0\n")
    assert ClassificationDataSet.fromCSV(numeric)["class"].ravel().tolist() == [1, 0]


@pytest.mark.parametrize("kwargs, error, message", [
    (dict(nb_classes=-3), ValueError, "nb_classes must be 0 .* or more; got -3"),
    (dict(nb_classes=2.0), TypeError, "nb_classes must be an integer"),
    (dict(class_labels="abc"), TypeError, "class_labels must be a list of class names, one "
                                          "per class; got 'abc'"),
    (dict(class_labels=["a", None]), TypeError, "class_labels must hold strings or numbers; "
                                                "got None"),
    (dict(class_labels=[True, False]), TypeError, "class_labels must hold strings or numbers"),
])
@pytest.mark.parametrize("make", [lambda **kw: ClassificationDataSet(2, **kw),
                                  lambda **kw: SequenceClassificationDataSet(2, 1, **kw)],
                         ids=["ClassificationDataSet", "SequenceClassificationDataSet"])
def test_constructor_arguments_are_checked(make, kwargs, error, message):
    with pytest.raises(error, match=message):
        make(**kwargs)


def test_nclasses_cannot_be_set_below_zero():
    ds = ClassificationDataSet(2)
    with pytest.raises(ValueError, match="nb_classes must be 0"):
        ds.nClasses = -1
