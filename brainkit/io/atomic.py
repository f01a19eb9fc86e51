"""Atomic writes: a file is either the complete new version or the old one.

The new content goes to a temporary file in the same folder (so the final
rename stays on one file system), is flushed to disk, and replaces the target
with ``os.replace``, which is atomic on POSIX and Windows. On any exception
the temporary file is removed and an earlier file at ``path`` is untouched.
"""

import contextlib
import os
import secrets


def _create_temporary(path):
    folder, base = os.path.split(os.path.abspath(path))
    while True:
        tmp = os.path.join(folder, f".{base}.{secrets.token_hex(6)}.tmp")
        try:
            # mode 0o666 minus the umask, as a plain open() would give the file
            fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666)
        except FileExistsError:
            continue
        os.close(fd)
        return tmp


def _fsync(path):
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def atomic_path(path):
    """Yield a temporary path to write to; on success it replaces ``path``.

    >>> import os, tempfile
    >>> target = os.path.join(tempfile.mkdtemp(), 'model.txt')
    >>> with atomic_path(target) as tmp:
    ...     with open(tmp, 'w') as f:
    ...         _ = f.write('weights')
    >>> with open(target) as f:
    ...     f.read()
    'weights'
    """
    path = os.fspath(path)
    tmp = _create_temporary(path)
    try:
        yield tmp
        _fsync(tmp)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def atomic_write_text(path, text):
    """Write ``text`` (UTF-8, ``\\n`` line ends) to ``path`` atomically."""
    with atomic_path(path) as tmp:
        with open(tmp, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
