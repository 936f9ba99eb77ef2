"""Writing a Kano classification back into the factors' BPM tags: propose, show, then apply.

Nothing changes until the user accepts: :func:`bpm_proposals` lists what would
change (factor, old tag, new tag), :func:`describe` shows it as a diff, and
:func:`apply_bpm` makes the edits through ``Service.replace`` so that
``blueprint.io.save.save`` writes only those lines back to the YAML file.

>>> from blueprint.model.examples import tiny_service
>>> from blueprint.survey.kano import kano, pairs_frame
>>> service = tiny_service()
>>> result = kano(pairs_frame("checkin-speed", [("like", "dislike")] * 8 + [("must-be", "dislike")]))
>>> changes = bpm_proposals(result, service)
>>> print(describe(changes, service))
check-in / checkin-speed: bpm basic -> performance  (Kano O: A0 O8 M1 I0 R0 Q0)
>>> apply_bpm(service, changes)
1
>>> service.factors["checkin-speed"].bpm.value
'performance'
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .errors import SurveyDataError
from .precision import MIN_ANSWERS

if TYPE_CHECKING:
    from ..model.service import Service

__all__ = [
    "BpmChange",
    "apply_bpm",
    "bpm_proposals",
    "bpm_review",
    "describe",
    "finish_review",
    "unmatched_attributes",
]


@dataclass(frozen=True)
class BpmChange:
    """One proposed edit: the factor's BPM tag from ``old`` to ``new``, and the evidence for it."""

    factor: str
    old: str | None
    new: str
    attribute: str
    category: str
    counts: Mapping[str, int]
    tied: tuple[str, ...] = ()
    #: whether the category is clearly ahead of the next (Fong's test); False: ask more customers
    significant: bool = True

    def to_dict(self) -> dict[str, Any]:
        return {
            "factor": self.factor,
            "old": self.old,
            "new": self.new,
            "attribute": self.attribute,
            "category": self.category,
            "counts": dict(self.counts),
            "tied": list(self.tied),
            "significant": self.significant,
        }


def bpm_proposals(result: Any, service: Service, mapping: Mapping[str, str] | None = None) -> list[BpmChange]:
    """The BPM tags a Kano ``result`` would change; attributes are factor ids unless ``mapping`` maps them.

    Attributes classified Questionable (or with no answers) and attributes that
    name no factor propose nothing; see :func:`unmatched_attributes`.
    """
    links = dict(mapping or {})
    unknown = sorted(set(links.values()) - set(service.factors))
    if unknown:
        raise SurveyDataError(
            f"the attribute mapping names factors the service does not have: {', '.join(unknown)}"
        )
    changes = []
    for row in result.attributes.to_dict("records"):
        factor_id = links.get(row["attribute"], row["attribute"])
        if factor_id not in service.factors or not row["bpm"]:
            continue
        old = service.factors[factor_id].bpm
        old_value = old.value if old is not None else None
        if old_value != row["bpm"]:
            counts = {c: int(row[c]) for c in ("A", "O", "M", "I", "R", "Q")}
            changes.append(
                BpmChange(
                    factor_id,
                    old_value,
                    row["bpm"],
                    row["attribute"],
                    row["category"],
                    counts,
                    tuple(row["tied"]),
                    row.get("significant") is not False,
                )
            )
    return changes


def unmatched_attributes(
    result: Any, service: Service, mapping: Mapping[str, str] | None = None
) -> list[str]:
    """Attributes of ``result`` that name no factor of ``service``."""
    links = dict(mapping or {})
    return [a for a in result.attributes["attribute"] if links.get(a, a) not in service.factors]


def describe(changes: list[BpmChange], service: Service | None = None) -> str:
    """The proposal as lines a person can accept or reject."""
    if not changes:
        return "no BPM tag would change"
    lines = []
    for c in changes:
        where = f"{service.moment_of.get(c.factor, '?')} / " if service is not None else ""
        counts = " ".join(f"{k}{v}" for k, v in c.counts.items())
        tie = f", tied {'/'.join(c.tied)}" if c.tied else ""
        if not c.significant:
            tie += "; not significant (Fong's test): ask more customers before accepting"
        elif sum(c.counts.values()) < MIN_ANSWERS:
            tie += f"; too few answers (fewer than {MIN_ANSWERS}): ask more customers before accepting"
        lines.append(
            f"{where}{c.factor}: bpm {c.old or '(none)'} -> {c.new}  (Kano {c.category}: {counts}{tie})"
        )
    return "\n".join(lines)


def apply_bpm(service: Service, changes: list[BpmChange]) -> int:
    """Make the accepted ``changes`` on ``service`` (through ``Service.replace``); return how many."""
    for change in changes:
        service.replace(change.factor, bpm=change.new)
    return len(changes)


def bpm_review(
    result: Any, service_path: str, *, mapping: str | None = None, write: bool = False
) -> dict[str, Any]:
    """``blueprint survey kano --service [--write-back]``: the BPM tags proposed, as text and JSON.

    Loads the service file, proposes the tags (``mapping`` as ``ATTRIBUTE=FACTOR,...``)
    and, with ``write``, makes them and saves the file with the round-trip save.
    """
    from ..io.load import load
    from .readers import parse_mapping

    service = load(service_path)
    links = parse_mapping(mapping, what="--map")
    changes = bpm_proposals(result, service, links)
    lines = ["proposed BPM tags", describe(changes, service)]
    unmatched = unmatched_attributes(result, service, links)
    if unmatched:
        lines.append(f"not factors of {service_path} (map them with --map): {', '.join(unmatched)}")
    proposals = [c.to_dict() for c in changes]
    return finish_review(service, service_path, lines, proposals, lambda: apply_bpm(service, changes),
                         what="BPM tag(s)", write=write)  # fmt: skip


def finish_review(
    service: Service,
    service_path: str,
    lines: list[str],
    proposals: list[dict[str, Any]],
    apply: Callable[[], object],
    *,
    what: str,
    write: bool,
) -> dict[str, Any]:
    """End a write-back review: with ``write``, ``apply`` the proposals and save the file round-trip.

    Every survey write-back (BPM tags, tolerances, importance) reports the same way:
    ``{"json": {"proposals", "written"}, "text"}``.
    """
    if write and proposals:
        from ..io.save import save

        apply()
        save(service)
        lines.append(f"wrote {len(proposals)} {what} to {service_path}")
    elif proposals:
        lines.append("add --write-back to accept these changes and save the file")
    return {
        "json": {"proposals": proposals, "written": bool(write and proposals)},
        "text": "\n".join(lines) + "\n",
    }
