"""What ``brainkit train`` does between reading the data and reporting.

The data are split (seeded) into training and validation parts (and a test
part only when asked), the inputs scaled from the training part (and the
targets of a regression, to zero mean and unit variance), a network built
with Glorot-uniform weights (also for ReLU units, which measured better here
than He's on the data sets below), trained with
Adam on the mean loss of each batch until the validation error stops
improving, and the scalings then folded into the network, so that the saved
model takes raw inputs and gives raw outputs.

The defaults were chosen by measurement (``bench/vs_sklearn.py``) on four
real data sets (breast cancer, wine, diabetes, 5000 MNIST digits).
"""

import math
import sys
import time

import numpy as np

from brainkit.cli.errors import UsageError, UserError

SMALL = 20          # fewer samples than this: no validation part by default
VALIDATION = 0.2    # the default validation fraction
PATIENCE = 10       # epochs without progress before training stops, at least
PATIENCE_UPDATES = 300  # ... and at least this many updates (small data: more epochs)
GAIN = 1e-3         # what counts as progress: a validation error 0.1 % below the best so far
DIVERGED = 10.0     # a validation loss this many times the untrained network's: diverged
DEFAULT_LR = {"adam": 0.001, "backprop": 0.01}
BIG = 2000          # training rows from which batches of 64 are the default (else 32)


def resolve_options(args, n):
    """Fill in the defaults that depend on the trainer and on the number of
    samples ``n``; return notes for the user."""
    if args.trainer == "rprop":
        for flag in ("lr", "momentum", "batchsize"):
            if getattr(args, flag) is not None:
                raise UsageError(f"--{flag} does not apply to --trainer rprop (full-batch "
                                 "steps of adaptive size) (see 'brainkit train --help')")
    if args.trainer == "adam" and args.momentum is not None:
        raise UsageError("--momentum does not apply to --trainer adam (it keeps its own "
                         "moments) (see 'brainkit train --help')")
    if args.test_file is not None and args.test_fraction is not None:
        raise UsageError("give --test FILE or --test-fraction, not both "
                         "(see 'brainkit train --help')")
    args.lr = args.lr if args.lr is not None else DEFAULT_LR.get(args.trainer)
    args.momentum = 0.9 if args.momentum is None else args.momentum
    notes = []
    if args.validation is None:
        args.validation = 0.0 if n < SMALL else VALIDATION
    test = args.test_fraction or 0.0
    if n < SMALL and args.validation == 0:
        notes.append(f"only {n} samples: training on all of them, no validation part")
    if args.validation + test >= 1:
        raise UserError(f"--validation {args.validation:g} and --test-fraction {test:g} leave "
                        "no training data; their sum must be below 1")
    if args.batchsize is None:      # larger data: larger batches, faster and as good
        args.batchsize = 64 if n * (1 - args.validation - test) >= BIG else 32
    has_validation = int(round(n * args.validation)) > 0
    if args.epochs is None and args.until_convergence is None:
        args.until_convergence = has_validation
        if not has_validation:
            notes.append(f"no validation part: training {args.max_epochs} epochs")
    if args.until_convergence and not has_validation:
        raise UserError("--until-convergence needs validation data: give --validation "
                        "a fraction above 0 (or train a fixed number of --epochs)")
    return notes


def patience(args, n):
    """``--patience``, or by default ``PATIENCE`` epochs but at least
    ``PATIENCE_UPDATES`` updates (of ``n`` training samples in batches)."""
    if args.patience is not None:
        return args.patience
    updates = 1 if args.trainer == "rprop" else math.ceil(n / args.batchsize)
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


def make_network(args, indim, outdim, classification):
    """buildNetwork from the options; ``args.outclass`` is filled in."""
    from brainkit import structure
    from brainkit.tools.shortcuts import buildNetwork
    hidden = {"sigmoid": structure.SigmoidLayer, "tanh": structure.TanhLayer,
              "relu": structure.ReluLayer, "lstm": structure.LSTMLayer}[args.hiddenclass]
    args.outclass = args.outclass or ("softmax" if classification else "linear")
    out = {"linear": structure.LinearLayer, "sigmoid": structure.SigmoidLayer,
           "softmax": structure.SoftmaxLayer}[args.outclass]
    return buildNetwork(indim, *args.hidden, outdim, hiddenclass=hidden, outclass=out,
                        init="glorot",
                        rng=np.random.default_rng(args.seed), dtype=args.dtype)


