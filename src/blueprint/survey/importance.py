"""The importance customers give each key factor, read from survey results (gap 1).

BP302 compares the importance customers give a factor with management's
``assumed_importance``. Where a survey measured it, the survey's figure is
the customers' view, and it replaces the file's ``importance``:

* **IPA, stated importance**: the mean rating, rescaled from the answer scale
  to 0-1 (``(mean - low) / (high - low)``);
* **IPA, derived importance** (correlation or regression with overall
  satisfaction): each coefficient relative to the largest, negatives as 0;
* **Kano**: the larger of the satisfaction coefficients ``better`` and
  ``|worse|``, how far the attribute moves satisfaction either way.

IPA comes first where both name a factor. An attribute is a factor when it
is the factor's id, or the survey item in the factor's ``customer_evidence``.

>>> import pandas as pd
>>> from blueprint.model.examples import tiny_service
>>> from blueprint.survey import ipa
>>> table = pd.DataFrame({"attribute": ["checkin-speed", "parking"], "importance": [6.4, 3.0],
...                       "performance": [5.0, 6.0]})
>>> found = importance_from_surveys({"ipa": ipa(table, scale="1-7")}, tiny_service())
>>> found.weights, found.origins["checkin-speed"]
({'checkin-speed': 0.9}, 'IPA survey: stated importance 6.4 on 1-7')
>>> found.notes  # doctest: +NORMALIZE_WHITESPACE
['IPA survey: parking is not a key factor of tiny-hotel',
 'BP302 reads the importance of 1 factor(s) of tiny-hotel from the surveys']
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .linking import item_map_from_service
from .writeback import finish_review

if TYPE_CHECKING:
    from ..model.service import Service

__all__ = ["SurveyImportance", "gap1_context", "importance_from_surveys", "importance_review"]


@dataclass
class SurveyImportance:
    """Per factor, the importance customers showed (0-1) and where it comes from."""

    weights: dict[str, float] = field(default_factory=dict)
    origins: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def context(self) -> dict[str, dict[str, Any]]:
        """What :func:`blueprint.checks.lint` needs to run BP302 on these figures."""
        return {"BP302": {"importance": self.weights, "origins": self.origins}} if self.weights else {}


def importance_from_surveys(results: Mapping[str, Any], service: Service) -> SurveyImportance:
    """The customers' importance of the factors of ``service`` in ``results`` (kind -> result)."""
    found = SurveyImportance()
    items = item_map_from_service(service)
    if "ipa" in results:
        _from_ipa(results["ipa"], service, items, found)
    if "kano" in results:
        _from_kano(results["kano"], service, items, found)
    if results and not found.weights and ("ipa" in results or "kano" in results):
        found.notes.append(
            f"no key factor of {service.info.id} is in the IPA or Kano survey: "
            "BP302 reads the file's importance"
        )
    elif found.weights:
        found.notes.append(
            f"BP302 reads the importance of {len(found.weights)} factor(s) of {service.info.id} "
            "from the surveys"
        )
    return found


def gap1_context(results: Mapping[str, Any], service: Service | None) -> tuple[dict[str, Any], list[str]]:
    """What the lint needs to run BP302 on ``service`` with the surveys' importance, and notes on it.

    ``results`` maps a survey kind to its result, as
    :func:`blueprint.report.pipeline.read_surveys` gives them; without surveys or a
    service (a file that did not load) there is nothing to add.
    """
    if not results or service is None:
        return {}, []
    shown = importance_from_surveys(results, service)
    return shown.context(), list(shown.notes)


def _factor(attribute: object, service: Service, items: Mapping[str, str]) -> str | None:
    name = str(attribute).strip()
    if name in service.factors:
        return name
    return items.get(name) or items.get(name.upper())


def _keep(found: SurveyImportance, factor: str, weight: float, origin: str) -> None:
    if factor not in found.weights:
        found.weights[factor] = round(min(1.0, max(0.0, weight)), 2)
        found.origins[factor] = origin


