"""How far a position in the zone of tolerance is shown: intervals of MSA and MSS, and the evidence word.

Each respondent's own MSA (perceived - adequate) and MSS (perceived - desired)
of an item give t intervals of the item's MSA and MSS. A position is shown when
the intervals keep to its side of the zone's edges: ``below`` needs the whole
MSA interval under 0, ``above`` the whole MSS interval over 0, and ``within``
both (MSA over 0 and MSS under 0). Fewer than five answers give no position
worth reading (:mod:`.precision`). A dimension's MSA and MSS are means of its
items', so their intervals are those of a mean of item means.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from .precision import combined_interval, evidence, few_note, side_evidence, significant

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["dimension_evidence", "evidence_notes", "item_evidence", "position_evidence"]


def position_evidence(
    position: Any, n: Any, msa: tuple[float, float], mss: tuple[float, float]
) -> str | None:
    """The evidence for ``position`` from ``n`` answers, given the (low, high) intervals of MSA and MSS."""
    if position == "below":
        return evidence(n, *msa)
    if position == "above":
        return evidence(n, *mss)
    if position == "within":
        return side_evidence(n, (*msa, 0.0), (*mss, 0.0))
    return None  # inverted, or no answers: no position to judge


def item_evidence(table: pd.DataFrame, long: pd.DataFrame, lower: Iterable[str], confidence: float) -> None:
    """Add the intervals of MSA and MSS (``msa_low`` ... ``mss_high``), ``evidence`` and ``significant``."""
    import numpy as np

    from .reliability import t_bounds

    sign = np.where(long["item"].isin(set(lower)).to_numpy(), -1.0, 1.0)
    own = long[["item"]].assign(
        msa=sign * (long["perceived"] - long["adequate"]), mss=sign * (long["perceived"] - long["desired"])
    )
    grouped = own.groupby("item", sort=False)
    for measure in ("msa", "mss"):
        mean = grouped[measure].mean().reindex(table["item"]).to_numpy(dtype=float)
        sd = grouped[measure].std(ddof=1).reindex(table["item"]).to_numpy(dtype=float)
        n = grouped[measure].count().reindex(table["item"]).to_numpy(dtype=float)
        table[f"{measure}_low"], table[f"{measure}_high"] = t_bounds(mean, sd, n, confidence)
    _judge(table, table["n"])


def dimension_evidence(
    dims: pd.DataFrame, long: pd.DataFrame, dimension_of: Mapping[str, str], confidence: float
) -> None:
    """Add the intervals of MSA and MSS, ``fewest_answers``, ``evidence`` and ``significant`` to ``dims``."""
    import numpy as np

    fewest = []
    bounds: dict[str, list[float]] = {k: [] for k in ("msa_low", "msa_high", "mss_low", "mss_high")}
    for dim in dims["dimension"]:
        block = long[long["item"].map(dimension_of) == dim]
        least = 0
        for measure, level in (("msa", "adequate"), ("mss", "desired")):
            wide = block.assign(d=block["perceived"] - block[level]).pivot_table(
                index="respondent", columns="item", values="d", sort=False, dropna=False
            )
            k = wide.shape[1]
            _, low, high, least = combined_interval(wide.to_numpy(dtype=float), np.full(k, 1 / k), confidence)
            bounds[f"{measure}_low"].append(low)
            bounds[f"{measure}_high"].append(high)
        fewest.append(least)
    for key, values in bounds.items():
        dims[key] = values
    dims["fewest_answers"] = fewest
    _judge(dims, dims["fewest_answers"])


def evidence_notes(table: pd.DataFrame, dims: pd.DataFrame | None, confidence: float) -> list[str]:
    """Notes naming the positions drawn from too few answers and those the intervals do not show."""
    frames = [(table, "item", "n", "item ")]
    if dims is not None:
        frames.append((dims, "dimension", "fewest_answers", ""))
    notes, unclear = [], []
    for frame, key, count, kind in frames:
        for r in frame.to_dict("records"):
            name = f"{kind}{r[key]}"
            if r["evidence"] == "too few answers":
                notes.append(
                    few_note(f"{name}: its position ({r['position']})", int(r[count]), partly=not kind)
                )
            elif r["evidence"] == "not shown":
                msa = f"MSA {r['msa']:+.2f} [{r['msa_low']:+.2f}, {r['msa_high']:+.2f}]"
                mss = f"MSS {r['mss']:+.2f} [{r['mss_low']:+.2f}, {r['mss_high']:+.2f}]"
                unclear.append(f"{name} {r['position']} ({msa}, {mss})")
    if unclear:
        notes.append(
            f"position not shown at {confidence:.0%} confidence (an interval of MSA or MSS crosses an edge "
            f"of the zone, so perception may lie on its other side): {'; '.join(unclear)}; do not read "
            "these as verdicts before more customers answer"
        )
    return notes


def _judge(frame: pd.DataFrame, counts: Any) -> None:
    frame["evidence"] = [
        position_evidence(p, int(n) if n == n else None, (a, b), (c, d))
        for p, n, a, b, c, d in zip(
            frame["position"],
            counts,
            frame["msa_low"],
            frame["msa_high"],
            frame["mss_low"],
            frame["mss_high"],
            strict=True,
        )
    ]
    frame["significant"] = [significant(w) for w in frame["evidence"]]
