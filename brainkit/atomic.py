"""Atomic saving: a file is either the complete new version or the old one.

``atomic_path(path)`` yields a temporary file beside the target to write to.
When the block ends without an exception the temporary file is flushed to
disk, given the permissions of the file it replaces, renamed over the target
(``os.replace``, atomic on POSIX and Windows), and the folder is flushed too,
so that the rename itself survives a power cut. On any exception the
temporary file is removed and an existing file is left as it was. Also:

- a symbolic link is followed: its target gets the new content, the link stays;
- an existing file keeps its permission bits (a 0600 model stays 0600); a new
  file gets 0666 minus the umask, as ``open`` gives; a read-only file is
  refused with ``PermissionError`` before anything is written;
- errors name the caller's path, never the hidden temporary file;
- temporary files that earlier saves to the same path left behind when their
  process was killed are removed (on POSIX, where a process can be looked up).

Temporary files are named ``.<name>.<pid>-<12 hex digits>.tmp``. This module
imports nothing from brainkit, so that every layer (``io``, ``datasets``) can
use it.
"""

import contextlib
import errno
import os
import secrets
import stat


def _temporary_names(folder, base):
    """(path, pid) of every temporary file of ours for ``base`` in ``folder``."""
    prefix, found = f".{base}.", []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return found
    for entry in entries:
        name = entry.name
        if not (name.startswith(prefix) and name.endswith(".tmp")):
            continue
        pid, _, token = name[len(prefix):-4].partition("-")
        if pid.isdigit() and len(token) == 12 and all(c in "0123456789abcdef" for c in token):
            found.append((entry.path, int(pid)))
    return found


def _process_exists(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:     # PermissionError: it exists, as another user's
        return True
    return True


def _remove_stale_temporaries(folder, base):
    # os.kill(pid, 0) only asks on POSIX (on Windows it would end the process)
    if os.name != "posix":
        return
    for tmp, pid in _temporary_names(folder, base):
        if pid != os.getpid() and not _process_exists(pid):
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def _create_temporary(folder, base):
    while True:
        tmp = os.path.join(folder, f".{base}.{os.getpid()}-{secrets.token_hex(6)}.tmp")
        try:
            # 0o666 minus the umask, as a plain open() would give the file
            fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666)
        except FileExistsError:
            continue
        os.close(fd)
        return tmp


def _target(path):
    """The file a save to ``path`` replaces (a symlink's target) and its
    stat result (None if there is no such file yet)."""
    target = os.path.realpath(path)
    try:
        st = os.stat(target)        # a symlink loop (realpath stops on a link) raises ELOOP
    except FileNotFoundError:
        return target, None
    if stat.S_ISDIR(st.st_mode):
        raise IsADirectoryError(errno.EISDIR, "is a folder, not a file", path)
    if not stat.S_ISREG(st.st_mode):
        raise OSError(errno.EINVAL, "is not a regular file (a device, pipe or socket); "
                      "save to a file", path)
    if not st.st_mode & 0o222 or not os.access(target, os.W_OK):
        raise PermissionError(errno.EACCES, "the file is read-only; make it writable "
                              "(chmod u+w) or save under another name", path)
    return target, st


def _fsync(path, flags=os.O_RDONLY):
    fd = os.open(path, flags)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_folder(folder):
    # on POSIX a rename is durable only once its folder is flushed; some file
    # systems (and Windows) cannot flush a folder, and there is nothing to do
    if os.name == "posix":
        with contextlib.suppress(OSError):
            _fsync(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))


def _keep_owner_and_mode(tmp, st):
    os.chmod(tmp, stat.S_IMODE(st.st_mode))
    if hasattr(os, "chown") and os.stat(tmp).st_uid != st.st_uid:
        with contextlib.suppress(OSError):   # only root may give a file away
            os.chown(tmp, st.st_uid, st.st_gid)


def _in_callers_terms(exc, tmp, path):
    """``exc`` with the temporary file's name replaced by ``path``."""
    def swap(text):
        return text.replace(tmp, path).replace(os.path.basename(tmp), os.path.basename(path))
    if tmp not in str(exc) and os.path.basename(tmp) not in str(exc):
        return exc
    try:
        if exc.errno is not None and exc.strerror:
            return type(exc)(exc.errno, swap(exc.strerror), path)
        return type(exc)(swap(str(exc)))
    except TypeError:       # a subclass with another signature
        return OSError(exc.errno, swap(str(exc)), path)


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
    target, st = _target(path)
    folder, base = os.path.split(target)
    _remove_stale_temporaries(folder, base)
    try:
        tmp = _create_temporary(folder, base)
    except OSError as exc:
        raise type(exc)(exc.errno, f"cannot save there ({exc.strerror})", path) from None
    try:
        yield tmp
        _fsync(tmp)
        if st is not None:
            _keep_owner_and_mode(tmp, st)
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise _in_callers_terms(exc, tmp, path) from None
        raise
    _fsync_folder(folder)


def atomic_write_text(path, text):
    """Write ``text`` (UTF-8, ``\\n`` line ends) to ``path`` atomically."""
    with atomic_path(path) as tmp:
        with open(tmp, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
