"""A user's mistake ends in one line on stderr and a non-zero exit status, never a traceback."""

import pytest

import brainkit

from tests.cli.conftest import write_csv


def assert_one_line_error(result, status, message):
    assert result.status == status
    lines = result.err.splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith("brainkit: error: ")
    assert message in lines[0], lines[0]
    assert "Traceback" not in result.err + result.out


@pytest.fixture
def files(tmp_path):
    write_csv(tmp_path / "ragged.csv", [[1, 2, 3], [4, 5], [6, 7, 8]], header=["a", "b", "y"])
    write_csv(tmp_path / "text.csv", [[1, 2, 3], [4, "x", 5]], header=["a", "b", "y"])
    write_csv(tmp_path / "good.csv", [[1, 2, 3], [4, 5, 6], [7, 8, 9]], header=["a", "b", "y"])
    write_csv(tmp_path / "wide.csv", [[1, 2, 3, 4, 5]])
    brainkit.buildNetwork(4, 2, 1).save(str(tmp_path / "four.h5"))
    (tmp_path / "broken.h5").write_text("not a model")
    (tmp_path / "broken.xml").write_text("<html/>")
    (tmp_path / "folder.h5").mkdir()
    return tmp_path


@pytest.mark.parametrize("argv, message", [
    (["train", "{d}/missing.csv"], "missing.csv does not exist"),
    (["train", "{d}/four.h5"], "four.h5: an HDF5 file, but it holds no brainkit data set"),
    (["train", "{d}/ragged.csv"], "ragged.csv, line 3: 2 fields; expected 3"),
    (["train", "{d}/text.csv"],
     "text.csv, line 3, column 2 ('b'): expected a finite number; got 'x'"),
    (["train", "{d}/good.csv", "--target", "z"], "has no column named 'z' (a, b, y)"),
    (["train", "{d}/good.csv", "--target", "7"], "--target 7 is not one of them"),
    (["test", "{d}/four.h5", "{d}/good.csv"], "takes 4 inputs; {d}/good.csv has only 3 columns"),
    (["test", "{d}/four.h5", "{d}/good.csv", "--target", "y"],
     "the model {d}/four.h5 takes 4 inputs; good.csv has 2 input columns"),
    (["predict", "{d}/four.h5", "xor"], "takes 4 inputs; xor has 2 input columns"),
    (["test", "{d}/missing.h5", "{d}/good.csv"], "no model file at {d}/missing.h5"),
    (["info", "{d}/broken.h5"], "cannot read model {d}/broken.h5"),
    (["info", "{d}/broken.xml"], "cannot read model {d}/broken.xml"),
    (["info", "{d}/good.csv"], "a model file ends in .xml (PyBrain XML) or .h5/.hdf5"),
    (["convert", "{d}/four.h5", "{d}/four.json"], "OUT must end in .xml, .h5, .hdf5 or .onnx"),
    (["train", "xor", "--save", "{d}/no/such/folder/m.h5"], "the folder"),
    (["train", "xor", "--save", "{d}/m.pickle"], "--save must end in .xml, .h5 or .hdf5"),
    (["train", "xor", "--plot", "{d}/curves.docx"], "--plot must end in"),
    (["train", "{d}/good.csv", "--validation", "0.5", "--test-fraction", "0.5"],
     "leave no training data"),
    (["train", "xor", "--save", "{d}/folder.h5"], "cannot write {d}/folder.h5: it is a folder"),
    (["train", "xor", "--test", "{d}/missing.csv"], "missing.csv does not exist"),
    (["train", "{d}/good.csv", "--regress", "--target", "a,y", "--test", "{d}/wide.csv"],
     "wide.csv has no column named 'a'"),
    (["train", "xor", "--until-convergence"], "--until-convergence needs validation data"),
    (["train", "iris", "--target", "0"], "--target applies to CSV files"),
    (["plot", "{d}/four.h5", "{d}/wide.csv", "-o", "{d}/r.png"],
     "decision regions need a model with 2 inputs"),
    (["train", "xor", "--loss", "crossentropy", "--outclass", "linear"],
     "loss='crossentropy' needs a SoftmaxLayer (classes) or a SigmoidLayer (yes/no outputs) "
     "as the output module; 'out' is a LinearLayer: use loss='mse' or change the output "
     "layer (--loss, --outclass)"),
])
def test_user_mistakes_exit_1(run, files, argv, message):
    result = run(*[a.format(d=files) for a in argv])
    assert_one_line_error(result, 1, message.format(d=files))


