"""Fitting a layered network to arrays: the pieces ``brainkit train`` and the
scikit-learn estimators (``brainkit.sklearn``) share.

The defaults were chosen by measurement (``bench/vs_sklearn.py``, on breast
cancer, wine, diabetes and 5000 MNIST digits): inputs scaled to zero mean and
unit variance (and regression targets too), Glorot-uniform weights (also for
ReLU units, which measured better than He's there), Adam on the mean loss of
each batch (cross-entropy for classes after a softmax or sigmoid, else mean
squared error), batches of 32 (64 from ``BIG`` training rows up), and early
stopping on a validation part with the best epoch's weights kept. After
training the scalings are folded into the weights, so the network takes raw
inputs and gives raw outputs.

>>> import numpy as np
>>> X = np.array([[0., 10.], [2., 30.]])
>>> shift, scale = input_scaling(X, "standard")
>>> ((X - shift) / scale).tolist()
[[-1.0, -1.0], [1.0, 1.0]]
"""

import copy
import math
from types import SimpleNamespace

import numpy as np

SMALL = 20          # fewer samples than this: no validation part by default
PATIENCE = 10       # epochs without progress before training stops, at least
PATIENCE_UPDATES = 300  # ... and at least this many updates (small data: more epochs)
GAIN = 1e-3         # what counts as progress: a validation error 0.1 % below the best so far
DIVERGED = 10.0     # a validation loss this many times the untrained network's: diverged
DEFAULT_LR = {"adam": 0.001, "gradientdescent": 0.01}
EVAL_ROWS = 4096    # samples per forward pass when evaluating
BIG = 2000          # training rows from which batches of 64 are the default (else 32)
HIDDEN = ("sigmoid", "tanh", "relu", "lstm")
OUTPUT = ("linear", "sigmoid", "softmax")
RULES = ("adam", "gradientdescent", "rprop")


def default_batchsize(n_train):
    """Batches of 32, or of 64 from ``BIG`` training rows up (as good, faster)."""
    return 64 if n_train >= BIG else 32


def default_patience(rule, n_train, batchsize):
    """``PATIENCE`` epochs, but at least ``PATIENCE_UPDATES`` updates (of
    ``n_train`` samples in batches; rprop, by name or a ``RPropMinus`` rule,
    makes one update an epoch)."""
    from brainkit.trainers.rules import RPropMinus
    full_batch = isinstance(rule, RPropMinus) or (isinstance(rule, str) and rule == "rprop")
    updates = 1 if full_batch else math.ceil(n_train / batchsize)
    return max(PATIENCE, math.ceil(PATIENCE_UPDATES / updates))


def split(n, validation, test, seed):
    """Row indices of the training, validation and test parts (a seeded shuffle)."""
    order = np.random.default_rng(seed).permutation(n)
    n_test, n_valid = int(round(n * test)), int(round(n * validation))
    return order[n_test + n_valid:], order[n_test:n_test + n_valid], order[:n_test]


def input_scaling(X, how):
    """(shift, scale) with (X - shift) / scale of zero mean and unit variance
    ('standard') or in [0, 1] ('minmax'); 'none' is (0, 1). A constant column
    keeps scale 1."""
    if how == "standard":
        shift, scale = X.mean(axis=0), X.std(axis=0)
    elif how == "minmax":
        shift, scale = X.min(axis=0), np.ptp(X, axis=0)
    else:
        shift, scale = np.zeros(X.shape[1]), np.ones(X.shape[1])
    return shift, np.where(scale > 0, scale, 1.0)


