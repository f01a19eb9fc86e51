"""``python -m brainkit``: the ``brainkit`` command (see brainkit.cli)."""

from brainkit.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
