"""The ``brainkit`` command (also ``python -m brainkit``).

::

    brainkit train                          # the bundled digits: >= 95 % accuracy
    brainkit train data.csv --target label --save model.h5 --plot curves.png
    brainkit train --image 1x8x8 --conv 32x3   # a convolutional network (cli/images.py)
    brainkit test model.h5 data.csv         # error (and accuracy) of a saved model
    brainkit predict model.h5 data.csv -o predictions.csv
    brainkit info model.h5                  # modules, connections, parameter count
    brainkit convert model.h5 model.xml     # HDF5 <-> PyBrain XML (or .onnx: ONNX)
    brainkit sweep data.csv --hidden 32 64 --lr 0.001 0.01 --workers 2   # (cli/sweep.py)
    brainkit plot model.h5 -o network.png   # the module graph

DATA is a CSV file (``data``) or a bundled data set (``digits``, ``iris``,
``xor``). ``train`` decides between classes and numbers from the target
(``data``), scales the inputs (zero mean and unit variance on the training
part, unless ``--no-scale``) and numeric targets, and folds those affine maps
into the weights (``training``), so a saved model takes raw data and gives raw
outputs; its metadata (input and class names, task, loss) lets ``test`` and
``predict`` (``commands``) match columns and labels by name.

A user's mistake (a missing file, a ragged CSV line, a cell that is not a
number, an unknown column, a model whose width does not fit the data) ends in
one line on stderr, ``brainkit: error: ...``, and exit status 1; a bad command
line (``parser``) in exit status 2.
"""

import os
import sys

import numpy as np

from brainkit.cli.errors import UsageError, UserError

__all__ = ["main", "UserError", "UsageError"]


def _fail(message):
    print(f"brainkit: error: {message}", file=sys.stderr)


def _silence_stdout():
    # the reader of our output went away (``brainkit predict ... | head``):
    # point stdout at /dev/null so that the final flush does not fail again
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):     # stdout is not a real file
        pass


def main(argv=None):
    """Run the command line ``argv`` (default ``sys.argv[1:]``) and return the
    exit status: 0, 1 for a user's mistake, 2 for a bad command line, 130
    when interrupted. Never raises for a user's mistake."""
    from brainkit.cli.commands import one_line
    from brainkit.cli.parser import build_parser
    try:
        args = build_parser().parse_args(argv)
    except UsageError as exc:
        _fail(str(exc))
        return 2
    except SystemExit as exc:           # --help and --version
        return exc.code if isinstance(exc.code, int) else 0
    try:
        # divergence is checked for explicitly (fitting.run_epochs, which
        # catches the trainer's FloatingPointError and keeps the best
        # weights), so numpy's own warnings would only add noise
        with np.errstate(all="ignore"):
            return args.run(args)
    except UsageError as exc:
        _fail(str(exc))
        return 2
    except UserError as exc:
        _fail(one_line(exc))
        return 1
    except BrokenPipeError:
        _silence_stdout()
        return 1
    except OSError as exc:
        _fail(one_line(exc))
        return 1
    except MemoryError:
        _fail("out of memory; use fewer rows (or fewer classes or a smaller --hidden)")
        return 1
    except KeyboardInterrupt:
        _fail("interrupted")
        return 130
