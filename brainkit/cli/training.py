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
real data sets (breast cancer, wine, diabetes, 5000 MNIST digits); the pieces
the scikit-learn estimators share with the command are in
``brainkit.tools.fitting``.
"""

import sys
import time

from brainkit.cli.errors import UsageError, UserError
from brainkit.tools import fitting

RULE = {"adam": "adam", "backprop": "gradientdescent", "rprop": "rprop"}   # by --trainer

SMALL = fitting.SMALL   # fewer samples than this: no validation part by default
VALIDATION = 0.2    # the default validation fraction


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
    args.lr = args.lr if args.lr is not None else fitting.DEFAULT_LR.get(RULE[args.trainer])
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
        args.batchsize = fitting.default_batchsize(n * (1 - args.validation - test))
    has_validation = int(round(n * args.validation)) > 0
    if args.epochs is None and args.until_convergence is None:
        args.until_convergence = has_validation
        if not has_validation:
            notes.append(f"no validation part: training {args.max_epochs} epochs")
    if args.until_convergence and not has_validation:
        raise UserError("--until-convergence needs validation data: give --validation "
                        "a fraction above 0 (or train a fixed number of --epochs)")
    return notes


def make_network(args, indim, outdim, classification):
    """The layered network of the options; ``args.outclass`` is filled in."""
    args.outclass = fitting.output_class(args.outclass, classification)
    return fitting.build(indim, args.hidden, outdim, args.hiddenclass, args.outclass,
                         seed=args.seed, dtype=args.dtype)


def choose_loss(args, classification):
    """Fill in ``args.loss``: by default cross-entropy for classes after
    softmax and sigmoid outputs, else mean squared error."""
    if args.loss is None:
        args.loss = fitting.default_loss(classification, args.outclass)


def make_trainer(args, net, ds):
    """The trainer of the options; every update is from the batch's mean loss."""
    rule = fitting.make_rule(RULE[args.trainer], None if args.trainer == "rprop" else args.lr,
                             args.momentum, args.weightdecay)
    try:
        return fitting.make_trainer(net, ds, rule, args.batchsize, args.seed, args.loss)
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


def train(args, trainer, valid, classification, epochs, until_convergence, quiet):
    """``fitting.train`` with ``--patience`` (None: the default) and the
    command's progress lines (none if ``quiet``)."""
    return fitting.train(trainer, valid, classification, epochs, until_convergence,
                         Progress(epochs, quiet), args.patience)