def fold_input_scaling(net, shift, scale):
    """Rewrite ``net`` so that ``net(x)`` equals the old ``net((x - shift) / scale)``.

    Each connection from the (only) input module must be a FullConnection
    over its whole output whose target is also fed by a BiasUnit: with
    W (x - m) / s + b = (W / s) x + (b - (W / s) m), W becomes W / s and the
    bias weights b become b - (W / s) m.
    """
    from brainkit.structure.connections.full import FullConnection
    from brainkit.structure.modules.biasunit import BiasUnit
    inmod = net.inmodules[0]
    conns = net._all_connections()
    for c in (c for c in conns if c.inmod is inmod):
        biases = [b for b in conns if isinstance(b, FullConnection)
                  and isinstance(b.inmod, BiasUnit) and b.outmod is c.outmod
                  and (b.outSliceFrom, b.outSliceTo) == (c.outSliceFrom, c.outSliceTo)]
        if (len(net.inmodules) != 1 or not isinstance(c, FullConnection) or not biases
                or c.indim != inmod.outdim or any(c is r for r in net.recurrentConns)):
            raise ValueError(f"cannot fold the input scaling into {c!r}: it needs a "
                             "FullConnection from the only input module and a bias")
        c.weights /= scale
        biases[0].weights[:, 0] -= c.weights @ shift


def target_scaling(Y):
    """(shift, scale) giving regression targets zero mean and unit variance."""
    return input_scaling(Y, "standard")


def scales_targets(classification, outclass, hidden):
    """Whether training scales the targets to zero mean and unit variance:
    for numbers predicted by linear outputs after hidden layers (the
    scaling is then folded into the output layer)."""
    return not classification and outclass == "linear" and len(hidden) > 0


class Scaling:
    """The affine maps training works in: inputs (X - shift) / scale and
    targets (Y - yshift) / yscale (zeros and ones: the targets as they are).

    >>> s = Scaling.learn(np.array([[0.], [2.]]), np.array([[1.], [3.]]), "standard", True)
    >>> s.data(np.array([[2.]]), np.array([[3.]]), "float64")["target"].tolist()
    [[1.0]]
    """

    def __init__(self, shift, scale, yshift, yscale):
        self.shift, self.scale, self.yshift, self.yscale = shift, scale, yshift, yscale

    @classmethod
    def learn(cls, X, Y, how, targets, inputs=input_scaling):
        """From training rows X (N, d) and Y (N, k): the inputs' by
        ``inputs(X, how)`` (``input_scaling``), the targets' by
        ``target_scaling`` when ``targets`` (see ``scales_targets``)."""
        shift, scale = inputs(X, how)
        yshift, yscale = (target_scaling(Y) if targets
                          else (np.zeros(Y.shape[1]), np.ones(Y.shape[1])))
        return cls(shift, scale, yshift, yscale)

    def data(self, X, Y, dtype):
        """The rows X, Y scaled, as a SupervisedDataSet of ``dtype``."""
        from brainkit.datasets import SupervisedDataSet
        return SupervisedDataSet.fromArrays(((X - self.shift) / self.scale).astype(dtype),
                                            ((Y - self.yshift) / self.yscale).astype(dtype))

    def fold(self, net, fold_inputs=None):
        """Rewrite the trained ``net`` to take raw inputs and give raw outputs:
        ``fold_inputs(net, shift, scale)`` (default ``fold_input_scaling``),
        and ``fold_output_scaling`` when the targets were scaled."""
        (fold_inputs or fold_input_scaling)(net, self.shift, self.scale)
        if np.any(self.yshift != 0) or np.any(self.yscale != 1):
            fold_output_scaling(net, self.yshift, self.yscale)


def fold_output_scaling(net, shift, scale):
    """Rewrite ``net`` so that ``net(x)`` equals ``old net(x) * scale + shift``.

    The output module must be a LinearLayer fed by FullConnections, one of
    them from a BiasUnit: with y = s (W h + b) + m, each W becomes s W and the
    bias weights b become s b + m.
    """
    from brainkit.structure.connections.full import FullConnection
    from brainkit.structure.modules.biasunit import BiasUnit
    from brainkit.structure.modules.linearlayer import LinearLayer
    out = net.outmodules[0]
    conns = [c for c in net._all_connections() if c.outmod is out]
    biases = [c for c in conns if isinstance(c.inmod, BiasUnit)]
    if (len(net.outmodules) != 1 or type(out) is not LinearLayer or len(biases) != 1
            or not all(isinstance(c, FullConnection) and c.outdim == out.indim for c in conns)):
        raise ValueError("cannot fold the target scaling into the network: it needs one "
                         "LinearLayer output fed by FullConnections and a bias")
    for c in conns:
        c.weights *= scale[:, None]
    biases[0].weights[:, 0] += shift


