"""Plots: figures come back, PNG files are written, and no display is ever needed."""

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from brainkit import (FullConnection, LinearLayer, LSTMLayer, RecurrentNetwork, SigmoidLayer,
                      SoftmaxLayer, TanhLayer, buildNetwork)
from brainkit.datasets import load_xor, make_moons
from brainkit.tools.plotting import plot_decision_regions, plot_errors, plot_network
from brainkit.trainers import BackpropTrainer

PNG = b"\x89PNG\r\n\x1a\n"


def is_png(path):
    data = Path(path).read_bytes()
    return len(data) > 1000 and data[:8] == PNG


def test_errors_from_a_trainer_history(tmp_path):
    ds = load_xor()
    trainer = BackpropTrainer(buildNetwork(2, 3, 1), ds, seed=0)
    trainer.trainEpochs(5)
    fig = plot_errors(trainer, path=tmp_path / "h.png")
    (line,) = fig.axes[0].lines
    assert line.get_label() == "training" and len(line.get_xdata()) == 5
    assert is_png(tmp_path / "h.png")


def test_errors_after_train_until_convergence(tmp_path):
    ds = make_moons(60, rng=0)
    ds._convertToOneOfMany()
    trainer = BackpropTrainer(buildNetwork(2, 4, 2, outclass=SoftmaxLayer), ds, seed=0)
    trainer.trainUntilConvergence(maxEpochs=6, validationProportion=0.25)
    fig = plot_errors(trainer, path=tmp_path / "c.png")
    training, validation, best = fig.axes[0].lines
    assert list(training.get_xdata()) == [1, 2, 3, 4, 5, 6]
    assert list(validation.get_xdata()) == [0, 1, 2, 3, 4, 5, 6]     # starts before training
    assert best.get_label().startswith("lowest validation error (epoch ")
    assert is_png(tmp_path / "c.png")


def test_errors_from_lists_and_bad_input():
    fig = plot_errors([1.0, 0.5], validation=[0.9, 0.6])
    assert list(fig.axes[0].lines[1].get_xdata()) == [1, 2]
    assert fig.axes[0].get_yscale() == "log"
    assert plot_errors([0.0, 1.0]).axes[0].get_yscale() == "linear"
    with pytest.raises(ValueError, match=r"has no errors to plot; train it first"):
        plot_errors(BackpropTrainer(buildNetwork(2, 3, 1), load_xor()))
    with pytest.raises(ValueError, match=r"must be a non-empty list of numbers"):
        plot_errors([])


def test_decision_regions_of_a_classifier(tmp_path):
    ds = make_moons(80, rng=1)
    ds._convertToOneOfMany()
    net = buildNetwork(2, 6, 2, hiddenclass=TanhLayer, outclass=SoftmaxLayer)
    BackpropTrainer(net, ds, learningrate=0.05, batchsize=8, seed=0).trainEpochs(5)
    fig = plot_decision_regions(net, ds, path=tmp_path / "r.png", resolution=50)
    assert len(fig.axes[0].collections) >= 2          # regions and points
    assert is_png(tmp_path / "r.png")


def test_decision_regions_from_arrays_and_one_output(tmp_path):
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    fig = plot_decision_regions(buildNetwork(2, 3, 1), X, labels=[0, 1, 1, 0], resolution=10)
    assert fig.axes[0].get_ylabel() == "input 1"


def test_decision_regions_of_a_recurrent_network_leave_it_reset():
    net = buildNetwork(2, 3, 2, hiddenclass=LSTMLayer, outclass=SoftmaxLayer)
    before = net.activate([0.5, 0.5]).copy()
    net.reset()
    plot_decision_regions(net, np.eye(2), labels=[0, 1], resolution=5)
    assert np.allclose(net.activate([0.5, 0.5]), before)


