"""``brainkit train DATA.h5``: a data set file (``ds.saveToFile``) as DATA.

A file that fits in memory (its numbers take under a quarter of the memory
this process may use, see ``memory_budget``) is loaded and trained on like a
CSV file. A larger one, or any with ``--out-of-core``, is read in chunks
(``brainkit.datasets.ondisk.DiskDataSet``): the split into training and
validation rows is drawn chunk by chunk, the scalings are computed in a pass
over the training rows, every epoch reads the training rows a chunk at a
time in random order, and scores are computed chunk by chunk; there is then
no final fit on all rows (``--no-refit`` is implied) and no per-class table.
A ClassificationDataSet file holds classes; any other holds numbers.
"""

import os
import resource
import time

import numpy as np

from brainkit.cli.errors import UserError

ENDINGS = (".h5", ".hdf5")
SHARE = 4               # a file in memory may take a quarter of the memory budget


def is_dataset_file(spec):
    return spec.lower().endswith(ENDINGS) and os.path.isfile(spec)


def memory_budget():
    """Bytes this process may still use: the free memory, or less under a
    limit on its address space (``ulimit -v``, RLIMIT_AS)."""
    try:
        free = os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        free = 8 * 2**30
    limit = resource.getrlimit(resource.RLIMIT_AS)[0]
    if limit != resource.RLIM_INFINITY:
        try:
            with open("/proc/self/statm") as f:
                used = int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError):
            used = 0
        free = min(free, max(limit - used, 0))
    return free


def open_data(args):
    """The data set file of DATA, opened for reading in chunks."""
    from brainkit.datasets.ondisk import DiskDataSet
    try:
        return DiskDataSet(args.data)
    except (ValueError, OSError) as exc:      # the messages name the file
        raise UserError(f"{' '.join(str(exc).split())} (DATA is a CSV file, a data set file "
                        "saved with ds.saveToFile, or a bundled data set)") from None


def fits_in_memory(ds):
    # as float64, and the scaled copies training makes of it
    return 8 * len(ds) * (ds.indim + ds.outdim) * 2 <= memory_budget() // SHARE


def _classes(ds, args):
    """The class names of a ClassificationDataSet file with one-of-many
    targets (None for numbers); refuses --classify/--regress that disagree."""
    labels = ds.meta.get("class_labels")
    classes = (ds.class_name == "ClassificationDataSet" and ds.outdim >= 2
               and isinstance(labels, list) and len(labels) == ds.outdim)
    if args.classify and not classes:
        raise UserError(f"{args.data} holds numbers to predict (a {ds.class_name} without "
                        "one-of-many class targets); save a ClassificationDataSet after "
                        "_convertToOneOfMany() for classes")
    if args.regress and classes:
        raise UserError(f"{args.data} holds classes; --regress does not apply")
    return [str(c) for c in labels] if classes else None


def as_table(ds, args):
    """The whole file as the command's Table (it fits in memory)."""
    from brainkit.cli.data import Table
    from brainkit.datasets import SupervisedDataSet
    classes = _classes(ds, args)
    ds.close()
    data = SupervisedDataSet.loadFromFile(args.data)
    X, Y = np.asarray(data["input"], float), np.asarray(data["target"], float)
    name = os.path.basename(args.data)
    if classes is None:
        return Table(name, X, Y, reason=f"regression: a {type(data).__name__} file")
    return Table(name, X, Y, np.argmax(Y, axis=1), classes,
                 reason="classification: a ClassificationDataSet file")


def _scores(net, part, classes):
    """(samples, accuracy or RMSE) of a part, chunk by chunk."""
    from brainkit.tools.fitting import error_rate, outputs
    if classes:
        return len(part), 1.0 - error_rate(net, part)
    total = count = 0.0
    for k in range(len(part.bounds) - 1):
        X, Y, _ = part.chunk(k)
        total += float(np.sum((outputs(net, X) - Y) ** 2))
        count += Y.size
    return len(part), float(np.sqrt(total / max(count, 1)))