@pytest.mark.parametrize("argv, message", [
    ([], "the following arguments are required: COMMAND"),
    (["fly"], "invalid choice: 'fly'"),
    (["train", "--lr", "fast"], "argument --lr: expected a number"),
    (["train", "--lr", "0"], "expected a number in (0, inf)"),
    (["train", "--validation", "1"], "expected a number in [0, 1)"),
    (["train", "--epochs", "0"], "expected a positive integer"),
    (["train", "--hidden", "64,x"], "expected layer sizes like 64 or 64,32"),
    (["train", "--epochs", "3", "--until-convergence"], "not allowed with argument --epochs"),
    (["train", "--hiddenclass", "cubic"], "invalid choice: 'cubic'"),
    (["train", "--delimiter", "ab"], "expected one character (or 'tab'); got 'ab'"),
    (["train", "--trainer", "rprop", "--lr", "0.1"], "--lr does not apply to --trainer rprop"),
    (["train", "--trainer", "adam", "--momentum", "0.5"], "--momentum does not apply"),
    (["train", "--test", "t.csv", "--test-fraction", "0.2"],
     "give --test FILE or --test-fraction, not both"),
    (["train", "--classify", "--regress"], "not allowed with argument --classify"),
    (["test", "only-a-model.h5"], "the following arguments are required: DATA"),
    (["plot", "m.h5"], "the following arguments are required: -o/--output"),
])
def test_usage_errors_exit_2(run, argv, message):
    assert_one_line_error(run(*argv), 2, message)


def test_diverging_training_is_a_clear_error(run, tmp_path):
    path = write_csv(tmp_path / "big.csv", [[1e150, 1e150], [-1e150, 1e150]] * 4)
    result = run("train", path, "--no-scale", "--epochs", "5", "--hidden", "none",
                 "--validation", "0", "--quiet", "--dtype", "float64", "--regress",
                 "--trainer", "backprop", "--lr", "10")
    assert_one_line_error(result, 1, "training diverged in epoch ")
    assert result.out.startswith("training RMSE ")      # the final line still comes


def test_a_failed_save_names_the_users_path(run, tmp_path, monkeypatch):
    import brainkit.io

    def fail(net, path):
        raise PermissionError(13, "Permission denied", str(tmp_path / ".m.h5.tmp-123"))
    monkeypatch.setattr(brainkit.io, "save", fail)
    result = run("train", "xor", "--epochs", "1", "--save", tmp_path / "m.h5", "--quiet")
    assert_one_line_error(result, 1, f"cannot write {tmp_path / 'm.h5'}: Permission denied")
    assert ".tmp" not in result.err


def test_save_and_plot_destinations_are_checked_before_training(run, tmp_path):
    result = run("train", "digits", "--save", tmp_path / "nowhere" / "m.h5")
    assert_one_line_error(result, 1, f"the folder {tmp_path / 'nowhere'} does not exist")
    assert result.out == ""                 # nothing was read or trained


def test_out_of_memory_is_one_line(run, monkeypatch):
    from brainkit.cli import commands

    def boom(*args, **kwargs):
        raise MemoryError()
    monkeypatch.setattr(commands, "load_data", boom)
    assert_one_line_error(run("train", "xor"), 1, "out of memory")


