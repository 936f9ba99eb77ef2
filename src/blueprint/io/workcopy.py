"""A working copy of a service file, so that trying things out never changes the original.

The notebooks and ``blueprint workshop present`` save what the room decides;
they save it into a copy made here, in a fresh temporary folder or in a
folder the user names, and say where it is.

>>> import pathlib, tempfile
>>> original = pathlib.Path(tempfile.mkdtemp()) / "shoeshine.yaml"
>>> _ = original.write_text("service: {id: shoeshine}\\n", encoding="utf-8")
>>> copy = working_copy(original, prefix="blueprint-doc-")
>>> copy.name, copy.parent != original.parent, copy.read_bytes() == original.read_bytes()
('shoeshine.yaml', True, True)
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from ..errors import BlueprintError

__all__ = ["WorkingCopyError", "working_copy"]


class WorkingCopyError(BlueprintError):
    """The working copy cannot be made (the folder would overwrite the original, or is not writable)."""


def working_copy(source: str | Path, folder: str | Path | None = None, *, prefix: str = "blueprint-") -> Path:
    """Copy ``source`` into ``folder`` (default: a new temporary folder) and return the copy's path.

    A copy already in ``folder`` is kept (the work of an earlier run goes on);
    a ``folder`` that is the original's own folder is refused, since the copy
    would be the original.
    """
    source = Path(source)
    if not source.is_file():
        raise WorkingCopyError(f"{source}: no such file (fix: give the path of a service file)")
    if folder is None:
        target_folder = Path(tempfile.mkdtemp(prefix=prefix))
    else:
        target_folder = Path(folder)
        try:
            target_folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise WorkingCopyError(
                f"{target_folder}: cannot make the working folder ({exc.strerror}) "
                "(fix: name a folder you can write to)"
            ) from None
        if target_folder.resolve() == source.resolve().parent:
            raise WorkingCopyError(
                f"{target_folder}: this is the folder of {source.name} itself, so the copy would be the "
                "original (fix: name another folder, or work on the original on purpose with --in-place)"
            )
    copy = target_folder / source.name
    if not copy.exists():
        shutil.copy2(source, copy)
    return copy
