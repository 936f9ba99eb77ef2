"""Write a service back to its file without losing a comment or a line of anyone's work.

Only what changed is touched. A changed value that is written in the file is
replaced in place, character for character, so an edited target changes one
line and nothing else. Additions and removals go through ruamel.yaml's
round-trip mode, which keeps comments, key order and quoting. Writes are
atomic, and a file that changed on disk since it was loaded is not
overwritten unless asked.
"""

from __future__ import annotations

import difflib
import errno
import io
import json
import os
import re
from pathlib import Path
from typing import Any

from ..errors import SaveConflict, SaveError, SaveFailed
from ..model.objects import dump
from ..model.service import SECTION_OF, Service
from .atomic import LockTimeout, locked, write_atomic
from .document import Document, digest
from .round_trip import OLD_BOOLEAN, Op, yaml_for
from .text_edits import KEEP_EMPTY, apply_edits, rewrite, value_at
from .yaml_located import Mapping, Sequence

__all__ = ["dumps", "escaped", "save", "to_document"]

_SECTIONS = tuple(SECTION_OF.values())
# Characters a YAML reader refuses or reads as a line break when written raw: they are
# written as escapes inside double quotes, so the text reads back exactly.
_ESCAPE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")


def save(service: Service, path: str | os.PathLike[str] | None = None, *, force: bool = False) -> Path:
    """Write ``service`` to ``path`` (default: the file it was loaded from); return the path.

    The text is read back with the loader before it replaces the file: if it
    would not load to this very service, :class:`SaveError` says where and
    the file is left as it was. The check for changes made on disk and the
    rename happen under a lock, so of two saves at once the second sees the
    first's change and raises :class:`SaveConflict`. So does a save to
    ``path`` naming an existing file other than the one the service was
    loaded from, unless ``force``.
    """
    target = Path(path if path is not None else service.source or "")
    if not str(target) or target.is_dir():
        raise SaveError("this service has no file yet: pass a path, e.g. service.save('standards/new.yaml')")
    if path is not None and not force and target.exists() and not _same_file(target, service.source):
        loaded = f"loaded from {service.source}" if service.source else "built in code"
        raise SaveConflict(
            f"{target} exists and is another file than the one this service was {loaded}; "
            "not overwriting it. Save to a new file, or pass force=True to replace it."
        )
    document: Document | None = service.document
    if document is None:
        text, bom = dumps(service), False
        reread = _verified(service, text, target)
    else:
        bom = document.bom
        text, reread = _edited(service, document, target)
    raw = ("\ufeff" if bom else "").encode() + text.encode("utf-8")
    try:
        with locked(target):
            if document is not None and not force and _same_file(target, service.source):
                _refuse_if_changed(target, document)
            write_atomic(target, raw)
    except LockTimeout as busy:
        raise SaveConflict(f"{busy}; {target} was not changed") from None
    except OSError as refused:
        raise _failed(target, refused) from refused
    _refresh(service, reread, raw, target)
    return target


def _edited(service: Service, document: Document, target: Path) -> tuple[str, Any]:
    """The file's text with the service's changes made, and that text read back.

    The changes are found by identity: a record that is the very object
    loaded is taken as unchanged. A list or mapping inside a record can
    still be changed in place (``moment.next.append(...)``); when the text
    then reads back wrong, the service is compared once more with the
    records read afresh from the file. An edit the line-by-line splices
    cannot make is written by ruamel.yaml's round trip, verified in turn.
    """
    ops = _changes(service, document)
    text = apply_edits(document, ops)
    try:
        return text, _verified(service, text, target)
    except SaveError:
        written = _as_written(document)
        again = _changes(service, written) if written is not None else ops
        if written is not None and again != ops:
            document, ops, text = written, again, apply_edits(written, again)
            try:
                return text, _verified(service, text, target)
            except SaveError:
                pass
        if not ops or (fallback := rewrite(document, ops)) == text:
            raise
        return fallback, _verified(service, fallback, target)


def _as_written(document: Document) -> Document | None:
    """``document`` with its records read afresh from its text: objects no one else holds."""
    from .load import read_text

    loaded = read_text(document.text, document.source).service
    return loaded.document if loaded is not None else None


def to_document(service: Service) -> dict[str, Any]:
    """The service as the plain data of a version 1 file, defaults left out."""
    data: dict[str, Any] = {"version": 1, "service": dump(service.info)}
    for section in _SECTIONS:
        records = getattr(service, section)
        if records:
            data[section] = [dump(r) for r in records.values()]
    return data


