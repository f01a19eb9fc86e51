"""ONNX export: every module and connection class, feed-forward and recurrent
networks (LSTM with peepholes, nested networks), run in onnxruntime, give
what brainkit's own runs give, to float32 precision."""

import sys

import numpy as np
import pytest

import brainkit
from brainkit import (FeedForwardNetwork, FullConnection, LinearLayer, LSTMLayer,
                      RecurrentNetwork, SigmoidLayer, SoftmaxLayer, TanhLayer, buildNetwork)
from brainkit.cli import main
from brainkit.structure.modules import GaussianLayer
from tests.io.helpers import probe_network
from tests.structure.harness import (BATCH, CONNECTIONS, MODULES, SUBCLASS_CONNECTIONS,
                                     SUBCLASS_MODULES, probe)

ort = pytest.importorskip("onnxruntime")
from brainkit.io.onnxwriter import ExportError, network_to_onnx  # noqa: E402

NOT_EXPORTED = {"StateDependentLayer", "MdrnnLayer"}     # see brainkit/io/onnxwriter.py
STOCHASTIC = {"BernoulliLayer"}     # certain only for inputs of 0 and 1 (the harness's)
# fed back to themselves these outputs (squared distances, exp) grow past
# float32's range within a few steps; the plain export test covers them
UNBOUNDED = {"KohonenMap-fullmap", "MixtureDensityLayer"}
EXPORTED = [e for e in MODULES if e.cls.__name__ not in NOT_EXPORTED]


def run_onnx(net, X, path):
    """The saved model's outputs in onnxruntime for X ((B, indim), or (T, B,
    indim) for a network that takes sequences)."""
    net.save(str(path))
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    assert len(session.get_inputs()[0].shape) == X.ndim
    return session.run(None, {"input": X.astype(np.float32)})[0]


def operators(path):
    import onnx
    return {node.op_type for node in onnx.load(str(path)).graph.node}


def brainkit_outputs(net, X):
    if X.ndim == 3:
        out = net.run_forward(X).copy()
        net.reset()
        return out
    return net.activate(X)


def assert_float32_close(got, want):
    assert got.shape == want.shape and got.dtype == np.float32
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-5 * max(1.0, np.abs(want).max()))


def _inputs(net, rng, steps=5, generate=None):
    generate = generate or (lambda r, shape: r.standard_normal(shape))
    return generate(rng, (steps, BATCH, net.indim) if net.sequential else (BATCH, net.indim))


@pytest.mark.parametrize("entry", EXPORTED, ids=lambda e: e.id)
def test_every_module_class_exports(entry, rng, tmp_path):
    net, _ = probe(entry)
    net.randomize(rng)
    X = _inputs(net, rng, entry.steps(), entry.inputs)
    assert_float32_close(run_onnx(net, X, tmp_path / "m.onnx"), brainkit_outputs(net, X))


@pytest.mark.parametrize("entry", [e for e in EXPORTED if e.make().indim
                                   and e.cls.__name__ not in STOCHASTIC
                                   and e.id not in UNBOUNDED], ids=lambda e: e.id)
def test_every_module_class_exports_with_a_recurrent_connection_to_itself(entry, rng,
                                                                         tmp_path):
    net = probe_network(entry.make(name="m"), recurrent_self=True)
    for c in net.recurrentConns:            # small recurrent weights: a tame sequence
        c.params[:] *= 0.3
    X = rng.standard_normal((6, BATCH, net.indim))
    assert_float32_close(run_onnx(net, X, tmp_path / "m.onnx"), brainkit_outputs(net, X))


@pytest.mark.parametrize("recurrent", [False, True])
@pytest.mark.parametrize("entry", CONNECTIONS, ids=lambda e: e.id)
def test_every_connection_class_exports_slices_included(entry, recurrent, rng, tmp_path):
    net, _ = entry.make_network(recurrent=recurrent)
    net.randomize(rng)
    X = rng.standard_normal((4, BATCH, net.indim) if recurrent else (BATCH, net.indim))
    assert_float32_close(run_onnx(net, X, tmp_path / "c.onnx"), brainkit_outputs(net, X))


@pytest.mark.parametrize("hiddenclass", ["sigmoid", "tanh", "relu", "softsign"])
def test_a_deep_feed_forward_network_exports(hiddenclass, rng, tmp_path):
    from brainkit.structure.modules import ReluLayer, SoftSignLayer
    cls = {"sigmoid": SigmoidLayer, "tanh": TanhLayer, "relu": ReluLayer,
           "softsign": SoftSignLayer}[hiddenclass]
    net = buildNetwork(6, 16, 8, 3, hiddenclass=cls, outclass=SoftmaxLayer)
    X = rng.standard_normal((50, 6)) * 3
    assert_float32_close(run_onnx(net, X, tmp_path / "ff.onnx"), net.activate(X))


@pytest.mark.parametrize("peepholes", [False, True])
def test_lstm_networks_export_and_run_whole_sequences(peepholes, rng, tmp_path):
    net = buildNetwork(3, 5, 4, 2, hiddenclass=LSTMLayer, peepholes=peepholes)
    net.randomize(rng)
    X = rng.standard_normal((12, 4, 3))
    got = run_onnx(net, X, tmp_path / "lstm.onnx")
    assert_float32_close(got, brainkit_outputs(net, X))
    assert "LSTM" in operators(tmp_path / "lstm.onnx")     # ONNX's own operator, twice
    assert "Scan" not in operators(tmp_path / "lstm.onnx")
    net.reset()                         # the same as stepping with activate
    np.testing.assert_allclose(got[:, 1], np.array([net.activate(x) for x in X[:, 1]]),
                               rtol=1e-4, atol=1e-5)


