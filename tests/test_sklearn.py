"""brainkit.sklearn: the estimators pass scikit-learn's own checks, work in a
pipeline and a grid search, and expose brainkit's fitted network."""

import json
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest
from sklearn.datasets import load_iris, make_regression
from sklearn.decomposition import PCA
from sklearn.model_selection import GridSearchCV, cross_val_score
from sklearn.pipeline import Pipeline

import brainkit
from brainkit.sklearn import NetworkClassifier, NetworkRegressor
from brainkit.trainers.rules import Adam, GradientDescent, RPropMinus

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Every check check_estimator has (legacy ones included), none expected to
# fail. Run in a child process: the array API check needs SCIPY_ARRAY_API=1
# before scipy is first imported, and would otherwise be skipped.
CHECKS = textwrap.dedent("""
    import json
    from sklearn.utils.estimator_checks import check_estimator
    from brainkit.sklearn import NetworkClassifier, NetworkRegressor
    results = {}
    for est in (NetworkClassifier(), NetworkRegressor(), NetworkClassifier(dtype="float64"),
                NetworkRegressor(dtype="float64")):
        name = f"{type(est).__name__}({est.dtype})"
        results[name] = [(r["check_name"], r["status"], repr(r["exception"])[:400])
                         for r in check_estimator(est, on_fail=None, on_skip=None)]
    print(json.dumps(results))
""")


@pytest.fixture(scope="module")
def check_results():
    env = dict(os.environ, SCIPY_ARRAY_API="1", OPENBLAS_NUM_THREADS="1",
               PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))
    out = subprocess.run([sys.executable, "-c", CHECKS], capture_output=True, text=True,
                         env=env, cwd=ROOT, timeout=600)
    assert out.returncode == 0, out.stderr[-3000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("estimator", ["NetworkClassifier(float32)", "NetworkRegressor(float32)",
                                       "NetworkClassifier(float64)", "NetworkRegressor(float64)"])
def test_check_estimator_passes_every_check(check_results, estimator):
    results = check_results[estimator]
    assert len(results) > 50
    assert [r for r in results if r[1] != "passed"] == []
    assert {"check_array_api_input", "check_estimators_pickle", "check_fit_idempotent",
            "check_methods_subset_invariance"} <= {r[0].split("(")[0] for r in results}


def test_a_grid_search_over_brainkit_estimators_runs_in_a_pipeline():
    X, y = load_iris(return_X_y=True)
    pipe = Pipeline([("pca", PCA(n_components=3)),
                     ("net", NetworkClassifier(max_epochs=60, random_state=0))])
    grid = GridSearchCV(pipe, {"net__hidden": [(4,), (16,)], "net__learning_rate": [0.003, 0.03]},
                        cv=3)
    grid.fit(X, y)
    assert set(grid.cv_results_["params"][0]) == {"net__hidden", "net__learning_rate"}
    assert len(grid.cv_results_["mean_test_score"]) == 4
    assert grid.best_score_ > 0.85
    assert grid.score(X, y) > 0.9
    assert isinstance(grid.best_estimator_["net"].network_, brainkit.FeedForwardNetwork)


def test_cross_val_score_of_a_regressor_is_repeatable():
    X, y = make_regression(n_samples=120, n_features=4, noise=1.0, random_state=0)
    scores = [cross_val_score(NetworkRegressor(hidden=(16,), random_state=3), X, y, cv=3)
              for _ in range(2)]
    np.testing.assert_array_equal(scores[0], scores[1])
    assert scores[0].mean() > 0.9


def test_the_fitted_classifier_exposes_classes_curves_and_a_network_taking_raw_inputs():
    X, y = load_iris(return_X_y=True)
    names = np.array(["setosa", "versicolor", "virginica"])[y]
    clf = NetworkClassifier(hidden=(8,), random_state=0).fit(X * 100, names)
    assert clf.classes_.tolist() == ["setosa", "versicolor", "virginica"]
    proba = clf.predict_proba(X * 100)
    assert proba.shape == (150, 3) and proba.dtype == np.float64
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-6)
    np.testing.assert_allclose(clf.network_.activate(X * 100), proba, rtol=1e-6)
    assert clf.score(X * 100, names) > 0.9
    assert 1 <= clf.n_iter_ <= 200 and len(clf.loss_curve_) == clf.n_iter_
    assert len(clf.validation_loss_curve_) == clf.n_iter_ + 1
    assert 0 <= clf.best_epoch_ <= clf.n_iter_ and clf.loss_ == "crossentropy"
    assert clf.network_.outmodules[0].__class__.__name__ == "SoftmaxLayer"


def test_a_binary_sigmoid_classifier_has_one_output_and_two_probabilities():
    X, y = load_iris(return_X_y=True)
    keep = y < 2
    clf = NetworkClassifier(outclass="sigmoid", hidden=(4,), random_state=0).fit(X[keep], y[keep])
    assert clf.network_.outdim == 1
    assert clf.predict_proba(X[:3]).shape == (3, 2)
    assert clf.score(X[keep], y[keep]) > 0.95


