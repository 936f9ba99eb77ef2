"""Was every standard and promise measured? Unmeasured is never passed.

When data was asked for, a standard (or promise) whose every group ends
``no data`` gets the error BP334 at its line in the service file, saying why
(its source is missing, it names none, or its source lacks the metric), so a
nightly run that checked nothing fails instead of staying green. Two ways
out, both visible:

- ``measurement: {elsewhere: "..."}`` on a standard measured outside
  Blueprint: it is not measured here and is listed as measured elsewhere;
- ``allow_unmeasured`` (``--allow-unmeasured``): BP334 becomes a warning and
  the summary says the lack was allowed.

A source that is there but broken (unreadable, empty, without a needed
column) already gives an error naming its standards, so its standards get no
BP334 of their own; data in the wrong unit is BP345 (``implausible``). Both
count as not measured in :func:`summary`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING

from ..model.findings import Finding, Location
from ..model.vocabulary import Severity
from .codes import finding
from .outcome import IMPLAUSIBLE, NO_DATA, TOO_FEW, Outcome
from .outcome_table import OutcomeTable

if TYPE_CHECKING:
    from ..model.service import Service
    from .specs import Spec

__all__ = ["counts_listed", "elsewhere", "not_measured", "summary", "too_few_everywhere", "unmeasured_ids"]

_ALLOWED = "allowed knowingly (--allow-unmeasured)"


def elsewhere(service: Service) -> dict[str, str]:
    """The standards marked ``measurement: {elsewhere: ...}``, with what each says."""
    return {
        s.id: s.measurement.elsewhere
        for s in service.standards.values()
        if s.measurement is not None and s.measurement.elsewhere
    }


def not_measured(
    service: Service,
    outcomes: Iterable[Outcome],
    specs: list[Spec],
    *,
    broken: set[str],
    absent: set[str],
    allow: bool = False,
    refused: Mapping[str, str] | None = None,
    spoilt: Mapping[tuple[str, str], str] | None = None,
) -> list[Finding]:
    """BP334 for each spec whose every outcome is ``no data``, unless its source is ``broken``.

    ``absent`` holds the sources that were not found (a file or a backend
    table); ``broken`` those that gave an error of their own. ``refused``
    says why a spec's column could not be read (a column of the wrong type).
    ``spoilt`` says, per source and metric, why rows that were there were left
    out (``40 not a number``). Data that is there but cannot be read is never
    excused by ``allow``: only data that is absent is.
    """
    statuses = _statuses(outcomes)
    findings: list[Finding] = []
    nothing = {NO_DATA}
    for spec in specs:
        # Too few to judge anywhere is :func:`too_few_everywhere`'s, from the verdicts that count the groups.
        if statuses.get(spec.id, nothing) != nothing or spec.source in broken:
            continue
        unread = bool(refused and spec.id in refused)
        left = (spoilt or {}).get((spec.source, spec.metric)) if spec.source is not None else None
        if spec.source is None:
            why = "it names no data (measurement.source)"
            fix = "name its file or table under measurement.source"
        elif refused and spec.id in refused:
            why = refused[spec.id]
            fix = "export the column in a type that holds the metric's values (see the source's BP342)"
        elif left is not None:
            unread = True
            why = f"every row of metric {spec.metric!r} in its source {spec.source!r} was left out ({left})"
            fix = "export the values as the source's findings say (BP342, BP344, BP349)"
        elif spec.source in absent:
            why = f"its source {spec.source!r} was not found"
            fix = "point --data at the folder holding it"
        else:
            why = f"its source {spec.source!r} holds no valid observation of metric {spec.metric!r}"
            fix = "check that the source holds this metric under this name"
        findings.append(_unmeasured(spec, why, fix, service.locate(spec.id), allow=allow, unread=unread))
    return findings


def too_few_everywhere(
    spec: Spec,
    groups: int,
    few: int,
    shown: list[tuple[str, int]],
    least: int,
    at: Location | None,
    *,
    allow: bool = False,
) -> Finding:
    """BP334 for a spec measured but judged nowhere: each of its ``few`` groups with data (of
    ``groups``) has fewer than ``least`` observations; ``shown``: the first, with their counts."""
    if few == 1 and shown[0][0] == "all":  # not grouped: its one count says it
        why = f"it has too few observations to judge ({shown[0][1]}, fewer than {least})"
    else:
        among = f"each of its {few} groups with data" + (f" (of {groups})" if groups > few else "")
        why = (
            f"it is judged in no group: {among} has too few observations to judge "
            f"(fewer than {least}): {counts_listed(shown, few)}"
        )
    fix = "collect more observations, group more coarsely (--by), or lower --min-observations"
    return _unmeasured(spec, why, fix, at, allow=allow, unread=False)


def counts_listed(shown: list[tuple[str, int]], many: int) -> str:
    """``site-0 2025-01 (3), site-0 2025-02 (1) and 46 more``: the first of ``many`` groups, with counts."""
    more = f" and {many - len(shown)} more" if many > len(shown) else ""
    return ", ".join([f"{group} ({n})" for group, n in shown]) + more


def _unmeasured(spec: Spec, why: str, fix: str, at: Location | None, *, allow: bool, unread: bool) -> Finding:
    """BP334 saying why ``spec`` is not measured; a warning where ``allow`` excuses it (never ``unread``)."""
    what = "promise" if spec.kind == "promise" else "standard"
    said = f"; {_ALLOWED}" if allow and not unread else ""
    if allow and unread:
        said = "; not excused by --allow-unmeasured: the data is there but cannot be read"
    made = finding("BP334", f"{what} {spec.id!r} is not measured: {why}{said}", _hint(fix, unread),
                   subject=spec.id, location=at)  # fmt: skip
    if allow and not unread:
        made = Finding(
            made.rule, Severity.WARNING, made.message, made.hint,
            subject=made.subject, gap=made.gap, location=made.location,
        )  # fmt: skip
    return made


@lru_cache(maxsize=64)
def _hint(fix: str, unread: bool) -> str:
    """BP334's hint: ``fix``, or measure it elsewhere, or (unless the data is there but unread) allow it."""
    knowingly = "" if unread else "; or pass --allow-unmeasured knowingly"
    return f'{fix}; measured outside Blueprint: measurement: {{elsewhere: "by whom"}}{knowingly}'


