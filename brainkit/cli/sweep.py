"""``brainkit sweep``: one network per combination of settings, on this
machine's cores or on a Dask cluster.

    brainkit sweep data.csv --hidden 32 64,32 --lr 0.001 0.01 --workers 2
    brainkit sweep data.csv --hidden 32 64 --scheduler tcp://10.0.0.5:8786

DATA is split once (seeded) into training and validation parts; every
setting trains a network with ``brainkit train``'s defaults on the training
part (early stopping on the validation part, ``brainkit.tools.sweep``) and is
scored on the validation part. Each setting has its own seed drawn from
``--seed``, so the scores do not depend on where or in which order the
settings run. A line on stderr reports each finished setting; the table and
the best setting go to stdout; ``--save`` writes the best setting's network.
"""

import sys

from brainkit.cli.errors import UserError
from brainkit.cli.options import data_options, hidden_sizes, number, positive_int
from brainkit.cli.training import RULE


def add_parser(sub):
    """The ``sweep`` sub-command."""
    p = sub.add_parser(
        "sweep", help="train one network per combination of settings and compare them",
        description="Train one network per combination of the settings given (each option "
        "takes several values) on the training part of DATA (default: digits) and score "
        "each on the validation part; --workers N runs the settings in N local processes, "
        "--scheduler ADDRESS on a running Dask cluster (pip install 'brainkit[dask]').")
    p.add_argument("data", nargs="?", default="digits", metavar="DATA",
                   help="CSV file or bundled data set (default: digits)")
    data_options(p)
    g = p.add_argument_group("settings (each takes one value or more)")
    g.add_argument("--hidden", type=hidden_sizes, nargs="+", default=[[100]],
                   metavar="SIZES", help="hidden layer sizes, e.g. 32 64,32 none (default 100)")
    g.add_argument("--hiddenclass", choices=("sigmoid", "tanh", "relu"), nargs="+",
                   default=["relu"], help="hidden units (default relu)")
    g.add_argument("--trainer", choices=tuple(RULE), nargs="+", default=["adam"],
                   help="adam (default), backprop, rprop")
    g.add_argument("--lr", type=number(0), nargs="+", metavar="RATE",
                   help="learning rates (default 0.001; backprop 0.01; not for rprop)")
    g.add_argument("--batchsize", type=positive_int, nargs="+", metavar="N",
                   help="samples per update (default 32; 64 from 2000 training rows up)")
    g.add_argument("--weightdecay", type=number(0, low_ok=True), nargs="+",
                   default=[0.0001], metavar="W", help="weight decay (default 0.0001)")
    g = p.add_argument_group("training")
    g.add_argument("--max-epochs", type=positive_int, default=200, metavar="N",
                   help="at most N epochs per setting (default 200)")
    g.add_argument("--validation", type=number(0, 1), default=0.2, metavar="FRACTION",
                   help="fraction of DATA for validation and scoring (default 0.2)")
    g.add_argument("--dtype", choices=("float32", "float64"), default="float32",
                   help="the networks' numbers (default float32)")
    g.add_argument("--seed", type=int, default=0,
                   help="seed of the split and of every setting's seed (default 0)")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--workers", type=positive_int, metavar="N",
                       help="run the settings in N processes on this machine")
    where.add_argument("--scheduler", metavar="ADDRESS",
                       help="run them on the Dask cluster whose scheduler is at ADDRESS "
                            "(e.g. tcp://10.0.0.5:8786); its workers need brainkit installed")
    g = p.add_argument_group("output")
    g.add_argument("--save", metavar="MODEL", help="write the best setting's network (.xml or .h5)")
    g.add_argument("--quiet", action="store_true", help="print only errors and the final line")
    p.set_defaults(run=cmd_sweep)


def settings(args):
    """The grid of the options' values; rprop takes no learning rate or batch size."""
    from brainkit.tools.sweep import grid
    found = []
    for trainer in args.trainer:
        stepped = trainer != "rprop"
        found += grid(hidden=[tuple(h) for h in args.hidden], hiddenclass=args.hiddenclass,
                      rule=[RULE[trainer]],
                      learning_rate=(args.lr or [None]) if stepped else [None],
                      batch_size=(args.batchsize or ["auto"]) if stepped else ["auto"],
                      weight_decay=args.weightdecay)
    return found


