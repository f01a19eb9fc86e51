"""scikit-learn estimators built on brainkit's networks and trainers.

``NetworkClassifier`` and ``NetworkRegressor`` fit a layered network
(``buildNetwork``) with the defaults ``brainkit train`` measured
(``brainkit.tools.fitting``): inputs scaled to zero mean and unit variance,
Glorot-uniform weights, Adam on the mean loss of each batch (cross-entropy
for classes, mean squared error on standardised targets for numbers),
early stopping on a validation part with the best epoch's weights kept. The
scalings are then folded into the weights, so the fitted ``network_`` is a
plain brainkit network that takes raw inputs and gives raw outputs: save it
(``network_.save('model.h5')``), export it to ONNX, or train it further.

They pass scikit-learn's ``check_estimator`` (every check, legacy ones
included) and work in ``Pipeline``, ``GridSearchCV`` and
``cross_val_score``. scikit-learn is imported here only (an optional extra:
``pip install "brainkit[sklearn]"``).

>>> from sklearn.datasets import load_iris
>>> X, y = load_iris(return_X_y=True)
>>> clf = NetworkClassifier(hidden=(16,), random_state=0).fit(X, y)
>>> clf.classes_.tolist(), clf.predict_proba(X[:2]).shape
([0, 1, 2], (2, 3))
>>> bool(clf.score(X, y) > 0.9)
True
"""

import numbers

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, RegressorMixin
from sklearn.preprocessing import LabelEncoder
from sklearn.utils import check_random_state, column_or_1d
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, validate_data

from brainkit.tools import fitting

__all__ = ["NetworkClassifier", "NetworkRegressor"]


class _NetworkEstimator(BaseEstimator):
    """What both estimators share; see the subclasses for the parameters."""

    _classification = False

    def __init__(self, hidden=(100,), hiddenclass="relu", outclass=None, loss=None,
                 rule="adam", learning_rate=None, momentum=0.9, weight_decay=1e-4,
                 batch_size="auto", max_epochs=200, early_stopping=True,
                 validation_fraction=0.2, patience=None, scale="standard",
                 random_state=None, dtype="float32"):
        self.hidden = hidden
        self.hiddenclass = hiddenclass
        self.outclass = outclass
        self.loss = loss
        self.rule = rule
        self.learning_rate = learning_rate
        self.momentum = momentum
        self.weight_decay = weight_decay
        self.batch_size = batch_size
        self.max_epochs = max_epochs
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.patience = patience
        self.scale = scale
        self.random_state = random_state
        self.dtype = dtype

    # checks of the parameters, made in fit (scikit-learn's rule) --------------

    def _check_params(self):
        name = type(self).__name__
        if (not isinstance(self.hidden, (tuple, list))
                or not all(isinstance(h, numbers.Integral) and not isinstance(h, bool) and h > 0
                           for h in self.hidden)):
            raise ValueError(f"{name}: hidden must be a tuple of positive layer sizes, e.g. "
                             f"(100,) or (64, 32) (() for none); got {self.hidden!r}")
        for label, value, low in (("max_epochs", self.max_epochs, 1),
                                  ("patience", self.patience, 1)):
            if value is None and label == "patience":
                continue
            if not isinstance(value, numbers.Integral) or isinstance(value, bool) or value < low:
                raise ValueError(f"{name}: {label} must be an integer >= {low}; got {value!r}")
        if not (self.batch_size == "auto" or (isinstance(self.batch_size, numbers.Integral)
                                              and not isinstance(self.batch_size, bool)
                                              and self.batch_size > 0)):
            raise ValueError(f"{name}: batch_size must be a positive integer or 'auto'; got "
                             f"{self.batch_size!r}")
        if not (isinstance(self.validation_fraction, numbers.Real)
                and 0 < self.validation_fraction < 1):
            raise ValueError(f"{name}: validation_fraction must be between 0 and 1 "
                             f"(exclusive); got {self.validation_fraction!r}")
        if self.scale not in ("standard", "minmax", "none"):
            raise ValueError(f"{name}: scale must be 'standard', 'minmax' or 'none'; got "
                             f"{self.scale!r}")
        if str(self.dtype) not in ("float32", "float64"):
            raise ValueError(f"{name}: dtype must be 'float32' or 'float64'; got "
                             f"{self.dtype!r}")
        if not isinstance(self.early_stopping, (bool, np.bool_)):
            raise ValueError(f"{name}: early_stopping must be True or False; got "
                             f"{self.early_stopping!r}")

    def _fit(self, X, Y, outclass):
        """Fit ``network_`` to inputs X and targets Y (N, outputs), holding out
        a validation part for early stopping; sets the fitted attributes."""
        self._check_params()
        seed = int(check_random_state(self.random_state).randint(np.iinfo(np.int32).max))
        held_out = self.early_stopping and len(X) >= fitting.SMALL     # (no part of tiny data)
        fraction = self.validation_fraction if held_out else 0.0
        train, valid, _ = fitting.split(len(X), fraction, 0.0, seed)
        done = fitting.fit(
            X[train], Y[train], self._classification,
            (X[valid], Y[valid]) if len(valid) else None, hidden=tuple(self.hidden),
            hiddenclass=self.hiddenclass, outclass=outclass, loss=self.loss, rule=self.rule,
            learning_rate=self.learning_rate, momentum=self.momentum,
            weight_decay=self.weight_decay, batch_size=self.batch_size,
            max_epochs=self.max_epochs, patience=self.patience, scale=self.scale, seed=seed,
            dtype=self.dtype)
        self.network_ = done.net
        self.n_iter_ = done.ran
        self.best_epoch_ = done.kept
        self.loss_ = done.loss
        self.loss_curve_ = [float(e) for e in done.trainer.trainingErrors]
        self.validation_loss_curve_ = [float(e) for e in done.trainer.validationErrors]
        return self

    def _outputs(self, X):
        check_is_fitted(self, "network_")
        X = validate_data(self, X, reset=False, dtype=[np.float64, np.float32])
        out = fitting.outputs(self.network_, X.astype(self.network_.dtype, copy=False))
        return out.astype(np.float64)



