"""Check a file from elsewhere in a child process, with a time limit, before
loading it.

brainkit's readers turn every damaged or hostile file they can see into one
documented error (``brainkit.io.ModelFileError`` for networks,
``brainkit.datasets.DataSetFileError`` for data sets). Damage inside an HDF5
file's own structures can also crash (SIGSEGV) or hang the HDF5 library
itself, below any Python code, or make it allocate gigabytes, and no reader
can catch that: in this project's fuzzing about one byte mutation in a
hundred did (see ``bench/fuzz_files.py``). ``check_file`` therefore loads the
file in a separate Python process that may use at most ``memory_mb`` of
address space (on POSIX) and waits at most ``timeout`` seconds; only if the
file loads there does it return, and the caller then loads it for real. The
``brainkit`` command checks every HDF5 model this way.

>>> import os, tempfile
>>> from brainkit import buildNetwork
>>> path = os.path.join(tempfile.mkdtemp(), 'net.h5')
>>> buildNetwork(2, 3, 1).save(path)
>>> check_file(path)            # returns None; a bad file raises ModelFileError
"""

import os
import signal
import subprocess
import sys

KINDS = ("network", "dataset")
_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
_CHILD = ("import sys; sys.path.insert(0, sys.argv[1]); "
          "from brainkit.tools.checkfile import _child; sys.exit(_child(*sys.argv[2:]))")
_BAD_FILE, _NO_FILE = 3, 4      # the child's exit codes


def _error_type(kind):
    if kind == "network":
        from brainkit.io.errors import ModelFileError
        return ModelFileError
    from brainkit.datasets.hdf5 import DataSetFileError
    return DataSetFileError


def _child(kind, path, memory_mb):
    """Load ``path`` in this (child) process: 0 if it loads, _BAD_FILE with the
    reader's message on stderr if it is bad, _NO_FILE if it is missing."""
    if int(memory_mb) > 0:
        import resource     # libhdf5's own runaway allocations fail instead
        limit = int(memory_mb) * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    error = _error_type(kind)
    try:
        if kind == "network":
            from brainkit.io import load
            load(path)
        else:
            from brainkit.datasets.dataset import DataSet
            DataSet.loadFromFile(path)
    except FileNotFoundError as exc:
        sys.stderr.write(str(exc))
        return _NO_FILE
    except error as exc:
        sys.stderr.write(str(exc))
        return _BAD_FILE
    return 0


def _signal_name(number):
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def _memory_mb(path, memory_mb):
    if memory_mb is not None:
        return int(memory_mb)
    if os.name != "posix":
        return 0
    try:
        size = os.path.getsize(path)
    except OSError:
        size = 0
    # room for Python, numpy and h5py, and for what the file may hold
    return 1024 + 16 * (size >> 20)


def check_file(path, kind="network", timeout=60.0, memory_mb=None):
    """Load ``path`` (a network, or with ``kind='dataset'`` a data set) in a
    child process that may take at most ``timeout`` seconds and ``memory_mb``
    MB of address space (default: 1024 plus 16 times the file's size in MB,
    on POSIX; 0: no limit). Returns None if it loads; raises the reader's
    documented error (ModelFileError or DataSetFileError) with its message if
    it does not, and also if the child crashes, runs out of time or memory;
    FileNotFoundError if there is no file."""
    if kind not in KINDS:
        raise ValueError(f"check_file: kind must be one of {KINDS}; got {kind!r}")
    error = _error_type(kind)
    path = os.fspath(path)
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
    memory = str(_memory_mb(path, memory_mb))
    try:
        done = subprocess.run([sys.executable, "-c", _CHILD, _ROOT, kind, path, memory],
                              stdin=subprocess.DEVNULL, capture_output=True, text=True,
                              errors="replace", timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        raise error(f"{path}: reading the file did not finish within {timeout:g} s; it is "
                    "probably damaged (if it is only very big, allow more time)") from None
    message = done.stderr.strip()
    if done.returncode == 0:
        return None
    if done.returncode == _NO_FILE:
        raise FileNotFoundError(message)
    if done.returncode == _BAD_FILE:
        raise error(message)
    if done.returncode < 0:
        raise error(f"{path}: reading the file crashed the HDF5 library "
                    f"({_signal_name(-done.returncode)}); the file is damaged")
    last = message.splitlines()[-1] if message else f"exit status {done.returncode}"
    raise error(f"{path}: the file could not be read ({last})")