def test_a_recurrent_network_with_nested_networks_exports(rng, tmp_path):
    inner = buildNetwork(3, 4, 3, hiddenclass=TanhLayer)
    inner.name = "inner"
    net = RecurrentNetwork(name="outer")
    a, h, b = LinearLayer(2, name="a"), LSTMLayer(3, name="h", peepholes=True), \
        LinearLayer(3, name="b")
    net.addInputModule(a)
    net.addModule(h)
    net.addModule(inner)
    net.addOutputModule(b)
    net.addConnection(FullConnection(a, h, name="ah"))
    net.addConnection(FullConnection(h, inner, name="hi"))
    net.addConnection(FullConnection(inner, b, name="ib", inSliceFrom=1))
    net.addRecurrentConnection(FullConnection(inner, h, name="ih", outSliceTo=6))
    net.addRecurrentConnection(FullConnection(h, h, name="hh"))
    net.sortModules()
    net.randomize(rng)
    X = rng.standard_normal((7, 3, 2))
    assert_float32_close(run_onnx(net, X, tmp_path / "nested.onnx"), brainkit_outputs(net, X))
    assert "Scan" in operators(tmp_path / "nested.onnx")    # 'ih' feeds the LSTM from outside


def test_a_gaussian_layer_keeps_drawing_with_its_spread(tmp_path, rng):
    net = FeedForwardNetwork()
    a, g = LinearLayer(2, name="a"), GaussianLayer(2, name="g")
    net.addInputModule(a)
    net.addOutputModule(g)
    net.addConnection(brainkit.IdentityConnection(a, g))
    net.sortModules()
    net.params[:] = [-1.0, 0.5]             # spreads expln(p): exp(-1) and log(1.5) + 1
    X = np.tile([3.0, -2.0], (20000, 1))
    got = run_onnx(net, X, tmp_path / "g.onnx")
    np.testing.assert_allclose(got.mean(axis=0), [3.0, -2.0], atol=0.05)
    np.testing.assert_allclose(got.std(axis=0), [np.exp(-1.0), np.log(1.5) + 1], rtol=0.05)


def test_the_fitted_network_of_a_scikit_learn_classifier_exports(tmp_path):
    from sklearn.datasets import load_iris
    from brainkit.sklearn import NetworkClassifier
    X, y = load_iris(return_X_y=True)
    clf = NetworkClassifier(hidden=(8,), max_epochs=30, random_state=0).fit(X, y)
    assert_float32_close(run_onnx(clf.network_, X, tmp_path / "iris.onnx"),
                         clf.predict_proba(X))


def test_brainkit_convert_writes_onnx(tmp_path, capsys, rng):
    net = buildNetwork(4, 6, 2)
    h5, out = str(tmp_path / "m.h5"), tmp_path / "m.onnx"
    net.save(h5)
    assert main(["convert", h5, str(out)]) == 0
    assert capsys.readouterr().out.strip() == f"wrote {out}"
    session = ort.InferenceSession(str(out), providers=["CPUExecutionProvider"])
    X = rng.standard_normal((3, 4)).astype(np.float32)
    assert_float32_close(session.run(None, {"input": X})[0], net.activate(X))


@pytest.mark.parametrize("entry", [e for e in MODULES if e.cls.__name__ in NOT_EXPORTED]
                         + SUBCLASS_MODULES, ids=lambda e: e.id)
def test_a_module_without_an_onnx_form_is_named_in_the_error(entry, tmp_path):
    net, _ = probe(entry)
    path = tmp_path / "m.onnx"
    with pytest.raises(ExportError, match=f"cannot export network 'probe' to ONNX: module "
                                          f"'m' is a {entry.cls.__name__}; "):
        net.save(str(path))
    assert not path.exists()


@pytest.mark.parametrize("entry", SUBCLASS_CONNECTIONS, ids=lambda e: e.id)
def test_a_connection_without_an_onnx_form_is_named_in_the_error(entry):
    net, _ = entry.make_network()
    with pytest.raises(ExportError, match=f"connection 'c' \\('a' -> 'b'\\) is a "
                                          f"{entry.cls.__name__}, which ONNX export"):
        network_to_onnx(net)


def test_unsorted_networks_and_loading_onnx_are_refused(tmp_path):
    net = FeedForwardNetwork(name="raw")
    net.addInputModule(LinearLayer(2, name="a"))
    with pytest.raises(ExportError, match="network 'raw' is not sorted; call sortModules"):
        network_to_onnx(net)
    with pytest.raises(ExportError, match="takes a network; got LinearLayer"):
        network_to_onnx(LinearLayer(2))
    with pytest.raises(ValueError, match="brainkit writes ONNX models but does not read them"):
        brainkit.load(str(tmp_path / "m.onnx"))
    assert main(["convert", str(tmp_path / "missing.h5"), str(tmp_path / "m.onnx")]) == 1


def test_export_without_the_onnx_package_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "onnx", None)          # import onnx fails
    with pytest.raises(ImportError, match=r"ONNX export needs the onnx package: pip install "
                                          r"'brainkit\[onnx\]'"):
        network_to_onnx(buildNetwork(2, 3, 1))


def test_brainkit_convert_says_in_one_line_why_a_network_cannot_be_exported(tmp_path, capsys):
    from brainkit.structure.modules import MdrnnLayer
    net = probe_network(MdrnnLayer(2, (4, 6), 2, 2, name="grid"))
    net.save(str(tmp_path / "m.h5"))
    assert main(["convert", str(tmp_path / "m.h5"), str(tmp_path / "m.onnx")]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"brainkit: error: cannot write {tmp_path / 'm.onnx'}: cannot export "
                          "network 'probe' to ONNX: module 'grid' is a MdrnnLayer;")
    assert not (tmp_path / "m.onnx").exists()
