"""Atomic saving (brainkit/atomic.py), for network files in both formats and for
data set files: symlinks, permissions, read-only files, error messages, the
temporary files of killed saves, and the folder flush."""

import os
import stat
import subprocess
import sys

import numpy as np
import pytest

from brainkit import SupervisedDataSet, buildNetwork
from brainkit import atomic


def save_xml(path, size=3):
    buildNetwork(2, size, 1).save(path)


def save_h5(path, size=3):
    buildNetwork(2, size, 1).save(path)


def save_dataset(path, size=3):
    SupervisedDataSet.fromArrays(np.ones((size, 2)), np.ones((size, 1))).saveToFile(path)


SAVERS = [pytest.param(save_xml, "m.xml", id="xml"), pytest.param(save_h5, "m.h5", id="h5"),
          pytest.param(save_dataset, "d.h5", id="dataset")]


@pytest.mark.parametrize("save, name", SAVERS)
def test_saving_through_a_symlink_writes_its_target_and_keeps_the_link(save, name, tmp_path):
    real = tmp_path / "store" / name
    real.parent.mkdir()
    save(real)
    link = tmp_path / name
    link.symlink_to(real)
    before = real.read_bytes()
    save(link, size=5)
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_bytes() != before
    assert sorted(os.listdir(real.parent)) == [name]      # the temporary went too


@pytest.mark.parametrize("save, name", SAVERS)
def test_saving_keeps_the_existing_files_permissions(save, name, tmp_path):
    path = tmp_path / name
    save(path)
    path.chmod(0o600)
    save(path, size=5)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    path.chmod(0o640)
    save(path, size=4)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


@pytest.mark.parametrize("save, name", SAVERS)
def test_a_read_only_file_is_refused_and_left_alone(save, name, tmp_path):
    path = tmp_path / name
    save(path)
    path.chmod(0o444)
    before = path.read_bytes()
    with pytest.raises(PermissionError, match=rf"the file is read-only; make it writable.*"
                                              rf"'{path}'"):
        save(path, size=5)
    assert path.read_bytes() == before and os.listdir(tmp_path) == [name]


@pytest.mark.parametrize("save, name", SAVERS)
def test_errors_name_the_users_path_not_the_temporary_file(save, name, tmp_path, monkeypatch):
    path = tmp_path / name
    save(path)
    before = path.read_bytes()

    def full_disk(src, dst):
        raise OSError(28, "No space left on device", src)

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(OSError, match="No space left on device") as info:
        save(path, size=5)
    monkeypatch.undo()
    assert str(path) in str(info.value) and ".tmp" not in str(info.value)
    assert path.read_bytes() == before and os.listdir(tmp_path) == [name]


def test_an_error_message_from_inside_the_writer_is_rewritten_too(tmp_path):
    path = str(tmp_path / "m.h5")
    with pytest.raises(OSError, match=r"Unable to create file \(name = '.*/m\.h5'\)") as info:
        with atomic.atomic_path(path) as tmp:
            raise OSError(f"Unable to create file (name = '{tmp}')")
    assert ".tmp" not in str(info.value)


def test_a_folder_that_is_missing_is_named(tmp_path):
    path = tmp_path / "nowhere" / "m.xml"
    with pytest.raises(FileNotFoundError, match=r"cannot save there.*nowhere/m\.xml"):
        save_xml(path)


def test_a_folder_at_the_path_is_refused(tmp_path):
    (tmp_path / "m.xml").mkdir()
    with pytest.raises(IsADirectoryError, match="is a folder, not a file"):
        save_xml(tmp_path / "m.xml")


@pytest.mark.parametrize("save, name", SAVERS)
def test_a_pipe_at_the_path_is_refused(save, name, tmp_path):
    os.mkfifo(tmp_path / name)
    with pytest.raises(OSError, match=r"is not a regular file \(a device, pipe or socket\); "
                                      r"save to a file"):
        save(tmp_path / name)
    assert os.listdir(tmp_path) == [name]


def test_a_symlink_loop_is_refused(tmp_path):
    os.symlink("b.xml", tmp_path / "a.xml")
    os.symlink("a.xml", tmp_path / "b.xml")
    with pytest.raises(OSError, match=r"(?i)too many levels of symbolic links: .*a\.xml"):
        save_xml(tmp_path / "a.xml")
    assert sorted(os.listdir(tmp_path)) == ["a.xml", "b.xml"]


def dead_pid():
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


@pytest.mark.parametrize("save, name", SAVERS)
def test_temporaries_of_killed_saves_are_removed_but_not_those_of_running_ones(save, name,
                                                                              tmp_path):
    stale = tmp_path / f".{name}.{dead_pid()}-0123456789ab.tmp"
    stale.write_bytes(b"x" * 1000)
    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        busy = tmp_path / f".{name}.{running.pid}-ba9876543210.tmp"
        busy.write_bytes(b"y")
        other = tmp_path / f".other.h5.{dead_pid()}-0123456789ab.tmp"    # another file's
        other.write_bytes(b"z")
        save(tmp_path / name)
        assert sorted(os.listdir(tmp_path)) == sorted([name, busy.name, other.name])
    finally:
        running.kill()
        running.wait()


KILLED_SAVE = """
import sys, time
from brainkit.atomic import atomic_path
with atomic_path(sys.argv[1]) as tmp:
    open(tmp, 'wb').write(b'half a model')
    print('writing', flush=True)
    time.sleep(60)
"""


def test_a_save_cleans_up_after_a_save_that_was_killed(tmp_path):
    path = tmp_path / "m.h5"
    save_h5(path)
    child = subprocess.Popen([sys.executable, "-c", KILLED_SAVE, str(path)],
                             stdout=subprocess.PIPE, text=True,
                             cwd=os.path.dirname(os.path.dirname(atomic.__file__)))
    assert child.stdout.readline() == "writing\n"
    child.kill()
    child.wait()
    child.stdout.close()
    assert len(os.listdir(tmp_path)) == 2                 # the killed save's temporary
    save_h5(path, size=4)
    assert os.listdir(tmp_path) == ["m.h5"]


def test_the_folder_is_flushed_after_the_rename(tmp_path, monkeypatch):
    events = []
    replace, fsync = os.replace, os.fsync

    def logged_replace(src, dst):
        events.append("replace")
        replace(src, dst)

    def logged_fsync(fd):
        events.append("fsync folder" if stat.S_ISDIR(os.fstat(fd).st_mode) else "fsync file")
        fsync(fd)

    monkeypatch.setattr(os, "replace", logged_replace)
    monkeypatch.setattr(os, "fsync", logged_fsync)
    atomic.atomic_write_text(tmp_path / "a.txt", "text")
    assert events == ["fsync file", "replace", "fsync folder"]

