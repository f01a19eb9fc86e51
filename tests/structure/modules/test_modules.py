"""Every module class, and user subclasses of built-in ones, through the
shared harness (tests/structure/harness.py)."""

import numpy as np
import pytest

import brainkit.structure.modules as modules
from brainkit.structure.modules.mixturedensity import MixtureDensityLayer
from tests.structure.harness import (BATCH, EXACT, MODULES, SUBCLASS_MODULES,
                                     check_batch_equals_single, check_float32,
                                     check_gradients, check_in_network, probe)

ENTRIES = MODULES + SUBCLASS_MODULES
ids = [e.id for e in ENTRIES]


def inputs_for(entry, module, rng):
    return entry.inputs(rng, (entry.steps(), BATCH, module.indim))


@pytest.mark.parametrize("entry", ENTRIES, ids=ids)
def test_forward_matches_oracle(entry, rng):
    module = entry.make()
    X = inputs_for(entry, module, rng)
    Y = module.run_forward(X)
    assert Y.shape == X.shape[:2] + (module.outdim,)
    np.testing.assert_allclose(Y, entry.oracle(module, X), **EXACT)


@pytest.mark.parametrize("entry", [e for e in ENTRIES if e.gradcheck],
                         ids=[e.id for e in ENTRIES if e.gradcheck])
def test_backward_matches_central_differences(entry, rng):
    module = entry.make()
    check_gradients(module, inputs_for(entry, module, rng), rng)


@pytest.mark.parametrize("entry", ENTRIES, ids=ids)
def test_batch_equals_one_sample_at_a_time(entry, rng):
    module = entry.make()
    check_batch_equals_single(module, inputs_for(entry, module, rng), rng)


@pytest.mark.parametrize("entry", ENTRIES, ids=ids)
def test_repr_names_class_and_module(entry):
    assert repr(entry.make(name="hidden0")) == f"<{entry.cls.__name__} 'hidden0'>"


@pytest.mark.parametrize("alone", [False, True], ids=["between-layers", "alone"])
@pytest.mark.parametrize("entry", ENTRIES, ids=ids)
def test_inside_a_network_in_every_path(entry, alone, rng):
    check_in_network(entry, rng, alone)


@pytest.mark.parametrize("entry", [e for e in ENTRIES if e.gradcheck],
                         ids=[e.id for e in ENTRIES if e.gradcheck])
def test_gradients_inside_a_network(entry, rng):
    net, m = probe(entry)
    report = check_gradients(net, entry.inputs(rng, (entry.steps(), BATCH, m.indim)), rng)
    assert ("m" in report.param_errors) == (m.paramdim > 0)


@pytest.mark.parametrize("entry", ENTRIES, ids=ids)
def test_float32(entry, rng):
    net, m = probe(entry, dtype=np.float32)
    X = entry.inputs(rng, (entry.steps(), BATCH, m.indim))
    check_float32(net, X, entry.oracle(m, X.astype(np.float32).astype(float)), probe(entry)[0])


def test_every_exported_module_class_has_a_harness_entry():
    bases = {modules.Module, modules.NeuronLayer}
    exported = {getattr(modules, name) for name in modules.__all__} - bases
    assert exported <= {e.cls for e in MODULES}, "add a ModuleEntry to tests/structure/harness.py"


@pytest.mark.parametrize("entry", ENTRIES, ids=ids)
def test_activate_one_sample_returns_a_copy_of_shape_outdim(entry, rng):
    module = entry.make()
    x = entry.inputs(rng, (module.indim,))
    y = module.activate(list(x))
    assert y.shape == (module.outdim,)
    y[...] = 123.0
    assert not np.any(module.outputbuffer == 123.0)


def test_module_buffers_are_time_major_and_batched(rng):
    module = MODULES[1].make()
    module.run_forward(rng.standard_normal((5, 7, 4)))
    for name in ("inputbuffer", "outputbuffer", "inputerror", "outputerror"):
        assert getattr(module, name).shape[1:] == (7, 4)
        assert getattr(module, name).shape[0] >= 5


@pytest.mark.parametrize("dim", [-1, 2.5, "3"])
def test_bad_dimension_is_refused(dim):
    with pytest.raises(ValueError, match="must be a non-negative integer"):
        MODULES[0].cls(dim)


@pytest.mark.parametrize("indim", [-1, 2.5, "3"])
def test_module_dimensions_must_be_non_negative_integers(indim):
    from brainkit.structure.modules.module import Module
    with pytest.raises(ValueError, match="indim must be a non-negative integer"):
        Module(indim, 1)


def test_float32_sigmoids_do_not_overflow_on_large_negative_inputs():
    # conftest makes numpy's overflow an error: a clip past float32's exp range would raise
    from brainkit import LSTMLayer, SigmoidLayer, buildNetwork
    for hidden in (SigmoidLayer, LSTMLayer):
        net = buildNetwork(2, 3, 1, hiddenclass=hidden, dtype=np.float32)
        net.params[:] = 1.0
        out = net.activate([[-1e4, -1e4], [1e4, 1e4]])
        assert out.dtype == np.float32 and np.all(np.isfinite(out))


@pytest.mark.parametrize("make, match", [
    (lambda: modules.GateLayer(True), "GateLayer: dim must be a non-negative integer"),
    (lambda: modules.MDLSTMLayer(1.5), "MDLSTMLayer: dim must be a non-negative integer"),
    (lambda: modules.KohonenMap(2, 0), "nNeurons must be a positive integer"),
    (lambda: modules.MdrnnLayer(2, (2, 2), "3", 1), r"MdrnnLayer \(hiddendim\): dim must be"),
    (lambda: MixtureDensityLayer(1, mix=0), "mix must be a positive integer"),
])
def test_the_layers_of_pybrains_structure_package_check_their_sizes(make, match):
    with pytest.raises(ValueError, match=match):
        make()