def test_the_regressor_predicts_several_targets_and_folds_their_scaling():
    X, Y = make_regression(n_samples=100, n_features=3, n_targets=2, random_state=1)
    Y = Y * [1.0, 1000.0] + [0.0, 5e4]
    reg = NetworkRegressor(hidden=(16,), random_state=0, dtype="float64").fit(X, Y)
    out = reg.predict(X)
    assert out.shape == (100, 2)
    np.testing.assert_allclose(reg.network_.activate(X), out, rtol=1e-12)
    assert reg.score(X, Y) > 0.9
    assert reg.predict(X[:4, :]).shape == (4, 2)
    assert NetworkRegressor(max_epochs=2).fit(X, Y[:, 0]).predict(X).shape == (100,)


def test_the_network_saves_and_loads_with_the_same_predictions(tmp_path):
    X, y = load_iris(return_X_y=True)
    clf = NetworkClassifier(hidden=(6,), max_epochs=20, random_state=0).fit(X, y)
    path = str(tmp_path / "iris.h5")
    clf.network_.save(path)
    np.testing.assert_array_equal(brainkit.load(path).activate(X), clf.network_.activate(X))


@pytest.mark.parametrize("rule", [Adam(learningrate=0.01), GradientDescent(0.05, momentum=0.5),
                                  RPropMinus()])
def test_a_rule_object_is_used_as_given_and_left_untouched(rule):
    X, y = load_iris(return_X_y=True)
    kept = repr(vars(rule))
    clf = NetworkClassifier(rule=rule, hidden=(8,), max_epochs=40, random_state=0).fit(X, y)
    assert repr(vars(rule)) == kept
    assert clf.score(X, y) > 0.8


def test_rules_by_name_train_too():
    X, y = load_iris(return_X_y=True)
    for rule in ("gradientdescent", "rprop"):
        clf = NetworkClassifier(rule=rule, hidden=(8,), max_epochs=60, random_state=0)
        assert clf.fit(X, y).score(X, y) > 0.8


def test_fits_with_one_seed_agree_and_without_one_differ():
    X, y = load_iris(return_X_y=True)
    a, b = (NetworkClassifier(hidden=(4,), max_epochs=5, random_state=7).fit(X, y)
            for _ in range(2))
    np.testing.assert_array_equal(a.predict_proba(X), b.predict_proba(X))
    np.random.seed(1)
    c = NetworkClassifier(hidden=(4,), max_epochs=5).fit(X, y)
    assert not np.array_equal(a.predict_proba(X), c.predict_proba(X))


@pytest.mark.parametrize("params, message", [
    ({"hidden": 10}, "hidden must be a tuple of positive layer sizes.*got 10"),
    ({"hidden": (10, 0)}, r"hidden must be a tuple.*got \(10, 0\)"),
    ({"max_epochs": 0}, "max_epochs must be an integer >= 1; got 0"),
    ({"patience": 2.5}, "patience must be an integer >= 1; got 2.5"),
    ({"batch_size": 0}, "batch_size must be a positive integer or 'auto'; got 0"),
    ({"validation_fraction": 1.0}, "validation_fraction must be between 0 and 1"),
    ({"scale": "robust"}, "scale must be 'standard', 'minmax' or 'none'; got 'robust'"),
    ({"dtype": "float16"}, "dtype must be 'float32' or 'float64'; got 'float16'"),
    ({"early_stopping": "yes"}, "early_stopping must be True or False"),
    ({"rule": "sgd"}, "expected a rule among adam, gradientdescent, rprop"),
    ({"rule": 3}, "rule must be one of adam, gradientdescent, rprop or a rule object"),
    ({"rule": "rprop", "learning_rate": 0.1}, "rprop takes no learning rate"),
    ({"rule": Adam(), "learning_rate": 0.1}, "give its learning rate to the rule itself"),
    ({"outclass": "linear"}, "outclass must be None, 'softmax' or 'sigmoid'; got 'linear'"),
    ({"hiddenclass": "cubic"}, "expected one of 'sigmoid', 'tanh', 'relu', 'lstm'"),
    ({"loss": "hinge"}, "loss must be one of 'sse', 'mse', 'crossentropy'.*got 'hinge'"),
])
def test_bad_parameters_are_refused_in_fit_saying_what_was_expected(params, message):
    X, y = load_iris(return_X_y=True)
    with pytest.raises(ValueError, match=message):
        NetworkClassifier(**params).fit(X, y)


def test_the_regressor_refuses_a_softmax_output_and_the_classifier_one_class():
    X, y = load_iris(return_X_y=True)
    with pytest.raises(ValueError, match="outclass must be None, 'linear' or 'sigmoid'"):
        NetworkRegressor(outclass="softmax").fit(X, y)
    with pytest.raises(ValueError, match="at least two classes; y holds one class only: 'a'"):
        NetworkClassifier().fit(X, ["a"] * len(X))


def test_training_that_diverges_at_once_is_an_error_that_says_what_to_do():
    X, y = load_iris(return_X_y=True)
    with pytest.raises(FloatingPointError, match="no epoch could be trained: .*lower the "
                                                 "learning rate"):
        NetworkClassifier(rule="gradientdescent", learning_rate=1e9).fit(X, y)
