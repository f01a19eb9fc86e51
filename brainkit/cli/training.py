"""What ``brainkit train`` does between reading the data and reporting.

The data are split (seeded), the inputs scaled from the training part, a
network built with a scaled initialisation (Glorot, He for ReLU), trained for
a number of epochs or until the validation error stalls, and the scaling then
folded into the network, so that the saved model takes raw inputs.
"""

import sys
import time

import numpy as np

from brainkit.cli.errors import UsageError, UserError

SMALL = 20          # fewer samples than this: no validation or test part by default
WINDOW = 10         # epochs without progress before training stops (PyBrain's continueEpochs)
GAIN = 1e-3         # what counts as progress: a validation error 0.1 % below the best so far


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
    args.lr = args.lr if args.lr is not None else 0.001 if args.trainer == "adam" else 0.01
    args.momentum = 0.9 if args.momentum is None else args.momentum
    args.batchsize = 16 if args.batchsize is None else args.batchsize
    notes = []
    if args.validation is None:
        args.validation = 0.0 if n < SMALL else 0.25
    if args.test is None:
        args.test = 0.0 if n < SMALL else 0.25
    if n < SMALL and args.validation == 0 and args.test == 0:
        notes.append(f"only {n} samples: training and reporting on all of them")
    if args.validation + args.test >= 1:
        raise UserError(f"--validation {args.validation:g} and --test {args.test:g} leave no "
                        "training data; their sum must be below 1")
    has_validation = int(round(n * args.validation)) > 0
    if args.epochs is None and args.until_convergence is None:
        args.until_convergence = has_validation
        if not has_validation:
            notes.append(f"no validation part: training {args.max_epochs} epochs")
    if args.until_convergence and not has_validation:
        raise UserError("--until-convergence needs validation data: give --validation "
                        "a fraction above 0 (or train a fixed number of --epochs)")
    return notes


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
                        init="he" if args.hiddenclass == "relu" else "glorot",
                        rng=np.random.default_rng(args.seed))


def make_trainer(args, net, ds):
    from brainkit.trainers import BackpropTrainer, RPropMinusTrainer
    from brainkit.trainers.rules import Adam
    if args.trainer == "rprop":
        return RPropMinusTrainer(net, ds, weightdecay=args.weightdecay, seed=args.seed)
    if args.trainer == "adam":
        rule = Adam(learningrate=args.lr, weightdecay=args.weightdecay)
        return BackpropTrainer(net, ds, batchsize=args.batchsize, seed=args.seed, rule=rule)
    return BackpropTrainer(net, ds, learningrate=args.lr, momentum=args.momentum,
                           weightdecay=args.weightdecay, batchsize=args.batchsize,
                           seed=args.seed)


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


def stalled(errors, window=WINDOW, gain=GAIN):
    """Whether the validation errors (the first one from before training) have
    stopped improving: the lowest of the last ``window`` is not ``gain``
    (relative) below the lowest before them. This stops whenever PyBrain's
    trainUntilConvergence rule would (the last ``window`` all worse than the
    ``window`` before, or all equal) and also when the error only creeps down."""
    if len(errors) <= window:
        return False
    return min(errors[-window:]) > (1 - gain) * min(errors[:-window])


def run_epochs(trainer, valid_ds, epochs, until_convergence, quiet):
    """Train ``epochs`` epochs, or until the validation error stalls (see
    ``stalled``) and then keep the parameters of its lowest value, as
    trainUntilConvergence does (run here so that every epoch is reported). The curves are left in
    ``trainer.trainingErrors`` and ``trainer.validationErrors`` (which starts
    with the error before training). Returns (epochs run, epoch kept)."""
    net = trainer.module
    trainer.trainingErrors = []
    trainer.validationErrors = [] if valid_ds is None else [trainer.testOnData(valid_ds)]
    best_error, best_params, best_epoch = np.inf, net.params.copy(), 0
    progress = Progress(epochs, quiet)
    try:
        for epoch in range(1, epochs + 1):
            trainer.trainingErrors.append(trainer.train())
            valid = None if valid_ds is None else trainer.testOnData(valid_ds)
            if valid is not None:
                trainer.validationErrors.append(valid)
                if valid < best_error:
                    best_error, best_params, best_epoch = valid, net.params.copy(), epoch
            stop = until_convergence and stalled(trainer.validationErrors)
            progress.update(epoch, trainer.trainingErrors[-1], valid,
                            final=stop or epoch == epochs)
            if stop:
                break
    finally:
        progress.close()
    if not until_convergence:
        return epoch, epoch
    net._setParameters(best_params)
    return epoch, best_epoch
