"""brainkit train on a data set file read in chunks: what it refuses."""

import numpy as np
import pytest

from brainkit.datasets import SupervisedDataSet, load_iris

from tests.cli.test_errors import assert_one_line_error


@pytest.fixture
def files(tmp_path):
    rng = np.random.default_rng(0)
    load_iris().saveToFile(str(tmp_path / "iris.h5"))
    for name, n in (("one", 1), ("small", 30)):
        SupervisedDataSet(rng.standard_normal((n, 2)),
                          rng.standard_normal((n, 1))).saveToFile(str(tmp_path / f"{name}.h5"))
    return tmp_path


@pytest.mark.parametrize("argv, message", [
    (["{d}/iris.h5", "--regress"], "{d}/iris.h5 holds classes; --regress does not apply"),
    (["{d}/iris.h5", "--image", "1x2x2", "--conv", "2x1"],
     "--image does not apply to data read in chunks"),
    # the split draws each row's part: with seed 0 the one row is held out
    (["{d}/one.h5", "--validation", "0.9", "--epochs", "1", "--seed", "0"],
     "{d}/one.h5: no training rows left after the validation part"),
    # ... and with seed 1 none of the 30 rows is
    (["{d}/small.h5", "--validation", "0.01", "--epochs", "1", "--seed", "1"],
     "{d}/small.h5: no validation rows drawn with --validation 0.01 (each row is held out "
     "with that probability); give a larger fraction, or --validation 0"),
])
def test_what_training_on_chunks_refuses(run, files, argv, message):
    result = run("train", *[a.format(d=files) for a in argv], "--out-of-core")
    assert_one_line_error(result, 1, message.format(d=files))
