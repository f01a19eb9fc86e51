"""The sub-commands: each takes the parsed arguments and returns the exit status.

Reports go to stdout, progress and notes about written files to stderr.
"""

import csv
import os
import sys
import time

import numpy as np

from brainkit.cli import images, ondisk, training
from brainkit.cli.data import CSVLayout, Table, is_bundled, load_data, one_of_many
from brainkit.cli.errors import UserError
from brainkit.cli.report import loss_words, outputs, predicted, report
from brainkit.tools import fitting

MODEL_ENDINGS = (".xml", ".h5", ".hdf5")
CHECK_SECONDS = 60        # the most a child process may take to load an HDF5 model


def one_line(exc):
    """An exception's message on one line (a KeyError's without its quotes)."""
    text = exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)
    return " ".join(str(text).split()) or type(exc).__name__


def load_model(path):
    if not os.path.isfile(path):
        raise UserError(f"no model file at {path}")
    if os.path.splitext(path)[1].lower() not in MODEL_ENDINGS:
        raise UserError(f"{path}: a model file ends in .xml (PyBrain XML) or .h5/.hdf5 (HDF5)")
    import brainkit.io
    from brainkit.tools.checkfile import check_file
    try:
        if path.lower().endswith((".h5", ".hdf5")):
            # a damaged HDF5 file can crash or hang libhdf5 itself: it is
            # loaded in a child process with a time limit first
            check_file(path, "network", timeout=CHECK_SECONDS)
        return brainkit.io.load(path)
    except (ValueError, KeyError, TypeError, OSError) as exc:
        raise UserError(f"cannot read model {path}: {one_line(exc)}") from None


