"""``python -m blueprint.cli``: the ``blueprint`` command."""

from . import main

if __name__ == "__main__":
    raise SystemExit(main())