def unmeasured_ids(outcomes: Iterable[Outcome]) -> dict[str, str]:
    """Each standard or promise that was not measured: ``no data``, ``implausible`` or ``too few`` (too
    few observations to judge in every group), in order."""
    found: dict[str, str] = {}
    for spec_id, seen in _statuses(outcomes).items():
        if IMPLAUSIBLE in seen:
            found[spec_id] = IMPLAUSIBLE
        elif seen == {NO_DATA}:
            found[spec_id] = NO_DATA
        elif _too_few(seen):
            found[spec_id] = TOO_FEW
    return found


def _too_few(seen: set[str]) -> bool:
    """Whether outcomes with the statuses ``seen`` judge nothing: too few in every group that has data."""
    return TOO_FEW in seen and seen <= {TOO_FEW, NO_DATA}


def summary(outcomes: Iterable[Outcome], elsewhere: Mapping[str, str], *, allowed: bool = False) -> str:
    """``3 of 12 standards and promises not measured (2 no data, 1 implausible)``, and what is elsewhere."""
    total = len(_statuses(outcomes))
    missed = unmeasured_ids(outcomes)
    if missed:
        kinds = [
            f"{n} {status}"
            for status in (NO_DATA, IMPLAUSIBLE, TOO_FEW)
            if (n := sum(1 for s in missed.values() if s == status))
        ]
        text = f"{len(missed)} of {total} standards and promises not measured ({', '.join(kinds)})"
        if allowed:
            text += f", {_ALLOWED}"
    elif total:
        text = f"all {total} standards and promises measured"
    else:
        text = "no standards or promises to measure"
    if elsewhere:
        text += f"; {len(elsewhere)} measured elsewhere: {', '.join(elsewhere)}"
    return text


def _statuses(outcomes: Iterable[Outcome]) -> dict[str, set[str]]:
    """Each standard's or promise's id, in order, with the statuses its outcomes got."""
    if isinstance(outcomes, OutcomeTable):
        return outcomes.statuses()
    statuses: dict[str, set[str]] = {}
    for o in outcomes:
        statuses.setdefault(o.id, set()).add(o.status)
    return statuses
