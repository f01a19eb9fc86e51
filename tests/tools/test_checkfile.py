"""check_file: a file from elsewhere is loaded in a child process with a time
limit; its verdict is the reader's documented error, also when the child
crashes or hangs (simulated here by replacing the child's code)."""

import h5py
import numpy as np
import pytest

from brainkit import SupervisedDataSet, buildNetwork
from brainkit.datasets import DataSetFileError
from brainkit.io import ModelFileError, load
from brainkit.tools import checkfile
from brainkit.tools.checkfile import check_file


@pytest.fixture
def network_file(tmp_path):
    path = tmp_path / "net.h5"
    buildNetwork(2, 3, 1).save(path)
    return path


@pytest.fixture
def dataset_file(tmp_path):
    path = tmp_path / "data.h5"
    SupervisedDataSet.fromArrays(np.ones((3, 2)), np.ones((3, 1))).saveToFile(path)
    return path


def test_good_files_pass(network_file, dataset_file, tmp_path):
    assert check_file(network_file) is None
    assert check_file(dataset_file, kind="dataset") is None
    buildNetwork(2, 1).save(tmp_path / "net.xml")
    assert check_file(tmp_path / "net.xml") is None


def test_a_bad_network_gets_the_readers_own_message(network_file):
    with h5py.File(network_file, "r+") as f:
        f.attrs["format_version"] = 7
    with pytest.raises(ModelFileError) as here:
        load(network_file)
    with pytest.raises(ModelFileError, match="format_version 7 is not supported") as there:
        check_file(network_file)
    assert str(there.value) == str(here.value)


def test_a_bad_data_set_gets_a_data_set_file_error(dataset_file):
    with h5py.File(dataset_file, "r+") as f:
        f.attrs["link"] = "[input"
    with pytest.raises(DataSetFileError, match="attribute 'link' is not JSON"):
        check_file(dataset_file, kind="dataset")
    network = dataset_file.with_name("net.h5")
    buildNetwork(2, 1).save(network)
    with pytest.raises(DataSetFileError, match="holds no brainkit data set"):
        check_file(network, kind="dataset")


def test_a_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such model file"):
        check_file(tmp_path / "none.h5")
    with pytest.raises(FileNotFoundError, match="no data set file at"):
        check_file(tmp_path / "none.h5", kind="dataset")


def test_a_crash_of_the_hdf5_library_is_a_model_file_error(network_file, monkeypatch):
    monkeypatch.setattr(checkfile, "_CHILD",
                        "import os, signal; os.kill(os.getpid(), signal.SIGSEGV)")
    with pytest.raises(ModelFileError, match=r"net.h5: reading the file crashed the HDF5 library "
                                             r"\(SIGSEGV\); the file is damaged"):
        check_file(network_file)


def test_a_hang_ends_at_the_time_limit(dataset_file, monkeypatch):
    monkeypatch.setattr(checkfile, "_CHILD", "import time; time.sleep(60)")
    with pytest.raises(DataSetFileError, match=r"data.h5: reading the file did not finish within "
                                               r"1.5 s; it is probably damaged"):
        check_file(dataset_file, kind="dataset", timeout=1.5)


def test_any_other_failure_of_the_child_is_reported(network_file, monkeypatch):
    monkeypatch.setattr(checkfile, "_CHILD", "raise RuntimeError('boom')")
    with pytest.raises(ModelFileError, match=r"could not be read \(RuntimeError: boom\)"):
        check_file(network_file)


def test_an_unknown_kind_is_refused(network_file):
    with pytest.raises(ValueError, match=r"kind must be one of \('network', 'dataset'\); got "
                                         r"'model'"):
        check_file(network_file, kind="model")


def test_the_child_runs_with_a_memory_limit(network_file, monkeypatch):
    """A damaged heap made libhdf5 itself allocate 1.5 GB for a 40 KB file;
    in the child such an allocation fails and is reported as a bad file
    (simulated: the child allocates 3 GB after loading the file)."""
    assert check_file(network_file, memory_mb=600) is None
    monkeypatch.setattr(checkfile, "_CHILD", checkfile._CHILD.replace(
        "sys.exit(_child(*sys.argv[2:]))",
        "code = _child(*sys.argv[2:]); import numpy; numpy.ones(3 * 2**30 // 8); sys.exit(code)"))
    with pytest.raises(ModelFileError, match=r"could not be read \(.*Unable to allocate 3.00 GiB"):
        check_file(network_file, memory_mb=600)
