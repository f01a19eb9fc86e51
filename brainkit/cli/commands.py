"""The sub-commands: each takes the parsed arguments and returns the exit status.

Reports go to stdout, progress and notes about written files to stderr.
"""

import os
import sys
import time

import numpy as np

from brainkit.cli import training
from brainkit.cli.data import CSVLayout, Table, is_bundled, load_data, one_of_many
from brainkit.cli.errors import UserError

MODEL_ENDINGS = (".xml", ".h5", ".hdf5")
EVAL_ROWS = 4096          # samples per forward pass when evaluating
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
    if not os.path.isdir(folder):
        raise UserError(f"cannot write {path}: the folder {folder} does not exist")
    if endings and os.path.splitext(path)[1].lower() not in endings:
        raise UserError(f"{path}: {what} must end in {', '.join(endings[:-1])} or "
                        f"{endings[-1]}")


def _image_endings():
    from matplotlib.backend_bases import FigureCanvasBase
    return tuple("." + e for e in FigureCanvasBase.get_supported_filetypes())


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


def evaluate(net, part):
    """(error, accuracy or None, outputs); the error is PyBrain's figure, half
    the mean squared difference over samples and outputs."""
    out = outputs(net, part.X)
    error = 0.5 * float(np.mean((part.Y - out) ** 2))
    if part.labels is None:
        return error, None, out
    return error, float(np.mean(predicted(out) == part.labels)), out


def confusion_text(labels, guesses, classes):
    """A confusion matrix as text: a row per true class, a column per prediction."""
    k = len(classes)
    matrix = np.zeros((k, k), dtype=int)
    np.add.at(matrix, (labels, np.clip(guesses, 0, k - 1)), 1)
    width = max(max(len(c) for c in classes), len(str(matrix.max())))
    head = " " * (width + 3) + " ".join(c.rjust(width) for c in classes)
    rows = [f"  {c.rjust(width)} " + " ".join(str(v).rjust(width) for v in row)
            for c, row in zip(classes, matrix)]
    return "\n".join([head, *rows])


# ---------------------------------------------------------------- train ---

def _describe(net, args):
    layers = [str(net.indim), *(f"{h} {args.hiddenclass}" for h in args.hidden),
              f"{net.outdim} {args.outclass}"]
    return f"{' -> '.join(layers)}, {net.paramdim} parameters"


def _say_setup(table, parts, net, args, notes):
    what = (f"{len(table.classes)} classes" if table.labels is not None
            else f"{table.Y.shape[1]} target{'s' if table.Y.shape[1] > 1 else ''}")
    print(f"data: {table.name}, {len(table)} samples, {table.X.shape[1]} inputs, {what}")
    print("split: " + ", ".join(f"{len(p)} {k}" for k, p in parts.items())
          + f" (seed {args.seed})")
    print(f"network: {_describe(net, args)}")
    if args.trainer == "rprop":
        steps = "full batch"
    else:
        steps = (f"lr {args.lr:g}"
                 + (f", momentum {args.momentum:g}" if args.trainer == "backprop" else "")
                 + f", batch size {args.batchsize}")
    print(f"trainer: {args.trainer}, {steps}, weight decay {args.weightdecay:g}")
    for note in notes:
        print(f"note: {note}")
    sys.stdout.flush()


def _say_results(net, table, parts):
    classes = table.labels is not None
    print(f"\n  {'':10}  {'samples':>7}  {'error':>11}" + (f"  {'accuracy':>8}" if classes else ""))
    results = {}
    for name, part in parts.items():
        if len(part):
            error, accuracy, out = evaluate(net, part)
            results[name] = part, out
            print(f"  {name:10}  {len(part):7d}  {error:11.6g}"
                  + (f"  {100 * accuracy:7.2f}%" if classes else ""))
    if classes:
        name = next(n for n in ("test", "validation", "training") if n in results)
        part, out = results[name]
        print(f"\nconfusion matrix ({name} data; rows: true class, columns: predicted class)")
        print(confusion_text(part.labels, predicted(out), table.classes))
        if not all(c == str(k) for k, c in enumerate(table.classes)):
            print("class numbers (as predict writes them): "
                  + ", ".join(f"{k} = {c}" for k, c in enumerate(table.classes)))