def layer_class(name, kinds):
    """The layer class of a name in ``kinds`` (HIDDEN or OUTPUT), or a class as it is."""
    from brainkit import structure
    if isinstance(name, type):
        return name
    classes = {"sigmoid": structure.SigmoidLayer, "tanh": structure.TanhLayer,
               "relu": structure.ReluLayer, "lstm": structure.LSTMLayer,
               "linear": structure.LinearLayer, "softmax": structure.SoftmaxLayer}
    if name not in kinds:
        raise ValueError(f"expected one of {', '.join(repr(k) for k in kinds)} or a layer "
                         f"class; got {name!r}")
    return classes[name]


def build(indim, hidden, outdim, hiddenclass="relu", outclass="linear", seed=0,
          dtype=np.float32):
    """buildNetwork(indim, *hidden, outdim) with a bias everywhere and
    Glorot-uniform weights drawn from ``seed``."""
    from brainkit.tools.shortcuts import buildNetwork
    return buildNetwork(indim, *hidden, outdim, hiddenclass=layer_class(hiddenclass, HIDDEN),
                        outclass=layer_class(outclass, OUTPUT), init="glorot",
                        rng=np.random.default_rng(seed), dtype=dtype)


def output_class(outclass, classification):
    """``outclass``, or by default softmax outputs for classes and linear ones
    for numbers."""
    return outclass or ("softmax" if classification else "linear")


def default_loss(classification, outclass):
    """Cross-entropy for classes after softmax and sigmoid outputs, else mean
    squared error."""
    return "crossentropy" if classification and outclass in ("softmax", "sigmoid") else "mse"


def make_rule(rule="adam", lr=None, momentum=0.9, weightdecay=0.0):
    """The update rule of that name (``RULES``): Adam, gradient descent with
    momentum, or RProp- (which takes no learning rate); ``lr`` None is
    ``DEFAULT_LR``. A rule object (``brainkit.trainers.rules``) comes back as
    a fresh copy: a rule keeps state, and the one given stays as it is."""
    from brainkit.trainers.rules import Adam, GradientDescent, RPropMinus
    if not isinstance(rule, str):
        if not (callable(getattr(rule, "step", None)) and callable(getattr(rule, "reset", None))):
            raise ValueError(f"rule must be one of {', '.join(RULES)} or a rule object from "
                             f"brainkit.trainers.rules; got {rule!r}")
        if lr is not None:
            raise ValueError("with a rule object give its learning rate to the rule itself "
                             "(e.g. Adam(learningrate=0.01)) and leave the learning rate unset")
        rule = copy.deepcopy(rule)
        rule.reset()
        return rule
    if rule not in RULES:
        raise ValueError(f"expected a rule among {', '.join(RULES)} (or a rule object from "
                         f"brainkit.trainers.rules); got {rule!r}")
    if rule == "rprop":
        if lr is not None:
            raise ValueError("rprop takes no learning rate (its steps adapt per weight); "
                             "leave the learning rate unset")
        return RPropMinus(weightdecay=weightdecay)
    lr = DEFAULT_LR[rule] if lr is None else lr
    if rule == "adam":
        return Adam(learningrate=lr, weightdecay=weightdecay)
    return GradientDescent(lr, momentum=momentum, weightdecay=weightdecay)


def make_trainer(net, ds, rule, batchsize=32, seed=0, loss="mse"):
    """A trainer applying ``rule`` (a rule object) to the mean loss of each
    batch of ``batchsize`` samples (RProp-: of the whole data, in order). A
    loss that does not fit the output layer raises ValueError."""
    from brainkit.trainers import BackpropTrainer, RPropMinusTrainer
    from brainkit.trainers.rules import RPropMinus
    common = dict(seed=seed, loss=loss, reduction="mean")
    if isinstance(rule, RPropMinus):
        trainer = RPropMinusTrainer(net, ds, **common)
        trainer.descent = rule
        return trainer
    return BackpropTrainer(net, ds, batchsize=batchsize, rule=rule, **common)


