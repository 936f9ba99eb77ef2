"""A measurement's outcomes kept as columns, made into :class:`.Outcome` objects only when asked for.

A measurement of 10,000 standards per site and month has half a million
outcomes. Judging them, counting their statuses and writing them as JSON or
CSV reads NumPy columns here; an :class:`.Outcome` per group, which cost more
to make than the query took to run, is made the first time someone reads
the outcomes one by one (a widget, a report, ``result.outcomes[0]``). From
then on those objects are the outcomes, so a change made to one is seen by
everything that reads them after. ``len()`` never makes them.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, overload

from .outcome import NO_DATA, NOTHING_EXCLUDED, STATUSES, FrozenDict, Outcome

if TYPE_CHECKING:
    import numpy as np

    from .specs import Spec

__all__ = ["OutcomeTable", "shared", "shown_values"]

#: the index of each status in :data:`.STATUSES`, the codes of the ``status`` column
CODE = {status: i for i, status in enumerate(STATUSES)}


class OutcomeTable(Sequence[Outcome]):
    """Outcomes as parallel columns: spec, group, counts, values, verdicts (NaN where a value is None).

    ``spec`` indexes ``specs``; ``group`` indexes ``labels`` (-1: an outcome
    without a group, whose keys are an empty dict of its own). ``raw`` and
    ``raw_mean`` are in the data's unit, as :class:`.Outcome` keeps them.
    """

    def __init__(
        self,
        specs: list[Spec],
        spec: np.ndarray,
        group: np.ndarray,
        labels: list[FrozenDict],
        counts: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
        excluded: dict[int, dict[str, int]],
        raw: np.ndarray,
        raw_mean: np.ndarray,
        mean: np.ndarray | None = None,
    ) -> None:
        import numpy as np

        self.specs, self.spec, self.group, self.labels = specs, spec, group, labels
        #: the mean as outcomes show it, where it is not ``raw_mean`` in the standard's unit
        self.mean = mean
        self.rows, self.duplicates, self.observations, self.met = counts
        self.excluded, self.raw, self.raw_mean = excluded, raw, raw_mean
        size = len(spec)
        self.share, self.ci_low, self.ci_high = (np.full(size, np.nan) for _ in range(3))
        self.status = np.full(size, CODE[NO_DATA], dtype=np.int8)
        self._made: list[Outcome] | None = None

    @classmethod
    def joined(cls, specs: list[Spec], parts: list[OutcomeTable]) -> OutcomeTable:
        """The parts' outcomes in one table, in the order of ``specs`` (each spec's groups as they came)."""
        import numpy as np

        if len(parts) == 1 and parts[0].columnar and parts[0].specs == specs and _in_order(parts[0]):
            return parts[0]  # one source holding every spec, in order: already the joined table
        order = {spec.id: i for i, spec in enumerate(specs)}
        labels: list[FrozenDict] = []
        columns: list[list[np.ndarray]] = [[] for _ in range(8)]
        excluded: dict[int, dict[str, int]] = {}
        at = 0
        for part in parts:
            local = np.array([order[s.id] for s in part.specs] or [0], dtype=np.int64)
            group = np.where(part.group >= 0, part.group + len(labels), -1)
            values = (local[part.spec], group, part.rows, part.duplicates, part.observations, part.met)
            for column, value in zip(columns, (*values, part.raw, part.raw_mean), strict=True):
                column.append(value)
            excluded.update((i + at, why) for i, why in part.excluded.items())
            labels.extend(part.labels)
            at += len(part)
        joined = [np.concatenate(c) if c else np.zeros(0) for c in columns]
        first = joined[0].astype(np.int64)
        in_order = bool(np.all(first[1:] >= first[:-1]))  # usually: one source, its specs in order
        ranked = np.arange(len(first)) if in_order else np.argsort(first, kind="stable")
        where = np.empty_like(ranked)
        where[ranked] = np.arange(len(ranked))
        spec, group, rows, copies, n, met, raw, mean = (c[ranked] for c in joined)
        moved = {int(where[i]): why for i, why in excluded.items()}
        ints = (rows.astype(np.int64), copies.astype(np.int64), n.astype(np.int64), met.astype(np.int64))
        return cls(specs, spec.astype(np.int64), group.astype(np.int64), labels, ints, moved, raw, mean)

    @classmethod
    def empty(cls, specs: list[Spec]) -> OutcomeTable:
        """One ``no data`` outcome without a group for each of ``specs``."""
        import numpy as np

        size = len(specs)
        zeros = tuple(np.zeros(size, np.int64) for _ in range(4))
        nan = np.full(size, np.nan)
        return cls(specs, np.arange(size), np.full(size, -1), [], zeros, {}, nan, nan.copy())  # type: ignore[arg-type]

    # -- the outcomes one by one --------------------------------------------------

    @property
    def columnar(self) -> bool:
        """Whether the columns are still the outcomes (no :class:`.Outcome` was made yet)."""
        return self._made is None

    def _outcomes(self) -> list[Outcome]:
        if self._made is None:
            self._made = self._make()
        return self._made

    def __len__(self) -> int:
        return len(self.spec) if self._made is None else len(self._made)

    @overload
    def __getitem__(self, index: int) -> Outcome: ...
    @overload
    def __getitem__(self, index: slice) -> list[Outcome]: ...
    def __getitem__(self, index: int | slice) -> Outcome | list[Outcome]:
        return self._outcomes()[index]

    def __iter__(self) -> Iterator[Outcome]:
        return iter(self._outcomes())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (list, tuple, OutcomeTable)):
            return self._outcomes() == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<{len(self)} outcomes>"

    def outcome(self, i: int) -> Outcome:
        """The outcome at ``i``, made on its own (the table is left as it is)."""
        return self.outcomes_at([i])[0]

    def outcomes_at(self, positions: list[int]) -> list[Outcome]:
        """The outcomes at ``positions``, made together (the table is left as it is).

        Making a few outcomes looks through every spec once, so examples of
        many standards are made in one call, not one call each.
        """
        import numpy as np

        return self._make(np.array(positions, dtype=np.int64)) if positions else []

    def _make(self, at: np.ndarray | None = None) -> list[Outcome]:
        import numpy as np

        at = np.arange(len(self.spec)) if at is None else at
        spec = self.spec[at]
        fields = {s: shared(self.specs[s]) for s in set(spec.tolist())}
        seen = shown_values(self.specs, spec, self.raw[at])
        mean = shown_values(self.specs, spec, self.raw_mean[at]) if self.mean is None else self.mean[at]
        counts = (self.rows, self.duplicates, self.observations, self.met)
        values = (self.share, self.ci_low, self.ci_high)
        columns = (
            at.tolist(), spec.tolist(), self.group[at].tolist(), *(c[at].tolist() for c in counts),
            *(_nullable(c[at]) for c in values), _nullable(seen), _nullable(mean), self.status[at].tolist(),
            _nullable(self.raw[at]), _nullable(self.raw_mean[at]),
        )  # fmt: skip
        labels, excluded, nothing = self.labels, self.excluded, NOTHING_EXCLUDED
        made = []
        for i, s, g, rows, copies, n, met, share, low, high, observed, average, status, raw, raw_mean in zip(
            *columns, strict=True
        ):
            keys, left = (labels[g], excluded.get(i, nothing)) if g >= 0 else ({}, excluded.get(i, {}))
            made.append(Outcome(
                *fields[s], keys, rows, copies, left, n, met, share, low, high, observed, average,
                STATUSES[status], raw, raw_mean,
            ))  # type: ignore[call-arg]  # fmt: skip
        return made

    # -- what the writers and the summaries read ----------------------------------

    def counts(self) -> dict[str, int]:
        """How many outcomes got each status."""
        if self._made is not None:
            found = dict.fromkeys(STATUSES, 0)
            for o in self._made:
                found[o.status] += 1
            return found
        import numpy as np

        tally = np.bincount(self.status, minlength=len(STATUSES)).tolist()
        return dict(zip(STATUSES, tally, strict=True))

    def statuses(self) -> dict[str, set[str]]:
        """Each spec's id, in order, with the statuses its outcomes got."""
        if self._made is not None:
            found: dict[str, set[str]] = {}
            for o in self._made:
                found.setdefault(o.id, set()).add(o.status)
            return found
        import numpy as np

        width = len(STATUSES)
        counted = np.bincount(self.spec * width + self.status, minlength=len(self.specs) * width)
        # Counted, not sorted (half a million outcomes); each spec's statuses as the bits of a number.
        masks = (counted.reshape(-1, width) > 0) @ (1 << np.arange(width))
        sets = {m: [STATUSES[i] for i in range(width) if m >> i & 1] for m in set(masks.tolist())}
        return {s.id: set(sets[m]) for s, m in zip(self.specs, masks.tolist(), strict=True) if m}

    def rows_of(self, kind: str | None = None) -> list[dict[str, Any]]:
        """The outcomes as :meth:`.Outcome.as_row` gives them, read from the columns."""
        if self._made is not None:
            return [o.as_row() for o in self._made if kind is None or o.kind == kind]
        heads, columns = self.row_columns()
        labels, rows = self.labels, []
        for s, g, status, n, met, share, low, high, seen, read, out, reasons in zip(*columns, strict=True):
            head = heads[s]
            if kind is not None and head[0] != kind:
                continue
            rows.append({
                "kind": head[0], "standard": head[1], **(labels[g] if g >= 0 else {}), "metric": head[2],
                "source": head[3], "status": STATUSES[status], "observations": n, "met": met,
                "share": share, "required_share": head[4], "ci_low": low, "ci_high": high, "observed": seen,
                "quantile": head[5], "comparator": head[6], "target": head[7], "unit": head[8],
                "statistic": head[9], "rows": read, "excluded": out, "excluded_why": reasons,
            })  # fmt: skip
        return rows

    def row_columns(self, arrays: bool = False) -> tuple[list[tuple[Any, ...]], tuple[Any, ...]]:
        """What the flat records hold: per spec, the fields shared by its rows (kind, id, metric, source,
        required share, quantile, comparator, target, unit, statistic); per row, its spec, group,
        status code, observations, met, share, interval, observed, rows, rows left out and why.
        With ``arrays``, the share, interval and observed stay float arrays (NaN for None)."""
        import numpy as np

        left = np.zeros(len(self), np.int64)
        why = ["" for _ in range(len(self))]
        copies = self.duplicates.tolist()
        for i in np.flatnonzero(self.duplicates).tolist():
            why[i] = f"{copies[i]} duplicate"
        for i, reasons in self.excluded.items():
            parts = [f"{n} {reason}" for reason, n in reasons.items() if n]
            if copies[i]:
                parts.append(f"{copies[i]} duplicate")
            why[i] = ", ".join(parts)
            left[i] = sum(reasons.values())
        heads = [
            (s.kind, s.id, s.metric, s.source, s.required, s.q, s.comparator.value, s.shown_target, s.unit,
             s.statistic.value)
            for s in self.specs
        ]  # fmt: skip
        floats = (self.share, self.ci_low, self.ci_high, shown_values(self.specs, self.spec, self.raw))
        columns = (
            self.spec.tolist(), self.group.tolist(), self.status.tolist(), self.observations.tolist(),
            self.met.tolist(), *(floats if arrays else (_nullable(f) for f in floats)), self.rows.tolist(),
            (left + self.duplicates).tolist(), why,
        )  # fmt: skip
        return heads, columns


