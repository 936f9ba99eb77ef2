"""Survey items linked to key factors, so gap 5 lands on the moments of the service cycle.

The link from an item to a factor comes, in order of precedence, from a
mapping passed in (``{"Q4": "checkin-speed"}``), from the instrument (a
``factor`` column in the item file) or from the service itself: a factor whose
``customer_evidence`` has ``method: survey`` and an ``item`` is measured by that
item.

>>> from blueprint.model.examples import tiny_service
>>> from blueprint.survey import servqual
>>> import pandas as pd
>>> means = pd.DataFrame({"item": ["Q1"], "dimension": ["responsiveness"], "expectation": [6.4],
...                       "perception": [5.1]})
>>> result = servqual(means)
>>> gaps_by_factor(result, {"Q1": "checkin-speed"}, service=tiny_service())[["factor", "moment", "gap"]]
          factor    moment  gap
0  checkin-speed  check-in -1.3
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .errors import SurveyDataError
from .instrument import item_id

if TYPE_CHECKING:
    import pandas as pd

    from ..model.service import Service

__all__ = ["LinkedGaps", "gaps_by_factor", "gaps_by_moment", "item_map_from_service", "link"]


@dataclass
class LinkedGaps:
    """A survey result laid onto a service: one table per factor, one per moment."""

    factors: pd.DataFrame
    moments: pd.DataFrame

    def to_dict(self) -> dict[str, Any]:
        from .output import records

        return {"factors": records(self.factors), "moments": records(self.moments)}

    def tables(self, *, brief: bool = False) -> dict[str, pd.DataFrame]:
        return {"factors": self.factors, "moments": self.moments}

    def summary(self) -> list[str]:
        score = "gap" if "gap" in self.moments.columns else "msa"
        if self.moments.empty:
            return []
        worst = self.moments.sort_values(score).iloc[0]
        text = f"{score} {worst[score]:+.2f}, worst factor {worst['worst_factor']}"
        return [f"weakest moment: {worst['moment']} ({text})"]


def link(result: Any, service: Service, mapping: Mapping[str, str] | None = None) -> LinkedGaps:
    """:func:`gaps_by_factor` and :func:`gaps_by_moment` together, for reports and the CLI."""
    return LinkedGaps(
        gaps_by_factor(result, mapping, service=service), gaps_by_moment(service, result, mapping)
    )


def item_map_from_service(service: Service) -> dict[str, str]:
    """``{item: factor id}`` from the factors' survey evidence (``method: survey``, ``item: Q4``)."""
    mapping: dict[str, str] = {}
    for factor_id, factor in service.factors.items():
        for evidence in factor.customer_evidence:
            if evidence.method.value == "survey" and evidence.item:
                mapping.setdefault(item_id(evidence.item), factor_id)
    return mapping


def gaps_by_factor(
    result: Any, mapping: Mapping[str, str] | None = None, *, service: Service | None = None
) -> pd.DataFrame:
    """One row per factor: its items and their mean expectation, perception and gap (or zone).

    ``result`` is a SERVQUAL or zone-of-tolerance result. With ``service`` the
    factors are checked and each row names its moment, in cycle order.
    """
    import pandas as pd

    links = _links(result, mapping, service)
    items = result.items.copy()
    items["factor"] = items["item"].map(links)
    items = items[items["factor"].notna()]
    if items.empty:
        raise SurveyDataError(
            "no survey item is linked to a factor: give a mapping (item -> factor id), a factor "
            "column in the item file, or survey evidence with an item on the factors"
        )
    levels = [
        c for c in ("expectation", "perception", "desired", "adequate", "perceived") if c in items.columns
    ]
    grouped = items.groupby("factor", sort=False)
    table = grouped[levels].mean()
    table.insert(0, "items", grouped["item"].agg(list))
    table = table.reset_index()
    if "expectation" in table.columns:
        table["gap"] = table["perception"] - table["expectation"]
    if "adequate" in table.columns:
        from .tolerance import add_measures

        add_measures(table)
    if "evidence" in items.columns:
        _factor_evidence(table, items)
    if service is not None:
        from ..model.queries import cycle_order

        unknown = sorted(set(table["factor"]) - set(service.factors))
        if unknown:
            raise SurveyDataError(
                f"survey items are linked to factors the service does not have: "
                f"{', '.join(unknown)}; check the ids in {service.source or 'the service'}"
            )
        table.insert(1, "moment", table["factor"].map(service.moment_of))
        rank = {m: i for i, m in enumerate(cycle_order(service))}
        table = table.sort_values("moment", key=lambda s: s.map(rank), kind="stable").reset_index(drop=True)
    return pd.DataFrame(table)


def gaps_by_moment(service: Service, result: Any, mapping: Mapping[str, str] | None = None) -> pd.DataFrame:
    """One row per moment with measured factors: the mean of its factors' gaps and the worst factor."""
    import pandas as pd

    factors = gaps_by_factor(result, mapping, service=service)
    score = "gap" if "gap" in factors.columns else "msa"
    rows = []
    for moment, block in factors.groupby("moment", sort=False):
        worst = block.sort_values(score).iloc[0]
        row = {
            "moment": moment,
            "factors": list(block["factor"]),
            score: float(block[score].mean()),
            "worst_factor": worst["factor"],
            f"worst_{score}": float(worst[score]),
        }
        if score == "msa":
            row["mss"] = float(block["mss"].mean())
        if "evidence" in block.columns:
            row["worst_evidence"] = worst["evidence"]
        rows.append(row)
    return pd.DataFrame(rows)


def _factor_evidence(table: pd.DataFrame, items: pd.DataFrame) -> None:
    """A factor's answers and evidence from its items': the fewest answers, and the weakest evidence.

    Items that point the other way from the factor's result (a gap of the other
    sign, another position in the zone) leave it not shown.
    """
    verdict = "position" if "position" in table.columns else "gap"
    fewest, words = [], []
    for row in table.to_dict("records"):
        block = items[items["factor"] == row["factor"]]
        fewest.append(int(block["n"].min()))
        word = _weakest(block["evidence"])
        if verdict == "gap":
            agree = bool(((block["gap"] < 0) == (row["gap"] < 0)).all())
        else:
            agree = bool((block["position"] == row["position"]).all())
        words.append("not shown" if word == "shown" and not agree else word)
    table["fewest_answers"] = fewest
    table["evidence"] = words


def _weakest(words: Any) -> str | None:
    from .precision import EVIDENCE

    known = [w for w in words if w in EVIDENCE]
    return max(known, key=EVIDENCE.index) if known else None


def _links(result: Any, mapping: Mapping[str, str] | None, service: Service | None) -> dict[str, str]:
    if mapping:
        return {item_id(k): str(v) for k, v in mapping.items()}
    instrument = getattr(result, "instrument", None)
    if instrument is not None and instrument.factor_of:
        return dict(instrument.factor_of)
    if "factor" in result.items.columns and result.items["factor"].notna().any():
        return {i: f for i, f in zip(result.items["item"], result.items["factor"], strict=True) if f}
    if service is not None:
        return item_map_from_service(service)
    return {}