class NetworkClassifier(ClassifierMixin, _NetworkEstimator):
    """A layered network classifier (softmax outputs, one per class).

    Parameters
    ----------
    hidden : tuple of int, default (100,)
        Sizes of the hidden layers (``()``: none).
    hiddenclass : 'relu', 'tanh', 'sigmoid', 'lstm' or a layer class
        The hidden units (default 'relu').
    outclass : None, 'softmax' or 'sigmoid'
        Output units: None is softmax; 'sigmoid' gives binary problems one
        output, and several classes one output each (probabilities are the
        outputs divided by their sum).
    loss : None, 'crossentropy', 'mse' or 'sse'
        What training minimises (None: cross-entropy), averaged over each
        batch (``brainkit.trainers.losses``).
    rule : 'adam', 'gradientdescent', 'rprop' or a rule object
        The update rule (``brainkit.trainers.rules``: ``Adam``,
        ``GradientDescent``, ``RPropMinus``); an object is copied for each
        fit. 'rprop' makes one full-batch step an epoch.
    learning_rate : float or None
        The rule's learning rate (None: 0.001 for Adam, 0.01 for gradient
        descent); not for 'rprop' nor with a rule object.
    momentum : float, default 0.9
        Momentum of 'gradientdescent'.
    weight_decay : float, default 1e-4
        Each step also pulls the weights towards 0.
    batch_size : int or 'auto'
        Samples per update ('auto': 32, or 64 from 2000 training rows up).
    max_epochs : int, default 200
        At most this many passes over the training data.
    early_stopping : bool, default True
        Hold out ``validation_fraction`` of the data (none below 20 samples),
        stop when its score (error rate, then loss) has not improved for
        ``patience`` epochs (None: 10, but at least 300 updates) and keep the
        weights of the best epoch.
    scale : 'standard', 'minmax' or 'none'
        Input scaling, learned from the training part and folded into
        ``network_``.
    random_state : int, RandomState or None
        Seeds the split, the initial weights and the sample order.
    dtype : 'float32' or 'float64'
        The network's numbers: float32 (the default, as for ``brainkit
        train``) is about twice as fast and as accurate for training;
        float64 gives outputs that do not depend on the batch a sample is
        predicted in, to the last digit. Predictions are float64 either way.

    Attributes
    ----------
    classes_, network_ (the fitted brainkit network, taking raw inputs),
    n_iter_ (epochs run), best_epoch_ (the epoch whose weights were kept; 0
    is the untrained network), loss_ (the loss's name), loss_curve_ (the
    training loss of every epoch), validation_loss_curve_ (the validation
    loss before training and after every epoch; empty without early
    stopping), n_features_in_, feature_names_in_.
    """

    _classification = True

    def fit(self, X, y):
        """Fit the network to inputs X (n_samples, n_features) and class labels y."""
        X, y = validate_data(self, X, y, dtype=[np.float64, np.float32])
        y = column_or_1d(y, warn=True)
        check_classification_targets(y)
        encoder = LabelEncoder().fit(y)
        classes = encoder.classes_
        if len(classes) < 2:
            raise ValueError(f"{type(self).__name__} needs samples of at least two classes; "
                             f"y holds one class only: {classes.tolist()[0]!r}")
        if self.outclass not in (None, "softmax", "sigmoid"):
            raise ValueError(f"{type(self).__name__}: outclass must be None, 'softmax' or "
                             f"'sigmoid'; got {self.outclass!r}")
        labels = encoder.transform(y)
        outclass = fitting.output_class(self.outclass, True)
        if outclass == "sigmoid" and len(classes) == 2:
            Y = labels[:, None].astype(float)
        else:
            Y = np.eye(len(classes))[labels]
        self._fit(X, Y, outclass)
        self.classes_ = classes
        return self

    def predict_proba(self, X):
        """Class probabilities, (n_samples, n_classes), columns in ``classes_`` order."""
        out = self._outputs(X)
        if out.shape[1] == 1:
            return np.hstack([1.0 - out, out])
        if self.outclass == "sigmoid":
            total = out.sum(axis=1, keepdims=True)
            return np.divide(out, total, out=np.full_like(out, 1.0 / out.shape[1]),
                             where=total > 0)
        return out

    def predict_log_proba(self, X):
        """The log of ``predict_proba`` (-inf for a probability of 0)."""
        with np.errstate(divide="ignore"):
            return np.log(self.predict_proba(X))

    def predict(self, X):
        """The most probable class of each sample."""
        proba = self.predict_proba(X)       # first: it says when the model is not fitted
        return self.classes_[np.argmax(proba, axis=1)]