def test_decision_regions_reject_bad_input():
    with pytest.raises(ValueError,
                       match=r"needs a network with 2 inputs; 'FeedForwardNetwork' has 3"):
        plot_decision_regions(buildNetwork(3, 2, 1), np.zeros((2, 3)), [0, 1])
    with pytest.raises(ValueError, match=r"expects points of shape \(N, 2\); got \(3,\)"):
        plot_decision_regions(buildNetwork(2, 2, 1), np.zeros(3), [0, 1, 0])
    with pytest.raises(ValueError, match=r"give labels"):
        plot_decision_regions(buildNetwork(2, 2, 1), np.zeros((2, 2)))
    with pytest.raises(ValueError, match=r"2 points but 3 labels"):
        plot_decision_regions(buildNetwork(2, 2, 1), np.zeros((2, 2)), [0, 1, 1])
    with pytest.raises(ValueError, match=r"resolution must be an integer of at least 2"):
        plot_decision_regions(buildNetwork(2, 2, 1), np.zeros((2, 2)), [0, 1], resolution=1)


def test_network_graph_by_layer(tmp_path):
    net = buildNetwork(4, 5, 3, 2, hiddenclass=TanhLayer, outclass=SoftmaxLayer)
    fig = plot_network(net, path=tmp_path / "n.png")
    ax = fig.axes[0]
    boxes = {t.get_text().split("\n")[0]: t for t in ax.texts}
    assert boxes["hidden0"].get_text() == "hidden0\nTanhLayer (5)"
    assert boxes["out"].get_text() == "out\nSoftmaxLayer (2)"
    x = {name: box.get_position()[0] for name, box in boxes.items()}
    assert x["in"] == x["bias"] < x["hidden0"] < x["hidden1"] < x["out"]
    assert ax.get_title() == f"FeedForwardNetwork: {net.paramdim} parameters"
    assert ax.get_legend() is None                  # no recurrent connection to explain
    assert is_png(tmp_path / "n.png")


def test_recurrent_connections_are_drawn_dashed(tmp_path):
    net = RecurrentNetwork(name="loop")
    net.addInputModule(LinearLayer(2, name="in"))
    net.addModule(SigmoidLayer(3, name="h"))
    net.addOutputModule(LinearLayer(1, name="out"))
    net.addConnection(FullConnection(net["in"], net["h"]))
    net.addConnection(FullConnection(net["h"], net["out"]))
    net.addRecurrentConnection(FullConnection(net["out"], net["h"]))
    net.addRecurrentConnection(FullConnection(net["h"], net["h"]))
    net.sortModules()
    fig = plot_network(net, path=tmp_path / "r.png")
    ax = fig.axes[0]
    assert ax.get_title() == f"RecurrentNetwork 'loop': {net.paramdim} parameters"
    styles = {p.get_linestyle() for p in ax.patches if hasattr(p, "get_connectionstyle")}
    assert "--" in styles or "dashed" in styles
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["forward", "recurrent (t-1 -> t)"]
    assert is_png(tmp_path / "r.png")


def test_network_must_be_sorted():
    net = RecurrentNetwork()
    net.addInputModule(LinearLayer(1))
    with pytest.raises(ValueError, match=r"plot_network needs a sorted network"):
        plot_network(net)


@pytest.mark.parametrize("backend", [None, "Agg"])
def test_plots_need_no_display(tmp_path, backend):
    env = {k: v for k, v in os.environ.items() if k not in ("MPLBACKEND", "DISPLAY",
                                                             "WAYLAND_DISPLAY")}
    if backend:
        env["MPLBACKEND"] = backend
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])
    script = (
        "import sys\n"
        "from brainkit import buildNetwork\n"
        "from brainkit.datasets import load_xor\n"
        "from brainkit.tools.plotting import *\n"
        "net = buildNetwork(2, 3, 1)\n"
        "plot_network(net, path='n.png')\n"
        "plot_errors([0.3, 0.2], [0.4, 0.3, 0.35], path='e.png')\n"
        "plot_decision_regions(net, load_xor(), path='d.png', resolution=20)\n"
        "import matplotlib\n"
        "print(matplotlib.get_backend())\n")
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().lower() == "agg"
    for name in ("n.png", "e.png", "d.png"):
        assert is_png(tmp_path / name)
