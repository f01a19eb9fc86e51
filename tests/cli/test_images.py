"""``brainkit train --image CxHxW --conv SPECS``: a convolutional network from
the command line."""

import re

import numpy as np
import pytest

import brainkit
from brainkit import ConvolutionLayer, MaxPoolingLayer

from tests.cli.conftest import write_csv
from tests.cli.test_errors import assert_one_line_error

FAST = ["--image", "1x8x8", "--conv", "4x3", "--epochs", "2"]


def test_train_a_cnn_on_the_digits_and_save_it(run, tmp_path):
    model = tmp_path / "cnn.h5"
    result = run("train", *FAST, "--hidden", "none", "--save", model)
    assert result.status == 0, result.err
    assert "network: 1x8x8 -> conv 4x3 relu -> maxpool 2 -> 10 softmax, 690 parameters" \
        in result.out
    assert "trainer: adam, lr 0.001" in result.out
    net = brainkit.load(str(model))
    assert type(net["conv0"]) is ConvolutionLayer and net["conv0"].padding == (1, 1)
    assert type(net["pool0"]) is MaxPoolingLayer and net["pool0"].outshape == (4, 4, 4)
    info = run("info", model)
    assert "64 (1x8x8)" in info.out and "256 (4x8x8)" in info.out


def test_the_saved_cnn_takes_raw_pixels(run, tmp_path):
    """The pixel scaling is folded into the first convolution: testing the
    saved model on the raw digits gives the accuracy train reported."""
    model = tmp_path / "cnn.xml"
    trained = run("train", *FAST, "--conv", "3x3,5x2", "--pool", "1", "--hidden", "6",
                  "--validation", "0", "--dtype", "float64", "--save", model)
    assert "1x8x8 -> conv 3x3 relu -> conv 5x2 relu -> 6 relu -> 10 softmax" in trained.out
    line = r"^  {}\s+1797\s+\S+\s+(\S+)%"
    reported = float(re.search(line.format("training"), trained.out, flags=re.M).group(1))
    tested = run("test", model, "digits")
    assert trained.status == tested.status == 0, tested.err
    assert float(re.search(line.format("test"), tested.out, flags=re.M).group(1)) == reported


def test_an_image_csv(run, tmp_path):
    rng = np.random.default_rng(0)
    X = rng.random((40, 2 * 3 * 4))
    rows = [[f"{v:.4f}" for v in x] + [int(x[:12].sum() > x[12:].sum())] for x in X]
    data = write_csv(tmp_path / "images.csv", rows)
    result = run("train", data, "--image", "2x3x4", "--conv", "3x3", "--pool", "1",
                 "--classify", "--epochs", "2", "--scale", "none")
    assert result.status == 0, result.err
    assert "network: 2x3x4 -> conv 3x3 relu -> 100 relu -> 2 softmax" in result.out


@pytest.mark.parametrize("argv, status, message", [
    (["--image", "1x8x8"], 2, "--image and --conv go together"),
    (["--conv", "32x3"], 2, "--image and --conv go together"),
    (["--image", "8x8", "--conv", "3x3"], 2,
     "argument --image: expected channels x height x width like 1x8x8; got '8x8'"),
    (["--image", "1x8x8", "--conv", "32x3,64"], 2,
     "argument --conv: expected filters x kernel size (comma-separated layers) like 32x3 or "
     "32x3,64x3; got '64'"),
    (["--image", "1x8x8", "--conv", "32x3", "--pool", "0"], 2, "--pool must be at least 1"),
    (["--image", "1x8x8", "--conv", "32x3", "--hiddenclass", "lstm"], 2,
     "--hiddenclass lstm does not go with --conv"),
    (["--image", "1x7x7", "--conv", "32x3"], 1,
     "--image 1x7x7 has 49 pixels, but the data has 64 input columns"),
    (["--image", "4x4x4", "--conv", "2x3,2x3,2x3"], 1,
     "--image/--conv/--pool: MaxPoolingLayer 'pool2': the pool 2x2 does not fit in the 1x1 "
     "image"),
])
def test_bad_image_options(run, argv, status, message):
    assert_one_line_error(run("train", "--epochs", "1", *argv), status, message)