def choose_loss(args, classification):
    """``args.loss``, or cross-entropy for classes after softmax and sigmoid
    outputs, else mean squared error."""
    if args.loss is None:
        args.loss = ("crossentropy" if classification and args.outclass in ("softmax", "sigmoid")
                     else "mse")
    return args.loss


def make_trainer(args, net, ds):
    """The trainer of the options; every update is from the batch's mean loss."""
    from brainkit.trainers import BackpropTrainer, RPropMinusTrainer
    from brainkit.trainers.rules import Adam
    common = dict(seed=args.seed, loss=args.loss, reduction="mean")
    try:
        if args.trainer == "rprop":
            return RPropMinusTrainer(net, ds, weightdecay=args.weightdecay, **common)
        if args.trainer == "adam":
            rule = Adam(learningrate=args.lr, weightdecay=args.weightdecay)
            return BackpropTrainer(net, ds, batchsize=args.batchsize, rule=rule, **common)
        return BackpropTrainer(net, ds, learningrate=args.lr, momentum=args.momentum,
                               weightdecay=args.weightdecay, batchsize=args.batchsize,
                               **common)
    except ValueError as exc:         # a loss that does not fit the output layer
        raise UserError(f"{exc} (--loss, --outclass)") from None


class Progress:
    """Epoch progress on stderr: a tqdm bar on a terminal; otherwise plain
    lines, for the first epoch, at most one a second after it, and the last;
    nothing when ``quiet``."""

    def __init__(self, total, quiet):
        self.mode = "none" if quiet else "bar" if sys.stderr.isatty() else "lines"
        self.total, self.last = total, 0.0
        if self.mode == "bar":
            from tqdm import tqdm
            self.bar = tqdm(total=total, desc="training", unit="epoch", file=sys.stderr,
                            dynamic_ncols=True)

    def update(self, epoch, train_error, valid_error, final=False):
        if self.mode == "bar":
            self.bar.update(1)
            self.bar.set_postfix_str(f"train {train_error:.4g}" + (
                "" if valid_error is None else f" valid {valid_error:.4g}"))
        elif self.mode == "lines" and (epoch == 1 or final or time.monotonic() - self.last >= 1):
            self.last = time.monotonic()
            valid = "" if valid_error is None else f", validation error {valid_error:.5g}"
            print(f"epoch {epoch}/{self.total}: training error {train_error:.5g}{valid}",
                  file=sys.stderr, flush=True)

    def close(self):
        if self.mode == "bar":
            self.bar.close()


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


def run_epochs(trainer, valid, epochs, until_convergence, quiet, patience=PATIENCE):
    """Train ``epochs`` epochs, or until the validation score has not improved
    for ``patience`` epochs (see ``Stopper``), and keep the parameters of its
    best epoch (0: the untrained network). ``valid`` is None or a function
    returning the validation score of the network as it is. Training that
    diverges (the trainer's own check, or a validation loss far past the
    untrained network's) stops at once with the best weights kept. The curves
    are left in ``trainer.trainingErrors`` and ``trainer.validationErrors``
    (which starts with the error before training). Returns (epochs run, epoch
    kept, None or why training diverged)."""
    net = trainer.module
    trainer.trainingErrors, trainer.validationErrors = [], []
    stopper = None
    if valid is not None:
        score = valid()
        trainer.validationErrors.append(score[-1])
        stopper = Stopper(score, net.params, patience)
    progress = Progress(epochs, quiet)
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
                if diverged:
                    break
                stopper.update(epoch, score, net.params)
            stop = until_convergence and stopper.stalled(epoch)
            progress.update(epoch, trainer.trainingErrors[-1],
                            None if score is None else score[-1],
                            final=stop or epoch == epochs)
            if stop:
                break
    finally:
        progress.close()
    if stopper is not None and (until_convergence or diverged):
        net._setParameters(stopper.params)
        return epoch, stopper.epoch, diverged
    return epoch, epoch, diverged