def check_output_path(path, endings, what):
    """Refuse, before any work, a file that could not be written at the end."""
    folder = os.path.dirname(os.path.abspath(path))
    if endings and os.path.splitext(path)[1].lower() not in endings:
        raise UserError(f"{path}: {what} must end in {', '.join(endings[:-1])} or "
                        f"{endings[-1]}")
    if not os.path.isdir(folder):
        raise UserError(f"cannot write {path}: the folder {folder} does not exist")
    if os.path.isdir(path):
        raise UserError(f"cannot write {path}: it is a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise UserError(f"cannot write {path}: no permission to write in the folder {folder}")
    if os.path.exists(path) and not os.access(path, os.W_OK):
        raise UserError(f"cannot write {path}: the file is read-only")


def save_model(net, path):
    """Save ``net``; an error names the user's path, never a temporary file."""
    import brainkit.io
    try:
        brainkit.io.save(net, path)
    except OSError as exc:
        raise UserError(f"cannot write {path}: {exc.strerror or one_line(exc)}") from None
    except (ImportError, ValueError) as exc:    # no onnx package; a network ONNX cannot hold
        raise UserError(f"cannot write {path}: {one_line(exc)}") from None


def _image_endings():
    from matplotlib.backend_bases import FigureCanvasBase
    return tuple("." + e for e in FigureCanvasBase.get_supported_filetypes())


# ---------------------------------------------------------------- train ---

def describe(net, args):
    """The 'network:' line: '64 -> 100 relu -> 10 softmax, 7510 parameters'."""
    layers = [str(net.indim), *(f"{h} {args.hiddenclass}" for h in args.hidden),
              f"{net.outdim} {args.outclass}"]
    if args.image is not None:
        layers[:1] = images.describe(args)
    return f"{' -> '.join(layers)}, {net.paramdim} parameters"


def _say_setup(table, parts, net, args, notes):
    what = (f"{len(table.classes)} classes" if table.labels is not None
            else f"{table.Y.shape[1]} target{'s' if table.Y.shape[1] > 1 else ''}")
    print(f"data: {table.name}, {len(table)} samples, {table.X.shape[1]} inputs, {what}")
    if table.reason:
        print(f"task: {table.reason}")
    print("split: " + ", ".join(f"{len(p)} {k}" for k, p in parts.items() if len(p))
          + f" (seed {args.seed})")
    print(f"network: {describe(net, args)}")
    if args.trainer == "rprop":
        steps = "full batch"
    else:
        steps = (f"lr {args.lr:g}"
                 + (f", momentum {args.momentum:g}" if args.trainer == "backprop" else "")
                 + f", batch size {args.batchsize}")
    print(f"trainer: {args.trainer}, {steps}, weight decay {args.weightdecay:g}")
    scaled = fitting.scales_targets(table.labels is not None, args.outclass, args.hidden)
    print(f"loss: {args.loss}: {loss_words(args.loss, scaled)}")
    for note in notes:
        print(f"note: {note}")
    sys.stdout.flush()


def _test_part(args, table):
    """The rows of ``--test FILE``, read like the training file."""
    if args.test_file is None:
        return None
    return load_data(args.test_file, args.target, table.task, args.header, args.delimiter,
                     inputs=table.input_names, classes=table.classes)


def diverged_message(diverged, ran, kept, args, saved):
    """The error when training diverged after ``ran`` epochs (``diverged``:
    why) and the weights of epoch ``kept`` were kept (and ``saved``), with
    what to try."""
    reason = diverged.split(": ", 1)[-1].split(";")[0]
    advice = ("try a smaller --lr" + (f" (it is {args.lr:g})" if args.lr else "")
              if args.trainer != "rprop" else "try --trainer adam")
    return (f"training diverged in epoch {ran + 1} ({reason}); kept the weights of epoch "
            f"{kept}" + (f" and saved them to {args.save}" if saved else "") + f"; {advice}")


def _fit(args, table, parts, epochs, until_convergence, quiet, ready=None):
    """Scale, build, train (see training.train) and fold one network on
    ``parts['training']``, scored on ``parts['validation']`` if there is
    one; ``ready(net)`` is called just before training. Returns a
    namespace: ``net``, ``trainer``, epochs ``ran``, epoch ``kept``,
    ``diverged`` (None or why), ``seconds`` and ``losses`` (part name -> the
    loss on it in training's scaled units, measured before folding)."""
    from types import SimpleNamespace
    fit = SimpleNamespace()
    image = args.image is not None          # a convolutional network (cli/images.py)
    classes = table.labels is not None
    fit.net = net = (images.make_network if image else training.make_network)(
        args, table.X.shape[1], table.Y.shape[1], classes)
    training.choose_loss(args, classes)
    part = parts["training"]
    scaling = fitting.Scaling.learn(part.X, part.Y, args.scale,
                                    fitting.scales_targets(classes, args.outclass, args.hidden),
                                    images.scaling if image else fitting.input_scaling)
    scaled = {name: scaling.data(p.X, p.Y, args.dtype) if len(p) else None
              for name, p in parts.items()}
    fit.trainer = trainer = training.make_trainer(args, net, scaled["training"])
    if ready is not None:
        ready(net)
    started = time.perf_counter()
    fit.ran, fit.kept, fit.diverged = training.train(
        args, trainer, scaled.get("validation"), classes, epochs, until_convergence, quiet)
    fit.seconds = time.perf_counter() - started
    fit.losses = {name: None if ds is None else trainer.testOnData(ds)
                  for name, ds in scaled.items()}
    # the saved model takes raw inputs and gives raw outputs
    scaling.fold(net, images.fold_scaling if image else None)
    set_metadata(net, table.task, args.loss, table.input_names, table.target_names,
                 table.classes if classes else None)
    return fit


def set_metadata(net, task, loss, inputs, targets, classes=None):
    """What ``test`` and ``predict`` read from a saved model: its task and
    loss, the names of its inputs and targets, and its classes'."""
    net.metadata = {"task": task, "loss": loss, "inputs": inputs, "targets": targets}
    if classes is not None:
        net.metadata["classes"] = classes


def _say_training(first, final, args, everything):
    if args.quiet:
        return
    line = f"trained {first.ran} epochs in {first.seconds:.1f} s"
    if (args.until_convergence or first.diverged) and first.trainer.validationErrors:
        line += (f"; epoch {first.kept} was the best on validation"
                 + (" (0: the untrained network)" if first.kept == 0 else ""))
    print(line)
    if final is not first:
        print(f"final fit: {final.ran} epochs on all {len(everything)} training and validation "
              f"rows in {final.seconds:.1f} s (the validation row below is the network of "
              f"epoch {first.kept}, which never saw those rows)")


def load_table(args, ds=None):
    """DATA in memory as a Table: a data set file (``ds``, if it is open
    already), a CSV file or a bundled data set; ``--classify`` and
    ``--regress`` choose the task."""
    if ds is None and ondisk.is_dataset_file(args.data):
        ds = ondisk.open_data(args)
    if ds is not None:
        return ondisk.as_table(ds, args)
    task = "classification" if args.classify else "regression" if args.regress else None
    return load_data(args.data, args.target, task, args.header, args.delimiter)


def cmd_train(args):
    if args.save:
        check_output_path(args.save, MODEL_ENDINGS, "--save")
    if args.plot:
        check_output_path(args.plot, _image_endings(), "--plot")
    ds = None
    if ondisk.is_dataset_file(args.data):       # a data set file, read in chunks if large
        ds = ondisk.open_data(args)
        if args.out_of_core or not ondisk.fits_in_memory(ds):
            with ds:
                return ondisk.train(args, ds)
    elif args.out_of_core:
        raise UserError("--out-of-core applies to data set files (.h5, saved with "
                        f"ds.saveToFile); {args.data} is not one")
    table = load_table(args, ds)
    images.check_options(args, table.X.shape[1])
    notes = training.resolve_options(args, len(table))
    test_table = _test_part(args, table)
    rows = fitting.split(len(table), args.validation, args.test_fraction or 0.0, args.seed)
    parts = dict(zip(("training", "validation", "test"), (table.take(r) for r in rows)))
    if test_table is not None:
        parts["test"] = test_table
    epochs = args.epochs if args.epochs is not None else args.max_epochs

    def say_setup(net):
        if not args.quiet:
            _say_setup(table, parts, net, args, notes)

    first = _fit(args, table, parts, epochs, args.until_convergence, args.quiet, say_setup)
    final, everything = first, parts["training"]
    if (args.refit and args.until_convergence and not first.diverged and first.kept > 0
            and len(parts["validation"])):
        everything = table.take(np.concatenate(rows[:2]))
        final_parts = {"training": everything, "test": parts["test"]}
        final = _fit(args, table, final_parts, first.kept, False, True)
        if final.diverged:           # keep the network that chose the epochs
            final, everything = first, parts["training"]
    _say_training(first, final, args, everything)
    net = final.net
    results = {"training": (everything, final.losses["training"], final.net)}
    if len(parts["validation"]):
        results["validation"] = (parts["validation"], first.losses["validation"], first.net)
    results["test"] = (parts["test"], final.losses.get("test"), final.net)
    headline = report(table, results, say=(lambda text: None) if args.quiet else print)
    if args.save:
        save_model(net, args.save)
        if not args.quiet:
            print(f"\nsaved the model to {args.save}")
    if args.plot:
        from brainkit.tools.plotting import plot_errors
        plot_errors(first.trainer, path=args.plot, title=f"{table.name}: {describe(net, args)}",
                    ylabel=f"loss: {args.loss}")
        if not args.quiet:
            print(f"saved the error curves to {args.plot}")
    print(headline + (f"; saved {args.save}" if args.save else ""))
    if first.diverged:
        raise UserError(diverged_message(first.diverged, first.ran, first.kept, args,
                                          bool(args.save)))
    return 0


# ------------------------------------------------------ the other commands ---

def _metadata(net):
    return dict(getattr(net, "metadata", None) or {})


def _model_data(args, net, targets):
    """DATA for ``net``. Columns are the model's inputs by name when both the
    file and the model have names, else by count: without ``--target`` the
    columns beyond the model's inputs are the targets (``targets``) or are
    left out. Labels are mapped to the model's classes by name."""
    meta = _metadata(net)
    known_inputs = meta.get("inputs") if meta.get("inputs") and len(meta["inputs"]) == net.indim \
        else None
    task = ("classification" if args.classify else "regression" if args.regress
            else meta.get("task"))
    n_targets = len(meta.get("targets") or [1]) if meta.get("task") != "classification" else 1
    target, extra = args.target, n_targets
    if not is_bundled(args.data):
        layout = CSVLayout(args.data, args.delimiter, args.header)
        by_name = known_inputs is not None and layout.has_header
        if by_name:
            if target is None and targets and set(meta.get("targets") or []) <= set(layout.names) \
                    and meta.get("targets"):
                target = ",".join(meta["targets"])
        elif target is None:
            extra = len(layout.names) - net.indim
            if extra < 0:
                raise UserError(f"the model {args.model} takes {net.indim} inputs; {args.data} "
                                f"has only {len(layout.names)} columns")
            if extra == 0 and targets:
                raise UserError(f"the {net.indim} columns of {args.data} are all inputs of "
                                f"{args.model}: no target column left to test against")
            if extra not in (0, n_targets):
                raise UserError(f"the model {args.model} takes {net.indim} inputs (and has "
                                f"{n_targets} target column{'s' if n_targets > 1 else ''}); "
                                f"{args.data} has {len(layout.names)} columns")
        if not by_name:
            known_inputs = None
    if task is None and targets and net.outdim > 1 and (target is None and extra == 1
                                                        or target and "," not in target):
        task = "classification"         # one label column for several outputs
    classes = meta.get("classes")
    if classes is not None and len(classes) != max(net.outdim, 2):
        raise UserError(f"the model {args.model} names {len(classes)} classes but has "
                        f"{net.outdim} outputs; its metadata does not fit it")
    if task == "classification" and classes is None and targets:
        classes = [str(k) for k in range(max(net.outdim, 2))]   # outputs are class numbers
    table = load_data(args.data, target, task, args.header, args.delimiter,
                      default_targets=extra if target is None else 1,
                      targets=targets and (extra > 0 or target is not None),
                      inputs=known_inputs, classes=classes if targets else None)
    if table.X.shape[1] != net.indim:
        raise UserError(f"the model {args.model} takes {net.indim} inputs; {table.name} has "
                        f"{table.X.shape[1]} input columns")
    return table


def _as_model_targets(table, net, model):
    """Class labels as the model's targets (one-of-many over its outputs)."""
    if table.labels is None:
        if table.Y.shape[1] != net.outdim:
            raise UserError(f"the model {model} has {net.outdim} outputs; {table.name} has "
                            f"{table.Y.shape[1]} target columns")
        return table
    # the labels are the model's classes (data.read_csv maps them by name)
    Y = (table.labels[:, None].astype(float) if net.outdim == 1
         else one_of_many(table.labels, net.outdim))
    return Table(table.name, table.X, Y, table.labels, table.classes, table.input_names,
                 table.target_names)


def cmd_test(args):
    net = load_model(args.model)
    table = _as_model_targets(_model_data(args, net, targets=True), net, args.model)
    meta = _metadata(net)
    print(f"{table.name}: {len(table)} samples" + (
        f"; the model's loss in training: {meta['loss']}" if meta.get("loss") else ""))
    out = outputs(net, table.X)
    error = 0.5 * float(np.mean((table.Y - out) ** 2))
    headline = report(table, {"test": (table, None, out)})
    print(f"\nhalf mean squared error (PyBrain's figure): {error:.6g}")
    print(headline)
    return 0


def cmd_predict(args):
    net = load_model(args.model)
    if args.output:
        check_output_path(args.output, None, "-o")
    meta = _metadata(net)
    out = outputs(net, _model_data(args, net, targets=False).X)
    classes = meta.get("classes")
    softmax = type(net.outmodules[-1]).__name__ == "SoftmaxLayer"
    if classes and len(classes) == out.shape[1]:
        names = [f"P({c})" for c in classes]
    elif meta.get("targets") and len(meta["targets"]) == out.shape[1]:
        names = list(meta["targets"])
    else:
        names = [f"out{k}" for k in range(out.shape[1])]
    text = np.char.mod("%.10g", out)
    columns = [text]
    if classes or args.classify or softmax:
        names.append("class")
        guesses = predicted(out)
        labels = np.array(classes if classes and len(classes) > guesses.max(initial=0)
                          else [str(k) for k in range(max(out.shape[1], 2))])
        columns.append(labels[guesses][:, None])
    rows = np.hstack(columns) if len(out) else np.zeros((0, len(names)), dtype=str)
    target = open(args.output, "w", encoding="utf-8", newline="") if args.output else None
    try:
        writer = csv.writer(target or sys.stdout, lineterminator="\n")
        writer.writerow(names)
        writer.writerows(rows.tolist())
    finally:
        if target is not None:
            target.close()
    if args.output:
        print(f"wrote {len(out)} predictions to {args.output}", file=sys.stderr)
    return 0


def cmd_info(args):
    net = load_model(args.model)
    kind = "PyBrain XML" if args.model.lower().endswith(".xml") else "HDF5"
    print(f"{args.model}: {kind}, {os.path.getsize(args.model)} bytes")
    print(net.summary())
    for key, value in _metadata(net).items():       # what brainkit train recorded
        shown = value if isinstance(value, str) else ", ".join(value[:12]) + (
            f", ... ({len(value)} in all)" if len(value) > 12 else "")
        print(f"{key}: {shown}")
    return 0


def cmd_convert(args):
    check_output_path(args.output, MODEL_ENDINGS + (".onnx",), "OUT")
    net = load_model(args.model)
    save_model(net, args.output)
    print(f"wrote {args.output}")
    return 0


def cmd_plot(args):
    from brainkit.tools import plotting
    check_output_path(args.output, _image_endings(), "-o")
    net = load_model(args.model)
    if args.data is None:
        plotting.plot_network(net, path=args.output)
    else:
        if net.indim != 2:
            raise UserError(f"decision regions need a model with 2 inputs; {args.model} "
                            f"has {net.indim}")
        table = _model_data(args, net, targets=True)
        labels = table.labels if table.labels is not None else predicted(table.Y)
        names = table.classes if table.labels is not None else None
        plotting.plot_decision_regions(net, table.X, labels, path=args.output,
                                       class_names=names, axis_names=table.input_names,
                                       title=f"{os.path.basename(args.model)} on {table.name}")
    print(f"wrote {args.output}")
    return 0