def train(args, ds):
    """``brainkit train`` on a data set file read in chunks (see the module doc)."""
    from brainkit.cli import commands, training
    from brainkit.tools import fitting
    if args.test_file is not None or args.test_fraction:
        raise UserError("--test and --test-fraction do not apply to data read in chunks; "
                        "keep test rows in a file of their own and use 'brainkit test'")
    if args.image is not None:
        raise UserError("--image does not apply to data read in chunks")
    classes = _classes(ds, args)
    notes = training.resolve_options(args, len(ds))
    say = (lambda text: None) if args.quiet else print
    if args.scale == "minmax":
        raise UserError("--scale minmax does not apply to data read in chunks; use "
                        "--scale standard or none")
    train_part, valid_part = ds.split(args.validation, args.seed) if args.validation > 0 \
        else (ds, None)
    if len(train_part) == 0:
        raise UserError(f"{args.data}: no training rows left after the validation part")
    if valid_part is not None and len(valid_part) == 0:
        raise UserError(f"{args.data}: no validation rows drawn with --validation "
                        f"{args.validation:g} (each row is held out with that probability); "
                        "give a larger fraction, or --validation 0")
    net = training.make_network(args, ds.indim, ds.outdim, classes is not None)
    training.choose_loss(args, classes is not None)
    scaling = _scaling(train_part, args,
                       fitting.scales_targets(classes is not None, args.outclass, args.hidden))
    scaled = [None if p is None else p.scaled(scaling.shift, scaling.scale, scaling.yshift,
                                              scaling.yscale, args.dtype)
              for p in (train_part, valid_part)]
    say(f"data: {os.path.basename(args.data)}, {len(ds)} samples, {ds.indim} inputs, "
        + (f"{len(classes)} classes" if classes else f"{ds.outdim} targets")
        + f"; read in chunks of {ds.chunk_rows} rows")
    say(f"split: {len(train_part)} training"
        + (f", {len(valid_part)} validation" if valid_part is not None else "")
        + f" (seed {args.seed}, drawn per row)")
    say(f"network: {commands.describe(net, args)}")
    for note in notes:
        say(f"note: {note}")
    trainer = training.make_trainer(args, net, scaled[0])
    epochs = args.epochs if args.epochs is not None else args.max_epochs
    started = time.perf_counter()
    ran, kept, diverged = training.train(args, trainer, scaled[1], classes is not None, epochs,
                                         args.until_convergence, args.quiet)
    say(f"trained {ran} epochs in {time.perf_counter() - started:.1f} s"
        + (f"; epoch {kept} was the best on validation" if scaled[1] is not None else ""))
    losses = [trainer.testOnData(p) if p is not None else None for p in scaled]
    scaling.fold(net)
    figure = "accuracy" if classes else "RMSE"
    say(f"\n  {'':10}  {'samples':>9}  {'loss':>10}  {figure:>9}")
    headline = ""
    for name, part, loss in zip(("training", "validation"), (train_part, valid_part), losses):
        if part is None:
            continue
        n, value = _scores(net, part, classes)
        shown = f"{100 * value:8.2f}%" if classes else f"{value:9.5g}"
        say(f"  {name:10}  {n:9d}  {loss:10.5g}  {shown}")
        headline = f"{name} {figure} {shown.strip()} on {n} samples"
    commands.set_metadata(net, "classification" if classes else "regression", args.loss,
                          [f"x{k}" for k in range(ds.indim)],
                          [f"y{k}" for k in range(ds.outdim)], classes)
    if args.save:
        commands.save_model(net, args.save)
    print(headline + (f"; saved {args.save}" if args.save else ""))
    if diverged:
        raise UserError(commands.diverged_message(diverged, ran, kept, args, bool(args.save)))
    return 0


def _scaling(part, args, targets):
    """The scalings of the rows of ``part`` (``fitting.Scaling``), from one
    pass over them: the inputs' unless ``--scale none``, the targets' when
    ``targets``."""
    from brainkit.tools.fitting import Scaling
    shift, scale = np.zeros(part.indim), np.ones(part.indim)
    yshift, yscale = np.zeros(part.outdim), np.ones(part.outdim)
    if args.scale != "none" or targets:
        (mean, std), (ymean, ystd) = part.moments("input", "target")
        if args.scale != "none":
            shift, scale = mean, np.where(std > 0, std, 1.0)
        if targets:
            yshift, yscale = ymean, np.where(ystd > 0, ystd, 1.0)
    return Scaling(shift, scale, yshift, yscale)