def outputs(net, X):
    """The outputs for the rows of X, (N, outdim), each row a sample of its own
    (a recurrent network starts every row from a reset state)."""
    parts = []
    for start in range(0, len(X), EVAL_ROWS):
        if net.sequential:
            net.reset()
        parts.append(np.atleast_2d(net.activate(X[start:start + EVAL_ROWS])))
    if net.sequential:
        net.reset()
    return np.concatenate(parts) if parts else np.zeros((0, net.outdim))


def predicted(out):
    """Class numbers: the argmax of the outputs, or output > 0.5 for one output."""
    return (out[:, 0] > 0.5).astype(int) if out.shape[1] == 1 else np.argmax(out, axis=1)


def validation_score(trainer, ds, classes):
    """A function giving the validation score of ``trainer.module`` on ``ds``
    (plain data, in memory or read in chunks): (error rate, loss) for
    ``classes``, (loss,) for numbers; see Stopper. Both come from one pass
    over the data, which is checked once, here. None when there is no
    validation data."""
    if ds is None:
        return None
    loss = trainer.scorer(ds)
    if not classes:
        return lambda: (loss(),)

    def score():
        counts = [0, 0]         # wrong, samples

        def count(out, targets):
            out, targets = out.reshape(-1, out.shape[-1]), targets.reshape(-1, targets.shape[-1])
            counts[0] += int(np.sum(predicted(out) != target_labels(targets)))
            counts[1] += len(out)
        value = loss(count)
        return (counts[0] / max(counts[1], 1), value)
    return score


def target_labels(targets):
    """Class numbers of one-of-many target rows (or of one 0/1 column)."""
    return np.argmax(targets, axis=1) if targets.shape[1] > 1 else targets[:, 0] > 0.5


def error_rate(net, ds):
    """The fraction of samples of data read in chunks whose class ``net``
    gets wrong, chunk by chunk."""
    wrong = total = 0
    for k in range(len(ds.bounds) - 1):
        X, Y, _ = ds.chunk(k)
        wrong += int(np.sum(predicted(outputs(net, X)) != target_labels(Y)))
        total += len(X)
    return wrong / max(total, 1)


class Stopper:
    """Early stopping. A score is (error rate, loss) for classes and (loss,)
    for numbers. The weights kept are those of the best score (the lowest
    error rate, at an equal rate the lowest loss; the untrained network's
    counts too); training stops when ``patience`` epochs went by in which
    neither the error rate fell below its lowest nor the loss ``GAIN`` below
    its lowest."""

    def __init__(self, score, params, patience=PATIENCE):
        self.best, self.params, self.epoch = score, params.copy(), 0
        self.lowest, self.progress = list(score), 0
        self.untrained = score[-1]
        self.patience = patience

    def update(self, epoch, score, params):
        if score < self.best:
            self.best, self.epoch = score, epoch
            self.params = params.copy()
        *rate, loss = score
        if (rate and rate[0] < self.lowest[0]) or loss < (1 - GAIN) * self.lowest[-1]:
            self.progress = epoch
        self.lowest = [min(a, b) for a, b in zip(self.lowest, score)]

    def stalled(self, epoch):
        return epoch - self.progress >= self.patience

    def diverged(self, loss):
        """Why the validation loss says training diverged (None if it does not)."""
        if not math.isfinite(loss):
            return "the validation error is not finite"
        if loss > DIVERGED * max(self.untrained, self.best[-1]):
            return (f"the validation error grew to {loss:.3g}, over {DIVERGED:g} times the "
                    f"untrained network's ({self.untrained:.3g})")
        return None


