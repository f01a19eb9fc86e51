"""Random damage to valid data set files: the reader loads them or raises
DataSetFileError, and never fails in any other way (tests/fuzzing.py)."""

from tests.fuzzing import undocumented_outcomes


def test_damaged_data_set_files_load_or_raise_a_data_set_file_error(tmp_path):
    """200 seeded cases of damage to structure, attributes, types, links,
    storage and stored values."""
    assert undocumented_outcomes("dataset", range(200), tmp_path) == []
