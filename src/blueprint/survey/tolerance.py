"""The zone of tolerance (Parasuraman, Zeithaml and Berry 1994).

Each item is asked three times: the desired level of service, the adequate
(minimum acceptable) level and the perceived level. The zone runs from adequate
to desired;

    MSA = perceived - adequate   (measure of service adequacy)
    MSS = perceived - desired    (measure of service superiority)

and the perception lies ``below`` the zone (MSA < 0), ``above`` it (MSS > 0) or
``within`` it, bounds included.

>>> import pandas as pd
>>> data = pd.DataFrame({"item": ["1", "2"], "desired": [6.5, 6.0], "adequate": [5.0, 4.5],
...                      "perceived": [4.8, 6.2]})
>>> tolerance(data).items[["item", "msa", "mss", "position"]].round(2)
  item  msa  mss position
0    1 -0.2 -1.7    below
1    2  1.7  0.2    above
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import Problem, SurveyDataError, problems_from_mask
from .instrument import SERVQUAL_22, Scale, dimension_name, item_id
from .readers import (
    canonical,
    numeric,
    out_of_scale,
    prepare,
    read_table,
    refuse_repeats,
    require_columns,
    source_of,
)

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["ToleranceResult", "add_measures", "position", "tolerance", "tolerance_from_file"]

LEVELS = ("desired", "adequate", "perceived")


@dataclass
class ToleranceResult:
    """Per item (and per dimension where items have one): the zone and where perception falls."""

    items: pd.DataFrame
    dimensions: pd.DataFrame | None
    scale: Scale
    respondents: int | None = None
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        from .output import records

        out: dict[str, Any] = {
            "version": 1,
            "analysis": "tolerance",
            "scale": self.scale.as_list(),
            "respondents": self.respondents,
            "items": records(self.items),
        }
        if self.dimensions is not None:
            out["dimensions"] = records(self.dimensions)
        out["notes"] = list(self.notes)
        return out

    def tables(self, *, brief: bool = False) -> dict[str, pd.DataFrame]:
        tables = {"items": self.items}
        if self.dimensions is not None:
            tables["dimensions"] = self.dimensions
        return tables

    def summary(self) -> list[str]:
        counts = self.items["position"].value_counts()
        parts = ", ".join(f"{counts.get(p, 0)} {p}" for p in ("below", "within", "above"))
        return [f"zone of tolerance: {len(self.items)} items, {parts} the zone", *self.notes]


def position(perceived: float, adequate: float, desired: float) -> str:
    """``below``, ``within`` or ``above`` the zone from ``adequate`` to ``desired`` (bounds within)."""
    if perceived < adequate:
        return "below"
    if perceived > desired:
        return "above"
    return "within"


def tolerance(
    data: pd.DataFrame, *, scale: Scale | str = "1-7", dimensions: Mapping[str, str] | None = None
) -> ToleranceResult:
    """Analyse long answers (``respondent,item,desired,adequate,perceived``) or item means (no respondent).

    An optional ``dimension`` column (or the ``dimensions`` mapping, or the
    standard item numbers 1-22) groups items into SERVQUAL dimensions.
    """
    import pandas as pd

    frame = canonical(prepare(data), ("respondent", "item", "dimension", *LEVELS))
    source = source_of(frame)
    sc = Scale.parse(scale)
    require_columns(frame, ["item", *LEVELS], what="zone of tolerance data")
    values = numeric(frame, list(LEVELS))
    problems: list[Problem] = []
    outside = out_of_scale(values.to_numpy(), sc)
    if outside is not None:
        problems += problems_from_mask(
            outside,
            values,
            f"answer {{value}} is outside the scale {sc}",
            source=source,
            hint="declare the scale with --scale, e.g. 1-9",
        )
    # An item answered on some levels only would mix respondents in its MSA and MSS.
    blank = values.isna().to_numpy()
    partial = blank.any(axis=1) & ~blank.all(axis=1)
    if partial.any():
        problems += problems_from_mask(
            blank & partial[:, None],
            values,
            "blank while the other levels of this item are answered",
            source=source,
            hint="answer desired, adequate and perceived, or leave all three blank",
        )
    if problems:
        raise SurveyDataError(sorted(problems, key=lambda problem: problem.row or 0))
    items = frame["item"].map(item_id)
    has_respondents = "respondent" in frame.columns
    refuse_repeats(frame.assign(item=items), "item")
    if not has_respondents and items.duplicated().any():
        row = int(frame.index[items.duplicated().to_numpy()][0])
        raise SurveyDataError(
            [
                Problem(
                    f"item {items.loc[row]!r} appears twice",
                    source,
                    row,
                    "item",
                    "item means need one row per item; add a respondent column for answers",
                )
            ]
        )
    long = pd.DataFrame({"item": items, **{c: values[c] for c in LEVELS}})
    grouped = long.groupby("item", sort=False)
    table = grouped[list(LEVELS)].mean()
    if has_respondents:
        table["n"] = grouped["perceived"].count()
    table = table.reset_index()
    dim_of = _dimensions(frame, items, dimensions, source)
    if dim_of:
        table.insert(1, "dimension", table["item"].map(dim_of))
    add_measures(table)
    notes = [
        f"item {r.item}: adequate {r.adequate:.2f} is above desired {r.desired:.2f}; the zone is inverted"
        for r in table.itertuples()
        if r.adequate > r.desired
    ]
    dims = None
    if dim_of:
        order = [
            d
            for d in ("tangibles", "reliability", "responsiveness", "assurance", "empathy")
            if d in set(table["dimension"])
        ]
        dims = table.groupby("dimension")[list(LEVELS)].mean().reindex(order).reset_index()
        dims.insert(4, "items", table.groupby("dimension")["item"].count().reindex(order).to_numpy())
        add_measures(dims)
    respondents = int(frame["respondent"].nunique()) if has_respondents else None
    return ToleranceResult(table, dims, sc, respondents, notes)


def tolerance_from_file(
    path: str | Path,
    *,
    sheet: str | int | None = None,
    columns: Mapping[str, str] | None = None,
    **options: Any,
) -> ToleranceResult:
    return tolerance(read_table(path, sheet=sheet, columns=columns), **options)


def add_measures(table: pd.DataFrame) -> None:
    """Add the measure of service adequacy and superiority, and the position in the zone, to ``table``."""
    table["msa"] = table["perceived"] - table["adequate"]
    table["mss"] = table["perceived"] - table["desired"]
    table["position"] = [
        position(p, a, d)
        for p, a, d in zip(table["perceived"], table["adequate"], table["desired"], strict=True)
    ]


def _dimensions(
    frame: pd.DataFrame, items: pd.Series, given: Mapping[str, str] | None, source: str
) -> dict[str, str]:
    if given:
        return {item_id(k): dimension_name(v, source=source) for k, v in given.items()}
    if "dimension" in frame.columns:
        dim_of: dict[str, str] = {}
        for row, item, dim in zip(frame.index, items, frame["dimension"], strict=True):
            if dim is None or str(dim).strip() in ("", "nan", "<NA>"):
                continue
            name = dimension_name(dim, source=source, row=int(row))
            if dim_of.setdefault(item, name) != name:
                raise SurveyDataError(
                    [
                        Problem(
                            f"item {item!r} is given two dimensions ({dim_of[item]}, {name})",
                            source,
                            int(row),
                            "dimension",
                        )
                    ]
                )
        return dim_of
    if set(items) <= set(SERVQUAL_22):
        return {i: SERVQUAL_22[i] for i in set(items)}
    return {}