def dumps(service: Service) -> str:
    """The service as new YAML text (for services built in code)."""
    stream = io.StringIO()
    yaml_for(None).dump(escaped(to_document(service)), stream)
    return stream.getvalue()


def escaped(value: Any) -> Any:
    """Text holding control characters or odd line breaks, double-quoted so it reads back unchanged."""
    if isinstance(value, dict):
        return {key: escaped(item) for key, item in value.items()}
    if isinstance(value, list):
        return [escaped(item) for item in value]
    if isinstance(value, str) and _ESCAPE.search(value.replace("\n", "").replace("\t", "")):
        from ruamel.yaml.scalarstring import DoubleQuotedScalarString

        return DoubleQuotedScalarString(value)
    if isinstance(value, str) and OLD_BOOLEAN.match(value):  # 'no' stays text for YAML 1.1 readers too
        from ruamel.yaml.scalarstring import SingleQuotedScalarString

        return SingleQuotedScalarString(value)
    return value


# -- what changed ---------------------------------------------------------------------


def _changes(service: Service, document: Document) -> list[Op]:
    ops: list[Op] = []
    if service.info != document.info:
        _diff(document.located().get("service"), _json(document.info), _json(service.info), ("service",), ops)
    current = {
        ident: (section, record)
        for section in _SECTIONS
        for ident, record in getattr(service, section).items()
    }
    for ident, old in document.records.items():
        path = document.index.get(ident)
        new = current.get(ident, (None, None))[1]
        if path is None or new is old:
            continue
        if new is None:
            ops.append(("delete", path, None))
        else:
            _diff(value_at(document.located(), path), _json(old), _json(new), path, ops)
    for ident, (section, record) in current.items():
        if ident not in document.records:
            ops.append(("append", (section,), dump(record)))
    return ops


def _diff(raw: Any, old: Any, new: Any, path: tuple[Any, ...], ops: list[Op]) -> None:
    if old == new:
        return
    if isinstance(raw, Mapping) and isinstance(old, dict) and isinstance(new, dict):
        for key in new:
            if old.get(key) == new[key]:
                continue
            if key in raw:
                if new[key] is None or (new[key] == [] and key not in KEEP_EMPTY):
                    ops.append(("delete", (*path, key), None))
                else:
                    _diff(raw[key], old.get(key), new[key], (*path, key), ops)
            elif new[key] is not None:
                ops.append(("set", (*path, key), _compact(new[key])))
    elif isinstance(raw, Sequence) and isinstance(old, list) and isinstance(new, list):
        _diff_list(raw, old, new, path, ops)
    else:
        ops.append(("set", path, _compact(new)))


def _diff_list(raw: Sequence, old: list[Any], new: list[Any], path: tuple[Any, ...], ops: list[Op]) -> None:
    def ids(items: list[Any]) -> list[Any]:
        return [item.get("id") if isinstance(item, dict) else None for item in items]

    if None in ids(old) or None in ids(new) or len(raw) != len(old):
        if len(raw) == len(old) < len(new) and new[: len(old)] == old:  # added at the end
            ops.extend(("append", path, _compact(item)) for item in new[len(old) :])
        elif len(old) == len(new) == len(raw):
            for i, (a, b) in enumerate(zip(old, new, strict=True)):
                _diff(raw[i], a, b, (*path, i), ops)
        else:
            ops.append(("set", path, _compact(new)))
        return
    by_id = {item["id"]: item for item in new}
    for i in reversed(range(len(old))):
        if old[i]["id"] not in by_id:
            ops.append(("delete", (*path, i), None))
    for i, item in enumerate(old):
        if item["id"] in by_id:
            _diff(raw[i], item, by_id[item["id"]], (*path, i), ops)
    known = {item["id"] for item in old}
    ops.extend(("append", path, _compact(item)) for item in new if item["id"] not in known)


# -- bookkeeping --------------------------------------------------------------------------


#: what to do when the system refuses a write, by errno
_REFUSED = {
    errno.ENOSPC: "free some space on the disk and save again",
    errno.EDQUOT: "free some space (the disk quota is full) and save again",
    errno.EACCES: "check the permission to write the file and its folder (a save writes a new file "
    "beside it and renames it over the old one), then save again",
    errno.EPERM: "check the permission to write the file and its folder, then save again",
    errno.EROFS: "the disk is read-only: save to a file on another disk with service.save(path)",
}


