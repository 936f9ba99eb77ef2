"""Save one service over and over until killed: the child process of the kill-during-save trials.

Usage: ``python save_child.py FILE``. Prints ``ready`` once the service is
loaded, then alternates between the two versions of :func:`killsave.edit_version`
(title, description, first target), saving after each change. It prints
``writing`` when a save starts writing the file (so a kill can be aimed at the
write) and the count of finished saves.
"""

from __future__ import annotations

import sys

from killsave import edit_version

import blueprint
from blueprint.io import save as save_module


def main(path: str) -> None:
    write = save_module.write_atomic

    def announced(*args: object) -> None:
        print("writing", flush=True)
        write(*args)  # type: ignore[arg-type]

    save_module.write_atomic = announced  # type: ignore[assignment]
    service = blueprint.load(path)
    print("ready", flush=True)
    done = 0
    while True:
        edit_version(service, done)
        service.save()
        done += 1
        print(done, flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