def run_epochs(trainer, valid, epochs, until_convergence, progress=None, patience=PATIENCE):
    """Train ``epochs`` epochs, or until the validation score has not improved
    for ``patience`` epochs (see ``Stopper``), and keep the parameters of its
    best epoch (0: the untrained network). ``valid`` is None or a function
    returning the validation score of the network as it is. Training that
    diverges (the trainer's own check, or a validation loss far past the
    untrained network's) stops at once with the best weights kept. The curves
    are left in ``trainer.trainingErrors`` and ``trainer.validationErrors``
    (which starts with the error before training). ``progress``, if given,
    has ``update(epoch, training error, validation error or None, final)``
    and ``close()``. Returns (epochs run, epoch kept, None or why training
    diverged)."""
    net = trainer.module
    trainer.trainingErrors, trainer.validationErrors = [], []
    stopper = None
    if valid is not None:
        score = valid()
        trainer.validationErrors.append(score[-1])
        stopper = Stopper(score, net.params, patience)
    epoch, diverged = 0, None
    try:
        for epoch in range(1, epochs + 1):
            try:
                trainer.trainingErrors.append(trainer.train())
            except FloatingPointError as exc:
                diverged = str(exc)
                epoch -= 1
                break
            score = None if valid is None else valid()
            if score is not None:
                trainer.validationErrors.append(score[-1])
                diverged = stopper.diverged(score[-1])
                if diverged:        # this epoch's weights do not count, as above
                    epoch -= 1
                    break
                stopper.update(epoch, score, net.params)
            stop = until_convergence and stopper.stalled(epoch)
            if progress is not None:
                progress.update(epoch, trainer.trainingErrors[-1],
                                None if score is None else score[-1],
                                final=stop or epoch == epochs)
            if stop:
                break
    finally:
        if progress is not None:
            progress.close()
    if stopper is not None and (until_convergence or diverged):
        net._setParameters(stopper.params)
        return epoch, stopper.epoch, diverged
    return epoch, epoch, diverged


def train(trainer, valid, classification, epochs, until_convergence, progress=None,
          patience=None):
    """``run_epochs`` of ``trainer``, scored on ``valid`` (a data set scaled
    like the training data, or None) by ``validation_score``; ``patience``
    None is ``default_patience`` of the trainer's rule and data. Returns
    (epochs run, epoch kept, None or why training diverged)."""
    patience = patience or default_patience(trainer.descent, len(trainer.ds), trainer.batchsize)
    return run_epochs(trainer, validation_score(trainer, valid, classification), epochs,
                      until_convergence, progress, patience)


def fit(X, Y, classification, valid=None, hidden=(100,), hiddenclass="relu", outclass=None,
        loss=None, rule="adam", learning_rate=None, momentum=0.9, weight_decay=1e-4,
        batch_size="auto", max_epochs=200, patience=None, scale="standard", seed=0,
        dtype="float32"):
    """Scale, build, train and fold a layered network for inputs X (N, d) and
    targets Y (N, k) (one-of-many rows, or one 0/1 column after a sigmoid,
    for ``classification``), with the defaults in the module doc.

    ``valid``, a pair (X, Y) of validation rows, turns on early stopping
    (``run_epochs``): training stops when its score stalls and the best
    epoch's weights are kept; without it ``max_epochs`` are trained. The
    scalings are learned from X (and Y, for numbers with linear outputs and
    hidden layers) and folded into the network, which therefore takes raw
    inputs and gives raw outputs. Returns a namespace: ``net``, ``trainer``
    (its ``trainingErrors``/``validationErrors`` hold the curves in scaled
    units), ``ran`` (epochs), ``kept`` (the epoch whose weights were kept),
    ``diverged`` (None or why) and ``loss`` (its name). Training that
    diverges in its first epoch raises FloatingPointError (saying why and
    what to do).
    """
    dtype = np.dtype(str(dtype))
    outclass = output_class(outclass, classification)
    scaling = Scaling.learn(X, Y, scale, scales_targets(classification, outclass, hidden))
    net = build(X.shape[1], tuple(hidden), Y.shape[1], hiddenclass, outclass, seed=seed,
                dtype=dtype)
    loss = loss or default_loss(classification, outclass)
    rule = make_rule(rule, learning_rate, momentum, weight_decay)
    batch = default_batchsize(len(X)) if batch_size == "auto" else batch_size
    trainer = make_trainer(net, scaling.data(X, Y, dtype), rule, batch, seed, loss)
    valid_ds = scaling.data(*valid, dtype) if valid is not None and len(valid[0]) else None
    ran, kept, diverged = train(trainer, valid_ds, classification, max_epochs,
                                valid_ds is not None, None, patience)
    if ran == 0 and diverged:
        raise FloatingPointError(f"no epoch could be trained: {diverged}")
    scaling.fold(net)
    return SimpleNamespace(net=net, trainer=trainer, ran=ran, kept=kept, diverged=diverged,
                           loss=loss)