def _failed(target: Path, refused: OSError) -> SaveFailed:
    what = refused.strerror or str(refused)
    hint = _REFUSED.get(refused.errno or 0, "save again once that is put right")
    failed = SaveFailed(f"{target}: not saved; the file is as it was ({what}): {hint}.")
    failed.errno, failed.strerror, failed.filename = refused.errno, refused.strerror, str(target)
    return failed


def _refuse_if_changed(target: Path, document: Document) -> None:
    try:
        on_disk = target.read_bytes()
    except FileNotFoundError:
        raise SaveConflict(
            f"{target} was removed or renamed on disk since it was loaded; not writing it again. "
            "Save to its new name with service.save(path, force=True), "
            "or with force=True to write it back here."
        ) from None
    if document.fingerprint is None or digest(on_disk) == document.fingerprint:
        return
    now = on_disk.decode("utf-8-sig", errors="replace").splitlines()
    diff = list(
        difflib.unified_diff(document.text.splitlines(), now, "as loaded", "on disk now", lineterm="", n=1)
    )
    shown = "\n".join(diff[:40]) + ("\n..." if len(diff) > 40 else "")
    raise SaveConflict(
        f"{target} changed on disk since it was loaded; not overwriting it.\n{shown}\n"
        "Reload the file and apply your change again, or save with force=True to overwrite."
    )


def _verified(service: Service, text: str, target: Path) -> Any:
    """``text`` read back with the loader; :class:`SaveError` unless it is exactly ``service``."""
    from .load import read_text

    reread = read_text(text, str(target))
    if reread.service is None:
        problems = "\n".join(f"  {f}" for f in reread.findings[:5])
        raise SaveError(
            f"{target}: the text written for this service would not load, so the file was not changed:\n"
            f"{problems}\nPlease report this with the file; meanwhile edit the file by hand."
        )
    expected, found = to_document(service), to_document(reread.service)
    if expected != found:
        what, ident, field = _first_difference(expected, found)
        place = str(target)
        if service.document is not None and _same_file(target, service.source):
            at = service.document.locate(ident or "", field)
            place = str(at)
        raise SaveError(
            f"{place}: the text written would load differently from the service ({what}), "
            "so the file was not changed. If the file uses anchors and aliases (&name, *name), "
            "write the part you edit out in full and repeat the edit."
        )
    return reread


def _first_difference(
    expected: Any, found: Any, where: str = "", ident: str | None = None, field: str | None = None
) -> tuple[str, str | None, str | None]:
    """The first place two documents differ, with the id of the record and its field there."""
    if isinstance(expected, dict) and isinstance(found, dict):
        for key in [*expected, *(k for k in found if k not in expected)]:
            if expected.get(key) != found.get(key):
                deeper = f"{where}.{key}".lstrip(".")
                return _first_difference(expected.get(key), found.get(key), deeper, ident, field or key)
    if isinstance(expected, list) and isinstance(found, list) and len(expected) == len(found):
        for i, (a, b) in enumerate(zip(expected, found, strict=True)):
            if a != b:
                name = a.get("id") if isinstance(a, dict) else None
                inner = (name, None) if isinstance(name, str) else (ident, field)
                return _first_difference(a, b, f"{where}[{name if name is not None else i}]", *inner)
    return f"{where or 'the service'}: saved {_short(expected)}, would read {_short(found)}", ident, field


def _short(value: Any) -> str:
    shown = json.dumps(value, ensure_ascii=False, default=str)
    return shown if len(shown) <= 80 else shown[:77] + "..."


def _refresh(service: Service, reread: Any, raw: bytes, target: Path) -> None:
    assert reread.service is not None  # _verified made sure
    document: Document = reread.service.document
    document.bom, document.fingerprint = raw.startswith(b"\xef\xbb\xbf"), digest(raw)
    document.records = {i: r for table in _SECTIONS for i, r in getattr(service, table).items()}
    document.info = service.info
    service.document, service.locator, service.source = document, reread.service.locator, str(target)
    service.reindex()  # a list or mapping changed in place is in the indexes and the graph from now on


def _same_file(target: Path, source: str | None) -> bool:
    return source is not None and Path(source).resolve() == target.resolve()


def _json(record: Any) -> Any:
    return record.model_dump(mode="json")


def _compact(item: Any) -> Any:
    """New data without keys left at their empty defaults, at every depth (a new factor's ``bpm: null``)."""
    if isinstance(item, dict):
        return {k: _compact(v) for k, v in item.items() if v not in (None, [], {}, False)}
    if isinstance(item, list):
        return [_compact(v) for v in item]
    return item