def test_a_read_only_destination_is_refused_before_training(run, tmp_path, monkeypatch):
    import os
    target = tmp_path / "m.h5"
    target.write_bytes(b"old")
    real = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if str(p) == str(target)
                        else real(p, mode))
    result = run("train", "digits", "--save", target)
    assert_one_line_error(result, 1, f"cannot write {target}: the file is read-only")
    assert result.out == "" and target.read_bytes() == b"old"


def test_a_folder_without_write_permission_is_refused_before_training(run, tmp_path,
                                                                      monkeypatch):
    import os
    real = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if str(p) == str(tmp_path)
                        else real(p, mode))      # (root may write anywhere: no chmod here)
    result = run("train", "digits", "--save", tmp_path / "m.h5")
    assert_one_line_error(result, 1, f"cannot write {tmp_path / 'm.h5'}: no permission to "
                                     f"write in the folder {tmp_path}")
    assert result.out == "" and not (tmp_path / "m.h5").exists()


def test_a_scheduler_without_dask_is_one_line(run, monkeypatch):
    monkeypatch.setitem(__import__("sys").modules, "distributed", None)    # not installed
    assert_one_line_error(run("sweep", "xor", "--scheduler", "tcp://a:1"), 1,
                          "--scheduler needs Dask's distributed package: pip install "
                          "'brainkit[dask]'")


def test_a_column_cannot_be_both_input_and_target(run, tmp_path):
    path = write_csv(tmp_path / "d.csv", [[1, 2, 0], [3, 4, 1], [5, 6, 0], [7, 8, 1]],
                     header=["a", "b", "y"])
    model = tmp_path / "m.h5"
    assert run("train", path, "--epochs", "1", "--save", model, "--quiet").status == 0
    result = run("test", model, path, "--target", "a")
    assert_one_line_error(result, 1, "column 'a' is both an input of the model and a --target")


def test_more_classes_in_the_data_than_the_model_has_outputs(run, tmp_path):
    model = tmp_path / "plain.h5"
    brainkit.buildNetwork(2, 3, 2).save(str(model))
    path = write_csv(tmp_path / "d.csv", [[0.1, 0.2, 0], [0.3, 0.1, 2]])
    assert_one_line_error(run("test", model, path, "--classify"), 1,
                          "class '2' is not one the model knows (0, 1)")


def test_metadata_that_does_not_fit_the_model_is_refused(run, tmp_path):
    net = brainkit.buildNetwork(2, 3, 2)
    net.metadata = {"classes": ["a", "b", "c"]}
    model = tmp_path / "m.h5"
    net.save(str(model))
    path = write_csv(tmp_path / "d.csv", [[0.1, 0.2, "a"]])
    assert_one_line_error(run("test", model, path), 1,
                          "names 3 classes but has 2 outputs; its metadata does not fit it")


# HDF5 models that crash or hang libhdf5: the command's child process check -----------

def test_a_model_that_crashes_the_hdf5_library_is_a_one_line_error(run, files, monkeypatch,
                                                                    real_file_check):
    from brainkit.tools import checkfile
    monkeypatch.setattr(checkfile, "_CHILD",
                        "import os, signal; os.kill(os.getpid(), signal.SIGSEGV)")
    result = run("info", files / "four.h5")
    assert_one_line_error(result, 1, "four.h5: reading the file crashed the HDF5 library "
                                     "(SIGSEGV); the file is damaged")


def test_a_model_that_hangs_the_hdf5_library_is_a_one_line_error(run, files, monkeypatch,
                                                                  real_file_check):
    from brainkit.cli import commands
    from brainkit.tools import checkfile
    monkeypatch.setattr(checkfile, "_CHILD", "import time; time.sleep(60)")
    monkeypatch.setattr(commands, "CHECK_SECONDS", 1)
    result = run("predict", files / "four.h5", files / "wide.csv")
    assert_one_line_error(result, 1, "four.h5: reading the file did not finish within 1 s")


def test_a_good_model_passes_the_check(run, files, real_file_check):
    result = run("info", files / "four.h5")
    assert result.status == 0 and "4" in result.out
