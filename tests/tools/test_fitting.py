"""brainkit.tools.fitting: the pieces the command and the estimators share."""

import numpy as np
import pytest

from brainkit import LinearLayer, TanhLayer
from brainkit.datasets import SupervisedDataSet
from brainkit.tools import fitting


def test_layer_class_takes_names_and_classes_and_refuses_the_rest():
    assert fitting.layer_class("tanh", fitting.HIDDEN) is TanhLayer
    assert fitting.layer_class(LinearLayer, fitting.OUTPUT) is LinearLayer
    with pytest.raises(ValueError, match="expected one of 'linear', 'sigmoid', 'softmax'.*'relu'"):
        fitting.layer_class("relu", fitting.OUTPUT)


def test_build_gives_seeded_glorot_weights_and_zero_biases():
    a = fitting.build(3, (5,), 2, seed=4, dtype=np.float64)
    b = fitting.build(3, (5,), 2, seed=4, dtype=np.float64)
    np.testing.assert_array_equal(a.params, b.params)
    assert np.abs(a.params).max() <= np.sqrt(6 / 7)       # the widest limit: 5 -> 2
    assert not a.connections[a["bias"]][0].weights.any()


def test_make_rule_refuses_an_unknown_rule_and_a_learning_rate_for_rprop():
    with pytest.raises(ValueError, match="expected a rule among adam, gradientdescent, rprop"):
        fitting.make_rule("sgd")
    with pytest.raises(ValueError, match="rprop takes no learning rate"):
        fitting.make_rule("rprop", lr=0.1)
    assert fitting.make_rule("gradientdescent", momentum=0.5).learningrate == 0.01


def test_make_trainer_refuses_a_loss_that_does_not_fit():
    net = fitting.build(2, (), 1, dtype=np.float64)
    ds = SupervisedDataSet([[0.0, 1.0]], [[0.5]])
    with pytest.raises(ValueError, match="crossentropy"):
        fitting.make_trainer(net, ds, fitting.make_rule(), loss="crossentropy")


@pytest.mark.parametrize("n, batchsize, expected", [(100, 32, 75), (100000, 64, 10)])
def test_patience_is_ten_epochs_but_at_least_300_updates(n, batchsize, expected):
    assert fitting.default_patience("adam", n, batchsize) == expected
    assert fitting.default_patience("rprop", n, batchsize) == 300
    assert fitting.default_patience(fitting.make_rule("rprop"), n, batchsize) == 300
    assert fitting.default_patience(fitting.make_rule("adam"), n, batchsize) == expected


def test_a_target_scaling_only_folds_into_a_linear_output_layer():
    net = fitting.build(2, (3,), 2, outclass="softmax", dtype=np.float64)
    params = net.params.copy()
    with pytest.raises(ValueError, match="cannot fold the target scaling into the network: it "
                                         "needs one LinearLayer output fed by FullConnections "
                                         "and a bias"):
        fitting.fold_output_scaling(net, np.zeros(2), np.full(2, 2.0))
    np.testing.assert_array_equal(net.params, params)
    net = fitting.build(2, (3,), 2, dtype=np.float64)
    X = np.array([[0.5, -1.0]])
    before = fitting.outputs(net, X)
    fitting.fold_output_scaling(net, np.array([1.0, 2.0]), np.array([3.0, 4.0]))
    np.testing.assert_allclose(fitting.outputs(net, X), before * [3.0, 4.0] + [1.0, 2.0])


def test_targets_are_scaled_for_numbers_from_linear_outputs_after_hidden_layers():
    assert fitting.scales_targets(False, "linear", (4,))
    assert not fitting.scales_targets(False, "linear", ())
    assert not fitting.scales_targets(False, "sigmoid", (4,))
    assert not fitting.scales_targets(True, "linear", (4,))
    X, Y = np.array([[0.0], [2.0]]), np.array([[1.0], [5.0]])
    scaled = fitting.Scaling.learn(X, Y, "standard", True)
    np.testing.assert_array_equal(scaled.data(X, Y, "float64")["target"], [[-1.0], [1.0]])
    as_given = fitting.Scaling.learn(X, Y, "standard", False)
    np.testing.assert_array_equal(as_given.data(X, Y, "float64")["target"], Y)


def test_run_epochs_reports_each_epoch_and_closes_its_progress():
    class Seen:
        def __init__(self):
            self.lines, self.closed = [], False

        def update(self, epoch, train, valid, final):
            self.lines.append((epoch, valid is None, final))

        def close(self):
            self.closed = True

    net = fitting.build(1, (3,), 1, dtype=np.float64)
    ds = SupervisedDataSet([[0.0], [1.0]], [[0.0], [1.0]])
    seen = Seen()
    trainer = fitting.make_trainer(net, ds, fitting.make_rule())
    ran, kept, diverged = fitting.run_epochs(trainer, None, 3, False, seen)
    assert (ran, kept, diverged) == (3, 3, None)
    assert seen.lines == [(1, True, False), (2, True, False), (3, True, True)] and seen.closed


def test_an_epoch_whose_validation_error_explodes_is_not_counted():
    # the validation error is fine after epoch 1 and explodes after epoch 2:
    # one epoch counts (as when the trainer itself stops an epoch), epoch 1 is kept
    net = fitting.build(1, (3,), 1, dtype=np.float64)
    trainer = fitting.make_trainer(net, SupervisedDataSet([[0.0], [1.0]], [[0.0], [1.0]]),
                                   fitting.make_rule())
    scores = iter([1.0, 0.5, float("inf")])
    ran, kept, diverged = fitting.run_epochs(trainer, lambda: [next(scores)], 5, False)
    assert (ran, kept) == (1, 1) and diverged == "the validation error is not finite"


def test_the_validation_score_is_one_pass_over_data_checked_once(tmp_path, monkeypatch):
    from brainkit.datasets.ondisk import DiskDataSet
    from brainkit.trainers import trainer as trainer_module
    rng = np.random.default_rng(0)
    X = rng.standard_normal((45, 2))
    Y = np.eye(3)[rng.integers(0, 3, 45)]
    path = str(tmp_path / "d.h5")
    SupervisedDataSet(X, Y).saveToFile(path)
    checks = []
    check = trainer_module.check_dataset
    monkeypatch.setattr(trainer_module, "check_dataset",
                        lambda *args, **kwargs: checks.append(1) or check(*args, **kwargs))
    net = fitting.build(2, (3,), 3, outclass="softmax", dtype=np.float64)
    trainer = fitting.make_trainer(net, SupervisedDataSet(X, Y), fitting.make_rule(),
                                   loss="crossentropy")
    with DiskDataSet(path, chunk_rows=10) as disk:
        reads = []
        read = disk.read
        monkeypatch.setattr(disk, "read", lambda a, b: reads.append(a) or read(a, b))
        for data in (SupervisedDataSet(X, Y), disk):
            checks.clear()
            score = fitting.validation_score(trainer, data, True)
            reads.clear()
            assert score() == score()
            assert len(checks) == 1                         # when the score was built
            assert len(reads) == (10 if data is disk else 0)    # 5 chunks a score
            wrong = fitting.predicted(fitting.outputs(net, X)) != np.argmax(Y, axis=1)
            assert score() == (np.mean(wrong), trainer.testOnData(data))