def _in_order(table: OutcomeTable) -> bool:
    """Whether the table's columns are as :meth:`OutcomeTable.joined` makes them: int64, in spec order."""
    import numpy as np

    ints = (table.spec, table.group, table.rows, table.duplicates, table.observations, table.met)
    return all(c.dtype == np.int64 for c in ints) and bool(np.all(table.spec[1:] >= table.spec[:-1]))


#: what :func:`shared` gives: kind, id, standard, metric, source, comparator, target, unit,
#: statistic, required share and quantile
Shared = tuple[str, str, str, str, str | None, str, float | bool, str, str, float | None, float | None]


def shared(spec: Spec) -> Shared:
    """The fields of an outcome that are the same in every group, in :class:`.Outcome`'s order."""
    return (
        spec.kind, spec.id, spec.standard, spec.metric, spec.source, spec.comparator.value,
        spec.shown_target, spec.unit, spec.statistic.value, spec.required, spec.q,
    )  # fmt: skip


def shown_values(specs: list[Spec], spec: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Values of the specs ``spec`` indexes, in the data's unit, as outcomes show them.

    :meth:`.Spec.to_shown` to twelve significant digits; NaN stays NaN.
    """
    import numpy as np

    from ..model.units import UNITS
    from ..model.vocabulary import Quantity

    other = [i for i, s in enumerate(specs) if s.quantity is not Quantity.BINARY and s.unit != s.data_unit]
    out = values.astype(np.float64, copy=True)
    if other:  # the specs written in another unit than their data's
        times, per, convert = np.ones(len(specs)), np.ones(len(specs)), np.zeros(len(specs), bool)
        times[other] = [UNITS[specs[i].data_unit][1] for i in other]
        per[other] = [UNITS[specs[i].unit][1] for i in other]
        convert[other] = True
        moved = convert[spec]
        out[moved] = out[moved] * times[spec[moved]] / per[spec[moved]]
    known = ~np.isnan(out)
    distinct, inverse = np.unique(out[known], return_inverse=True)
    # Twelve significant digits as Python writes them, worked out once per distinct value.
    rounded = np.array([float(f"{v:.12g}") for v in distinct.tolist()], dtype=np.float64)
    out[known] = rounded[inverse.reshape(-1)] if len(distinct) else out[known]
    return out


def _nullable(values: np.ndarray) -> list[Any]:
    """A float column as a list, None where it is NaN."""
    import numpy as np

    kept = values.astype(object)
    kept[np.isnan(values)] = None
    return list(kept.tolist())
