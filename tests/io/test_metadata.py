"""net.metadata (input names, class names, task, loss) travels with the model."""

import numpy as np
import pytest

import brainkit.io
from brainkit import buildNetwork
from brainkit.io import ModelFileError

META = {"task": "classification", "loss": "crossentropy", "inputs": ["sepal length", "ü<&>"],
        "targets": ["species"], "classes": ["setosa", "versicolor"]}


@pytest.mark.parametrize("ending", ["xml", "h5"])
def test_metadata_round_trips(tmp_path, ending):
    net = buildNetwork(2, 3, 2)
    net.metadata = dict(META)
    path = tmp_path / f"m.{ending}"
    brainkit.io.save(net, path)
    again = brainkit.io.load(path)
    assert again.metadata == META
    assert np.array_equal(again.params, net.params)


@pytest.mark.parametrize("ending", ["xml", "h5"])
def test_a_model_without_metadata_loads_without_it(tmp_path, ending):
    path = tmp_path / f"m.{ending}"
    brainkit.io.save(buildNetwork(2, 3, 1), path)
    assert getattr(brainkit.io.load(path), "metadata", None) is None


def test_xml_metadata_is_an_element_pybrain_ignores(tmp_path):
    # PyBrain's reader takes only children with a val attribute as arguments
    from lxml import etree
    net = buildNetwork(2, 3, 2)
    net.metadata = dict(META)
    path = tmp_path / "m.xml"
    brainkit.io.save(net, path)
    network = etree.parse(str(path)).getroot()[0]
    meta = [c for c in network if c.tag == "Metadata"]
    assert len(meta) == 1 and "val" not in meta[0].attrib
    assert [c.tag for c in network if "val" in c.attrib] == ["name"]
    assert network.index(meta[0]) == len(network) - 1


@pytest.mark.parametrize("meta, message", [
    ({"colour": "red"}, "unknown metadata entry 'colour'"),
    ({"classes": "ab"}, "metadata 'classes' must be a list"),
    ({"classes": ["a"] * 100_001}, r"metadata 'classes' must be a list of at most 100000 texts; "
                                   r"got \['a', 'a', "),
    ({"inputs": ["a", 3]}, "metadata 'inputs' holds 3; expected texts"),
    ({"task": "x" * 5000}, "expected texts of at most 1000 characters"),
    ([("task", "x")], "metadata must be a dict"),
])
def test_bad_metadata_is_refused_before_writing(tmp_path, meta, message):
    net = buildNetwork(2, 3, 1)
    net.metadata = meta
    for ending in ("xml", "h5"):
        with pytest.raises(ValueError, match=message):
            brainkit.io.save(net, tmp_path / f"m.{ending}")
        assert not (tmp_path / f"m.{ending}").exists()


def _xml_with(tmp_path, inner):
    net = buildNetwork(2, 3, 1)
    path = tmp_path / "m.xml"
    brainkit.io.save(net, path)
    text = path.read_text().replace("\t</Network>", f"\t\t<Metadata>{inner}</Metadata>\n\t</Network>")
    path.write_text(text)
    return path


@pytest.mark.parametrize("inner, message", [
    ("<task>a</task><task>b</task>", "<Metadata> has <task> twice"),
    ("<task>a</task></Metadata><Metadata><task>b</task>", "<Metadata> appears 2 times"),
    ("<classes><name>a</name></classes>", "may hold only <item>text</item> elements"),
    ("<colour>red</colour>", "unknown metadata entry 'colour'"),
    ("<inputs><item>" + "x" * 2000 + "</item></inputs>", "at most 1000 characters"),
])
def test_bad_xml_metadata_is_a_model_file_error(tmp_path, inner, message):
    with pytest.raises(ModelFileError, match=message):
        brainkit.io.load(_xml_with(tmp_path, inner))


def test_bad_hdf5_metadata_is_a_model_file_error(tmp_path):
    import h5py
    path = tmp_path / "m.h5"
    brainkit.io.save(buildNetwork(2, 3, 1), path)
    with h5py.File(path, "a") as f:
        f.create_group("metadata").create_dataset("classes", data=np.arange(3))
    with pytest.raises(ModelFileError, match="/metadata/'classes' must be texts"):
        brainkit.io.load(path)
    with h5py.File(path, "a") as f:             # texts, but elsewhere: a link is not followed
        del f["metadata/classes"]
        f.create_dataset("names", data=["a", "b"], dtype=h5py.string_dtype())
        f["metadata/classes"] = h5py.SoftLink("/names")
    with pytest.raises(ModelFileError, match="/metadata/'classes' must be texts stored in the "
                                             "file"):
        brainkit.io.load(path)
    with h5py.File(path, "a") as f:
        del f["metadata"]
        f["metadata"] = np.zeros(2)
    with pytest.raises(ModelFileError, match="/metadata must be a group"):
        brainkit.io.load(path)
