"""Independent jobs on any ``concurrent.futures.Executor``, with the results
of a serial run.

Cross-validation folds and sweep settings are independent jobs. ``run_jobs``
runs them in this process one after another (``executor=None``) or hands
them to an executor: a ``ProcessPoolExecutor`` on one machine, or
``dask.distributed.Client(address).get_executor()`` on a cluster. brainkit
ships no distributed machinery of its own.

Every job gets its own seed, drawn up front from one source, and runs with
numpy's global random state and Python's ``random`` seeded from it (and put
back afterwards), so that a job computes the same numbers wherever and
whenever it runs: nothing depends on a worker's random state or on the order
in which jobs finish. Results come back in the order of the jobs.

A job and its arguments travel to the workers by pickling: the function must
be importable there (defined at a module's top level) and brainkit installed.

>>> run_jobs(pow, [(2, 3), (3, 2)], seeds=[0, 1])
[8, 9]
"""

import contextlib
import random
from concurrent.futures import Executor, as_completed

import numpy as np

SEED_LIMIT = 2**31 - 1      # seeds are ints below this (numpy's legacy seeding takes them)


def job_seeds(n, source=None):
    """``n`` seeds for jobs, drawn from ``source``: an int seed, a numpy
    ``Generator``, or None for numpy's global random state (PyBrain's)."""
    if source is None:
        return [int(s) for s in np.random.randint(0, SEED_LIMIT, size=n)]
    if isinstance(source, np.random.Generator):
        return [int(s) for s in source.integers(0, SEED_LIMIT, size=n)]
    rng = np.random.default_rng(source)
    return [int(s) for s in rng.integers(0, SEED_LIMIT, size=n)]


@contextlib.contextmanager
def seeded(seed):
    """numpy's global random state and Python's ``random`` seeded from
    ``seed`` inside, as they were outside."""
    np_state, py_state = np.random.get_state(), random.getstate()
    np.random.seed(seed)
    random.seed(seed)
    try:
        yield
    finally:
        np.random.set_state(np_state)
        random.setstate(py_state)


def run_seeded(function, seed, args):
    """``function(*args)`` with the global random states seeded from ``seed``."""
    with seeded(seed):
        return function(*args)


def check_executor(executor):
    if executor is not None and not isinstance(executor, Executor):
        raise TypeError("executor must be a concurrent.futures.Executor (a "
                        "ProcessPoolExecutor, or dask.distributed.Client(...).get_executor()) "
                        f"or None; got {executor!r}")


def run_jobs(function, jobs, seeds, executor=None, progress=None):
    """``[function(*args) for args in jobs]``, job i run with ``seeds[i]``
    (see ``seeded``), in this process or on ``executor``. ``progress(done,
    total, i, result)`` is called as each job finishes (in the order they
    finish). The first job to fail cancels those not started and raises its
    error."""
    check_executor(executor)
    jobs = list(jobs)
    results = [None] * len(jobs)
    if executor is None:
        for i, (args, seed) in enumerate(zip(jobs, seeds)):
            results[i] = run_seeded(function, seed, args)
            if progress is not None:
                progress(i + 1, len(jobs), i, results[i])
        return results
    futures = {executor.submit(run_seeded, function, seed, args): i
               for i, (args, seed) in enumerate(zip(jobs, seeds))}
    try:
        for done, future in enumerate(as_completed(futures), start=1):
            i = futures[future]
            results[i] = future.result()
            if progress is not None:
                progress(done, len(jobs), i, results[i])
    except BaseException:
        for future in futures:
            future.cancel()
        raise
    return results
