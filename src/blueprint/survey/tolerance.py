"""The zone of tolerance (Parasuraman, Zeithaml and Berry 1994).

Each item is asked three times: the desired level of service, the adequate
(minimum acceptable) level and the perceived level. The zone runs from adequate
to desired;

    MSA = perceived - adequate   (measure of service adequacy)
    MSS = perceived - desired    (measure of service superiority)

and the perception lies ``below`` the zone (MSA < 0), ``above`` it (MSS > 0) or
``within`` it, bounds included. For an item where less is better (a wait in
minutes: desired below adequate), declared with ``less_is_better``, both
differences are taken the other way round, so a negative MSA is still below
adequate. An undeclared item whose adequate level lies above its desired one
(or a declared one the other way round) has an inverted zone and no position.

>>> import pandas as pd
>>> data = pd.DataFrame({"item": ["1", "2"], "desired": [6.5, 6.0], "adequate": [5.0, 4.5],
...                      "perceived": [4.8, 6.2]})
>>> tolerance(data).items[["item", "msa", "mss", "position"]].round(2)
  item  msa  mss position
0    1 -0.2 -1.7    below
1    2  1.7  0.2    above
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
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
        """``items`` (and ``dimensions``); ``brief`` leaves out the intervals, which ``notes`` quote."""
        hidden = ["msa_low", "msa_high", "mss_low", "mss_high", "significant"] if brief else []
        tables = {"items": self.items.drop(columns=hidden, errors="ignore")}
        if self.dimensions is not None:
            tables["dimensions"] = self.dimensions.drop(columns=hidden, errors="ignore")
        return tables

    def summary(self) -> list[str]:
        counts = self.items["position"].value_counts()
        parts = ", ".join(f"{counts.get(p, 0)} {p}" for p in ("below", "within", "above"))
        inverted = f", {counts['inverted']} inverted" if counts.get("inverted", 0) else ""
        doubt = ""
        if "evidence" in self.items:
            words = self.items["evidence"].value_counts()
            doubt = (
                f"; not shown: {words.get('not shown', 0)}, too few answers: "
                f"{words.get('too few answers', 0)} (see the notes)"
                if words.get("not shown", 0) or words.get("too few answers", 0)
                else ""
            )
        return [f"zone of tolerance: {len(self.items)} items, {parts} the zone{inverted}{doubt}", *self.notes]


def position(perceived: float, adequate: float, desired: float) -> str:
    """``below``, ``within`` or ``above`` the zone from ``adequate`` to ``desired`` (bounds within)."""
    if perceived < adequate:
        return "below"
    if perceived > desired:
        return "above"
    return "within"


def tolerance(
    data: pd.DataFrame,
    *,
    scale: Scale | str = "1-7",
    dimensions: Mapping[str, str] | None = None,
    less_is_better: Iterable[str] = (),
    confidence: float = 0.95,
) -> ToleranceResult:
    """Analyse long answers (``respondent,item,desired,adequate,perceived``) or item means (no respondent).

    An optional ``dimension`` column (or the ``dimensions`` mapping, or the
    standard item numbers 1-22) groups items into SERVQUAL dimensions.
    ``less_is_better`` names the items asked in a unit where less is better
    (minutes of waiting, a price). With respondents, each position carries the
    intervals of MSA and MSS at ``confidence`` and its ``evidence``
    (:mod:`.precision`).
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
    lower = {item_id(i) for i in less_is_better}
    unknown = sorted(lower - set(table["item"]))
    if unknown:
        raise SurveyDataError(
            f"{source}: no item {unknown[0]!r} to read as less is better; the items are "
            f"{', '.join(map(str, table['item']))}"
        )
    dim_of = _dimensions(frame, items, dimensions, source)
    if dim_of:
        table.insert(1, "dimension", table["item"].map(dim_of))
    add_measures(table, lower)
    if has_respondents:
        from .tolerance_evidence import item_evidence

        item_evidence(table, long, lower, confidence)
    notes = [_inverted(r, r.item in lower) for r in table.itertuples() if r.position == "inverted"]
    notes += [
        f"item {r.item}: no respondent answered it; it has no position"
        for r in table.itertuples()
        if not isinstance(r.position, str)
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
    if has_respondents:
        from .tolerance_evidence import dimension_evidence, evidence_notes

        if dims is not None:
            dimension_evidence(
                dims, long.assign(respondent=frame["respondent"].to_numpy()), dim_of, confidence
            )
        notes += evidence_notes(table, dims, confidence)
    else:
        from .precision import means_note

        notes.append(means_note("positions"))
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


def add_measures(table: pd.DataFrame, less_is_better: Iterable[str] = ()) -> None:
    """Add the measure of service adequacy and superiority, and the position in the zone, to ``table``.

    For the items in ``less_is_better`` (by ``table["item"]``) the differences are
    taken the other way round, so that a negative MSA means worse than adequate
    whichever way the item runs. A zone that runs against the item's direction
    (adequate above desired where more is better) is ``inverted``: no position.
    """
    import numpy as np

    lower = set(less_is_better)
    less = table["item"].isin(lower).to_numpy() if lower and "item" in table else np.zeros(len(table), bool)
    sign = np.where(less, -1.0, 1.0)
    table["msa"] = sign * (table["perceived"] - table["adequate"])
    table["mss"] = sign * (table["perceived"] - table["desired"])
    inverted = sign * (table["desired"] - table["adequate"]) < 0
    table["position"] = [
        None  # no one answered it: no place in any zone
        if np.isnan(msa) or np.isnan(mss)
        else "inverted"
        if flipped
        else ("below" if msa < 0 else "above" if mss > 0 else "within")
        for flipped, msa, mss in zip(inverted, table["msa"], table["mss"], strict=True)
    ]


def _inverted(row: Any, declared: bool) -> str:
    """Why an item has no position, and what to do."""
    if declared:
        return (
            f"item {row.item}: desired {row.desired:.2f} is above adequate {row.adequate:.2f} although "
            "less is better was declared for it; the zone is inverted and has no position: check the answers"
        )
    return (
        f"item {row.item}: adequate {row.adequate:.2f} is above desired {row.desired:.2f}; the zone is "
        "inverted and has no position. If less is better here (a wait in minutes, a price), pass "
        f"--less-is-better {row.item} (less_is_better=[...]); otherwise check the answers"
    )


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
