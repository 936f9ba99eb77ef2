"""Load a service, wait for the start signal, change one standard and save: a writer in the save races.

Usage: ``python race_child.py FILE GO_FILE STANDARD TARGET SLOW``. Prints
``ready`` once the service is loaded, waits until ``GO_FILE`` exists, sets the
standard's target and saves, then prints ``saved`` or ``conflict``. Each
atomic write is made ``SLOW`` seconds slower, as on a busy disk.
"""

from __future__ import annotations

import os
import sys
import time

import blueprint
from blueprint.errors import SaveConflict
from blueprint.io import save as save_module


def main(path: str, go: str, ident: str, target: str, slow: str) -> None:
    write = save_module.write_atomic

    def slowed(*args: object) -> None:
        time.sleep(float(slow))
        write(*args)  # type: ignore[arg-type]

    save_module.write_atomic = slowed  # type: ignore[assignment]
    service = blueprint.load(path)
    print("ready", flush=True)
    while not os.path.exists(go):
        time.sleep(0.001)
    service.replace(ident, target=float(target))
    try:
        service.save()
    except SaveConflict:
        print("conflict", flush=True)
        return
    print("saved", flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:6])
