"""The command line: sub-commands, their options and the checks argparse makes.

Options that argparse can check (numbers in range, choices, one of
``--epochs``/``--until-convergence``) are usage errors (exit status 2); the
defaults that depend on the data or the trainer are filled in by
``training.resolve_options``.
"""

import argparse

from brainkit.cli import commands, images, sweep
from brainkit.cli.data import BUNDLED
from brainkit.cli.errors import UsageError
from brainkit.cli.options import data_options, hidden_sizes, number, positive_int


class Parser(argparse.ArgumentParser):
    """argparse, but a bad command line raises UsageError (one line, exit 2)
    instead of printing the usage and exiting."""

    def error(self, message):
        raise UsageError(f"{message} (see '{self.prog} --help')")


def build_parser():
    parser = Parser(prog="brainkit", description="Train, test and inspect brainkit "
                     "networks. DATA is a CSV file or a bundled data set: "
                     + ", ".join(BUNDLED) + ".")
    from brainkit import __version__
    parser.add_argument("--version", action="version", version=f"brainkit {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser("train", help="train a network and report its errors",
                       description="Train a network on DATA (default: digits) and report "
                       "its loss on the training and validation parts (and test, if asked): "
                       "accuracy and a per-class table for classes, RMSE, MAE and R² for "
                       "numbers. The task follows from the target (text or a few whole "
                       "numbers: classes) and the command says why. Inputs (and numeric "
                       "targets) are scaled and the scaling is folded into the saved model, "
                       "which therefore takes raw data and gives raw outputs.")
    p.add_argument("data", nargs="?", default="digits", metavar="DATA",
                   help="CSV file, data set file (.h5, saved with ds.saveToFile) or "
                        "bundled data set (default: digits)")
    data_options(p)
    p.add_argument("--out-of-core", action="store_true",
                   help="read a data set file in chunks during training even if it fits "
                        "in memory (automatic when it does not)")
    g = p.add_argument_group("network")
    g.add_argument("--hidden", type=hidden_sizes, default=[100], metavar="SIZES",
                   help="hidden layer sizes, e.g. 64,32, or 'none' (default 100)")
    g.add_argument("--hiddenclass", choices=("sigmoid", "tanh", "relu", "lstm"), default="relu",
                   help="hidden units (default relu)")
    g.add_argument("--outclass", choices=("linear", "sigmoid", "softmax"),
                   help="output units (default: softmax for classes, else linear)")
    g.add_argument("--no-scale", dest="scale", action="store_const", const="none",
                   default="standard", help="feed the inputs as they are")
    g.add_argument("--scale", dest="scale", choices=("standard", "minmax", "none"),
                   default="standard",
                   help="input scaling: zero mean and unit variance (standard, the "
                        "default) or [0, 1] (minmax), from the training part")
    g.add_argument("--dtype", choices=("float32", "float64"), default="float32",
                   help="the network's numbers (default float32: twice as fast, and as "
                        "accurate for training)")
    images.add_options(p)
    g = p.add_argument_group("training")
    g.add_argument("--trainer", choices=("backprop", "rprop", "adam"), default="adam",
                   help="adam (the default), backprop (gradient descent with momentum), "
                        "rprop (full batch)")
    g.add_argument("--loss", choices=("crossentropy", "mse", "sse"),
                   help="what training minimises, averaged over each batch (default: "
                        "crossentropy for classes, mse for numbers; sse is PyBrain's)")
    g.add_argument("--lr", type=number(0), metavar="RATE",
                   help="learning rate (default 0.001; backprop 0.01)")
    g.add_argument("--momentum", type=number(0, 1, low_ok=True),
                   help="momentum of backprop (default 0.9)")
    g.add_argument("--weightdecay", type=number(0, low_ok=True), default=0.0001,
                   help="weight decay: each step also pulls the weights towards 0 "
                        "(default 0.0001)")
    g.add_argument("--batchsize", type=positive_int, metavar="N",
                   help="samples per update (default 32; 64 from 2000 training rows up)")
    stop = g.add_mutually_exclusive_group()
    stop.add_argument("--epochs", type=positive_int, metavar="N",
                      help="train exactly N epochs")
    stop.add_argument("--until-convergence", action="store_true", default=None,
                      help="train until the validation score stops improving for "
                           "--patience epochs and keep the best epoch (the default)")
    g.add_argument("--max-epochs", type=positive_int, default=200, metavar="N",
                   help="at most N epochs until convergence (default 200)")
    g.add_argument("--no-refit", dest="refit", action="store_false",
                   help="keep the network of the best validation epoch; by default the "
                        "saved network is trained again, for that many epochs, on the "
                        "training and validation rows together")
    g.add_argument("--patience", type=positive_int, metavar="N",
                   help="epochs without progress on validation before training stops "
                        "(default 10, or more for small data: at least 300 updates)")
    g.add_argument("--validation", type=number(0, 1, low_ok=True), metavar="FRACTION",
                   help="fraction of DATA held out for validation (default 0.2)")
    g.add_argument("--test-fraction", type=number(0, 1, low_ok=True), metavar="FRACTION",
                   help="fraction of DATA held out for a final test (default 0: none)")
    g.add_argument("--test", dest="test_file", metavar="FILE",
                   help="a CSV file of test data, with the same columns as DATA")
    g.add_argument("--seed", type=int, default=0,
                   help="seed of the split, the initial weights and the sample order (default 0)")
    g = p.add_argument_group("output")
    g.add_argument("--save", metavar="MODEL", help="write the model (.xml or .h5)")
    g.add_argument("--plot", metavar="PNG", help="draw the error curves to this image")
    g.add_argument("--quiet", action="store_true",
                   help="print only errors and the final line")
    p.set_defaults(run=commands.cmd_train)

    sweep.add_parser(sub)

    p = sub.add_parser("test", help="error (and accuracy) of a model on data",
                       description="Report a saved model's error on DATA (and, for class "
                       "labels, accuracy and a confusion matrix). The target columns are "
                       "those the model's inputs leave over, unless --target says.")
    p.add_argument("model", metavar="MODEL")
    p.add_argument("data", metavar="DATA")
    data_options(p)
    p.set_defaults(run=commands.cmd_test)

    p = sub.add_parser("predict", help="a model's outputs for data, as CSV",
                       description="Write a model's outputs for every row of DATA as CSV "
                       "(columns out0, out1, ..., and class for a softmax model). Columns "
                       "beyond the model's inputs (or --target) are left out.")
    p.add_argument("model", metavar="MODEL")
    p.add_argument("data", metavar="DATA")
    p.add_argument("-o", "--output", metavar="CSV", help="write here (default: stdout)")
    data_options(p, "columns to leave out")
    p.set_defaults(run=commands.cmd_predict)

    p = sub.add_parser("info", help="modules, connections and parameters of a model",
                       description="Show a model's modules in order (classes and sizes), "
                       "its connections (weight shapes), its parameter count and file format.")
    p.add_argument("model", metavar="MODEL")
    p.set_defaults(run=commands.cmd_info)

    p = sub.add_parser("convert", help="convert a model between XML and HDF5, or to ONNX",
                       description="Read MODEL and write it to OUT; the format follows each "
                       "file's ending (.xml: PyBrain XML, .h5/.hdf5: HDF5, .onnx: an ONNX "
                       "model, for onnxruntime and other runtimes; needs pip install "
                       "'brainkit[onnx]').")
    p.add_argument("model", metavar="IN")
    p.add_argument("output", metavar="OUT")
    p.set_defaults(run=commands.cmd_convert)

    p = sub.add_parser("plot", help="draw a model's graph (or its decision regions)",
                       description="Draw the module graph of MODEL, one column per layer, "
                       "recurrent connections dashed; with DATA (a model with 2 inputs) "
                       "draw its decision regions over the data instead.")
    p.add_argument("model", metavar="MODEL")
    p.add_argument("data", nargs="?", metavar="DATA")
    p.add_argument("-o", "--output", required=True, metavar="PNG", help="image file to write")
    data_options(p)
    p.set_defaults(run=commands.cmd_plot)
    return parser