def cmd_train(args):
    from brainkit.datasets import SupervisedDataSet
    if args.save:
        check_output_path(args.save, MODEL_ENDINGS, "--save")
    if args.plot:
        check_output_path(args.plot, _image_endings(), "--plot")
    table = load_data(args.data, args.target, args.classify, args.header, args.delimiter)
    notes = training.resolve_options(args, len(table))
    rows = training.split(len(table), args.validation, args.test, args.seed)
    parts = dict(zip(("training", "validation", "test"), (table.take(r) for r in rows)))
    shift, scale = training.input_scaling(parts["training"].X, args.scale)

    def scaled(part):
        return SupervisedDataSet.fromArrays((part.X - shift) / scale, part.Y)

    net = training.make_network(args, table.X.shape[1], table.Y.shape[1],
                                table.labels is not None)
    trainer = training.make_trainer(args, net, scaled(parts["training"]))
    _say_setup(table, parts, net, args, notes)

    started = time.perf_counter()
    epochs = args.epochs if args.epochs is not None else args.max_epochs
    valid_ds = scaled(parts["validation"]) if len(parts["validation"]) else None
    ran, kept = training.run_epochs(trainer, valid_ds, epochs, args.until_convergence,
                                    args.quiet)
    seconds = time.perf_counter() - started
    training.fold_input_scaling(net, shift, scale)      # the saved model takes raw inputs
    print(f"trained {ran} epochs in {seconds:.1f} s" + (
        f"; kept epoch {kept} (lowest validation error)" if args.until_convergence else ""))
    _say_results(net, table, parts)
    if args.save:
        import brainkit.io
        brainkit.io.save(net, args.save)
        print(f"\nsaved the model to {args.save}")
    if args.plot:
        from brainkit.tools.plotting import plot_errors
        plot_errors(trainer, path=args.plot, title=f"{table.name}: {_describe(net, args)}")
        print(f"saved the error curves to {args.plot}")
    return 0


# ------------------------------------------------------ the other commands ---

def _model_data(args, net, targets):
    """DATA for ``net``. Without ``--target`` the columns beyond the model's
    inputs are the targets (``targets``) or are left out; one target column
    for a model with several outputs holds class labels."""
    extra = 1
    if not is_bundled(args.data) and args.target is None:
        extra = len(CSVLayout(args.data, args.delimiter, args.header).names) - net.indim
        if extra < 0:
            raise UserError(f"the model {args.model} takes {net.indim} inputs; {args.data} "
                            f"has only {extra + net.indim} columns")
        if extra == 0 and targets:
            raise UserError(f"the {net.indim} columns of {args.data} are all inputs of "
                            f"{args.model}: no target column left to test against")
    n_targets = len(args.target.split(",")) if args.target else extra
    classify = args.classify or (targets and net.outdim > 1 and n_targets == 1)
    table = load_data(args.data, args.target, classify, args.header, args.delimiter,
                      default_targets=extra, targets=targets and extra > 0)
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
    if table.labels.max() >= max(net.outdim, 2):
        raise UserError(f"{table.name} has class {table.classes[table.labels.max()]!r} but "
                        f"the model {model} has only {net.outdim} outputs")
    Y = (table.labels[:, None].astype(float) if net.outdim == 1
         else one_of_many(table.labels, net.outdim))
    classes = table.classes + [str(k) for k in range(len(table.classes), net.outdim)]
    return Table(table.name, table.X, Y, table.labels, classes)


def cmd_test(args):
    net = load_model(args.model)
    table = _as_model_targets(_model_data(args, net, targets=True), net, args.model)
    error, accuracy, out = evaluate(net, table)
    print(f"{table.name}: {len(table)} samples")
    print(f"error: {error:.6g}")
    if accuracy is not None:
        print(f"accuracy: {100 * accuracy:.2f}%")
        print("\nconfusion matrix (rows: true class, columns: predicted class)")
        print(confusion_text(table.labels, predicted(out), table.classes))
    return 0


def cmd_predict(args):
    net = load_model(args.model)
    if args.output:
        check_output_path(args.output, None, "-o")
    out = outputs(net, _model_data(args, net, targets=False).X)
    names, columns, formats = [f"out{k}" for k in range(out.shape[1])], [out], ["%.10g"]
    if args.classify or type(net.outmodules[-1]).__name__ == "SoftmaxLayer":
        names.append("class")
        columns.append(predicted(out)[:, None])
        formats.append("%d")
    formats = formats[:1] * out.shape[1] + formats[1:]
    if not args.output:
        sys.stdout.write(",".join(names) + "\n")
        np.savetxt(sys.stdout, np.hstack(columns), delimiter=",", fmt=formats)
        return 0
    with open(args.output, "w", encoding="utf-8", newline="") as f:
        f.write(",".join(names) + "\n")
        np.savetxt(f, np.hstack(columns), delimiter=",", fmt=formats)
    print(f"wrote {len(out)} predictions to {args.output}", file=sys.stderr)
    return 0


def cmd_info(args):
    net = load_model(args.model)
    kind = "PyBrain XML" if args.model.lower().endswith(".xml") else "HDF5"
    print(f"{args.model}: {kind}, {os.path.getsize(args.model)} bytes")
    print(net.summary())
    return 0


def cmd_convert(args):
    check_output_path(args.output, MODEL_ENDINGS, "OUT")
    net = load_model(args.model)
    import brainkit.io
    brainkit.io.save(net, args.output)
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
        plotting.plot_decision_regions(net, table.X, labels, path=args.output)
    print(f"wrote {args.output}")
    return 0