def _unmatched(kind: str, names: list[str], service: Service, found: SurveyImportance) -> None:
    if names:
        shown = ", ".join(names[:8]) + (", ..." if len(names) > 8 else "")
        verb = "is not a key factor" if len(names) == 1 else "are not key factors"
        found.notes.append(
            f"{kind}: {shown} {verb} of {service.info.id}"
            + ("" if len(names) == 1 else " (name them by factor id, or by the item in customer_evidence)")
        )


def _from_ipa(result: Any, service: Service, items: Mapping[str, str], found: SurveyImportance) -> None:
    import math

    rows = [r for r in result.attributes.to_dict("records") if not math.isnan(float(r["importance"]))]
    unmatched: list[str] = []
    strongest = max((float(r["importance"]) for r in rows), default=0.0)
    low, high = result.importance_scale.low, result.importance_scale.high
    for row in rows:
        factor = _factor(row["attribute"], service, items)
        if factor is None:
            unmatched.append(str(row["attribute"]))
            continue
        if _too_few("IPA survey", row, factor, found):
            continue
        value = float(row["importance"])
        if result.method == "stated":
            _keep(found, factor, (value - low) / (high - low),
                  f"IPA survey: stated importance {value:.3g} on {low:g}-{high:g}")  # fmt: skip
        elif strongest > 0:
            _keep(found, factor, value / strongest,
                  f"IPA survey: {result.method} with overall satisfaction {value:.2f}, "
                  "relative to the strongest")  # fmt: skip
    _unmatched("IPA survey", unmatched, service, found)


def _too_few(kind: str, row: Mapping[str, Any], factor: str, found: SurveyImportance) -> bool:
    """Whether ``row`` rests on fewer answers than a figure needs; if so a note says the file's is kept."""
    from .precision import MIN_ANSWERS

    counts = [row[c] for c in ("n", "n_importance") if c in row and row[c] == row[c]]
    fewest = int(min(counts)) if counts else None
    if fewest is None or fewest >= MIN_ANSWERS or factor in found.weights:
        return False
    answers = "answer" if fewest == 1 else "answers"
    found.notes.append(
        f"{kind}: {row['attribute']} rests on {fewest} {answers}, fewer than {MIN_ANSWERS}: too few to "
        f"weigh {factor} by; its importance stays as the file has it until more customers answer"
    )
    return True


def _from_kano(result: Any, service: Service, items: Mapping[str, str], found: SurveyImportance) -> None:
    import math

    unmatched: list[str] = []
    for row in result.attributes.to_dict("records"):
        factor = _factor(row["attribute"], service, items)
        if factor is None:
            unmatched.append(str(row["attribute"]))
            continue
        better, worse = float(row["better"]), float(row["worse"])
        if math.isnan(better) or math.isnan(worse) or _too_few("Kano survey", row, factor, found):
            continue
        _keep(found, factor, max(better, abs(worse)),
              f"Kano survey: better {better:.2f}, worse {worse:.2f}")  # fmt: skip
    _unmatched("Kano survey", unmatched, service, found)


def importance_review(result: Any, service_path: str, *, write: bool = False) -> dict[str, Any]:
    """``blueprint survey ipa --service [--write-back]``: the factors' ``importance`` the survey proposes.

    The survey is customer evidence, so it proposes ``importance`` (the
    customers' view), never ``assumed_importance``. With ``write`` the changes
    are made and saved with the round-trip save. Returns text and JSON.
    """
    from ..io.load import load

    service = load(service_path)
    found = SurveyImportance()
    _from_ipa(result, service, item_map_from_service(service), found)
    changes: list[dict[str, Any]] = [
        {"factor": f, "old": service.factors[f].importance, "new": weight, "origin": found.origins[f]}
        for f, weight in found.weights.items()
        if service.factors[f].importance != weight
    ]
    lines = ["proposed importance (customers' view, from the survey)"]
    lines += [
        f"{service.moment_of.get(c['factor'], '?')} / {c['factor']}: importance "
        f"{'(none)' if c['old'] is None else format(c['old'], 'g')} -> {c['new']:g}  ({c['origin']})"
        for c in changes
    ] or ["no importance would change"]
    lines += found.notes

    def apply() -> None:
        for change in changes:
            service.replace(change["factor"], importance=change["new"])

    return finish_review(service, service_path, lines, changes, apply, what="importance(s)", write=write)