def describe(setting):
    """'hidden 64,32 relu, adam lr 0.01, batch 32, decay 0.0001' for a setting."""
    hidden = ",".join(str(h) for h in setting["hidden"]) or "none"
    trainer = {v: k for k, v in RULE.items()}[setting["rule"]]
    text = f"hidden {hidden} {setting['hiddenclass']}, {trainer}"
    if setting["learning_rate"] is not None:
        text += f" lr {setting['learning_rate']:g}"
    if setting["batch_size"] != "auto":
        text += f", batch {setting['batch_size']}"
    return text + f", decay {setting['weight_decay']:g}"


def headline(score):
    if "diverged" in score:
        return "diverged"
    if "accuracy" in score:
        return f"accuracy {100 * score['accuracy']:.2f}%"
    return f"RMSE {score['rmse']:.5g}"


class Runner:
    """The executor the options ask for (None: this process), closed on exit."""

    def __init__(self, args):
        self.executor = self.client = None
        if args.workers:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor
            self.executor = ProcessPoolExecutor(
                args.workers, mp_context=multiprocessing.get_context("spawn"))
            self.where = f"{args.workers} local processes"
        elif args.scheduler:
            try:
                from distributed import Client
            except ImportError:
                raise UserError("--scheduler needs Dask's distributed package: pip install "
                                "'brainkit[dask]'") from None
            try:
                self.client = Client(args.scheduler, timeout="10s")
            except (OSError, TimeoutError, ValueError) as exc:
                raise UserError(f"cannot reach the Dask scheduler at {args.scheduler}: "
                                f"{' '.join(str(exc).split())}") from None
            self.executor = self.client.get_executor()
            workers = len(self.client.scheduler_info().get("workers", {}))
            self.where = f"the Dask cluster at {args.scheduler} ({workers} workers)"
        else:
            self.where = "this process"

    def __enter__(self):
        return self.executor

    def __exit__(self, *exc):
        if self.client is not None:
            self.client.close()
        elif self.executor is not None:
            self.executor.shutdown(cancel_futures=True)


def cmd_sweep(args):
    from brainkit.cli.commands import (MODEL_ENDINGS, check_output_path, load_table,
                                       save_model, set_metadata)
    from brainkit.tools.fitting import split
    from brainkit.tools.sweep import fit_network, sweep
    if args.save:
        check_output_path(args.save, MODEL_ENDINGS, "--save")
    table = load_table(args)
    train, valid, _ = split(len(table), args.validation, 0.0, args.seed)
    if len(train) == 0 or len(valid) == 0:
        raise UserError(f"{table.name} has {len(table)} samples: too few to split into "
                        f"training and validation parts with --validation {args.validation:g}")
    grid = settings(args)
    classes = table.labels is not None
    say = (lambda text: None) if args.quiet else print
    runner = Runner(args)
    with runner as executor:
        say(f"data: {table.name}, {len(table)} samples, {table.X.shape[1]} inputs, "
            + (f"{len(table.classes)} classes" if classes else f"{table.Y.shape[1]} targets"))
        say(f"split: {len(train)} training, {len(valid)} validation (seed {args.seed})")
        say(f"sweep: {len(grid)} settings in {runner.where}")
        sys.stdout.flush()

        def progress(done, total, i, result):
            if not args.quiet:
                print(f"setting {done}/{total} done: {describe(result.setting)}: "
                      f"{headline(result.score)} ({result.score['epochs']} epochs)",
                      file=sys.stderr, flush=True)

        results = sweep(fit_network, grid, executor, args.seed, progress,
                        X=table.X[train], Y=table.Y[train], valid_X=table.X[valid],
                        valid_Y=table.Y[valid], classification=classes,
                        max_epochs=args.max_epochs, dtype=args.dtype)
    key = (lambda r: -r.score["accuracy"]) if classes else (lambda r: r.score["rmse"])
    best = min(results, key=key)
    say("")
    for r in results:
        say(f"  {'*' if r is best else ' '} {headline(r.score):>18}  "
            f"{r.score['best_epoch']:4d}/{r.score['epochs']:<4d} epochs  {describe(r.setting)}")
    if best.model is None:
        raise UserError("training diverged for every setting; try smaller --lr values")
    if args.save:
        set_metadata(best.model, table.task, "crossentropy" if classes else "mse",
                     table.input_names, table.target_names, table.classes if classes else None)
        save_model(best.model, args.save)
    print(f"best: {describe(best.setting)}: validation {headline(best.score)} on "
          f"{len(valid)} samples" + (f"; saved {args.save}" if args.save else ""))
    return 0