class NetworkRegressor(RegressorMixin, _NetworkEstimator):
    """A layered network regressor (linear outputs, one per target).

    The parameters are ``NetworkClassifier``'s, except ``outclass`` (None or
    'linear': linear outputs; 'sigmoid': outputs in (0, 1)) and ``loss``
    (None is the mean squared error). Targets are scaled to zero mean and
    unit variance for training (with linear outputs and hidden layers) and
    the scaling folded into ``network_``. y may have several columns; the
    predictions then have as many.

    >>> import numpy as np
    >>> X = np.linspace(-1, 1, 40)[:, None]
    >>> reg = NetworkRegressor(hidden=(16,), random_state=0).fit(X, 2 * X[:, 0] + 1)
    >>> bool(abs(reg.predict([[0.5]])[0] - 2.0) < 0.2)
    True
    """

    def fit(self, X, y):
        """Fit the network to inputs X (n_samples, n_features) and targets y
        (n_samples,) or (n_samples, n_targets)."""
        X, y = validate_data(self, X, y, dtype=[np.float64, np.float32], multi_output=True,
                             y_numeric=True)
        if self.outclass not in (None, "linear", "sigmoid"):
            raise ValueError(f"{type(self).__name__}: outclass must be None, 'linear' or "
                             f"'sigmoid'; got {self.outclass!r}")
        self._one_target = y.ndim == 1
        Y = np.asarray(y, dtype=np.float64).reshape(len(y), -1)
        return self._fit(X, Y, fitting.output_class(self.outclass, False))

    def predict(self, X):
        """The network's outputs: (n_samples,) for one target, else (n_samples, n_targets)."""
        out = self._outputs(X)
        return out[:, 0] if self._one_target else out

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        return tags
