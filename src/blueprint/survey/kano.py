"""Kano classification: functional and dysfunctional answers to A, O, M, I, R, Q and BPM factors.

Each attribute is asked twice, "if it is present" (functional) and "if it is
absent" (dysfunctional), with five answers: like, must-be, neutral, live-with,
dislike (or 1-5 in that order). The evaluation table turns each pair into
Attractive, One-dimensional, Must-be, Indifferent, Reverse or Questionable.
Per attribute the category is chosen by Berger et al.'s (1993) rule (if
A+O+M > I+R+Q the largest of A, O, M, else the largest of I, R, Q) or by the
plain most frequent answer; ties are reported in ``tied`` and broken in the
order M > O > A > I > R > Q. When A+O+M equals I+R+Q the rule's else-branch
decides and the leaders of both groups are listed as tied. The coefficients are

    better = (A + O) / (A + O + M + I)        worse = -(O + M) / (A + O + M + I)

and the categories map to BPM factors: M basic, O performance, A motivation,
I indifferent, R reverse. Whether the category is clearly ahead of the next
most frequent one is Fong's (1996) test at 90 %: with the two counts a and b of
n answers, the lead a - b must reach 1.65 * sqrt((a + b)(2n - a - b) / 2n);
``significant`` says whether it does, and ``notes`` names those that do not.

>>> pairs = [("like", "dislike"), ("like", "dislike"), ("must-be", "dislike"), ("like", "neutral")]
>>> result = kano(pairs_frame("wifi", pairs))
>>> row = result.attributes.iloc[0]
>>> row["category"], row["bpm"], float(row["better"]), float(row["worse"])
('O', 'performance', 0.75, -0.75)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import Problem, SurveyDataError, column_label, problems_from_mask
from .kano_answers import ANSWERS, answer_code, answer_codes, second_header
from .readers import canonical, prepare, read_table, require_columns, source_of

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

__all__ = [
    "ANSWERS",
    "BPM_OF",
    "CATEGORIES",
    "TABLES",
    "KanoResult",
    "answer_code",
    "categorise",
    "classify_pairs",
    "kano",
    "kano_from_file",
    "pairs_frame",
]

CATEGORIES = ("A", "O", "M", "I", "R", "Q")
#: Rows: functional answer; columns: dysfunctional answer (like ... dislike).
TABLES: dict[str, tuple[str, ...]] = {
    # Kano et al. (1984), as used by Berger et al. (1993).
    "kano": ("QAAAO", "RIIIM", "RIIIM", "RIIIM", "RRRRQ"),
    # Pouliot's modification (in Berger et al. 1993), without its graded A and M levels:
    # expecting the attribute both present and absent, or tolerating both, is contradictory.
    "pouliot": ("QAAAO", "RQIIM", "RIIIM", "RIIQM", "RRRRQ"),
}
BPM_OF = {"M": "basic", "O": "performance", "A": "motivation", "I": "indifferent", "R": "reverse", "Q": None}
_TIE_ORDER = "MOAIRQ"


@dataclass
class KanoResult:
    """One row per attribute: the six counts, n, category, tied categories, better, worse, bpm.

    ``skipped`` counts the respondents who left both questions of the attribute
    blank: they are not in ``n``.
    """

    attributes: pd.DataFrame
    rule: str = "berger"
    table: str = "kano"
    #: categories not clearly ahead of the next (Fong's test), with what to do
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        from .output import clean

        rows = []
        for r in self.attributes.to_dict("records"):
            rows.append(
                {
                    "attribute": r["attribute"],
                    "counts": {c: int(r[c]) for c in CATEGORIES},
                    "category": clean(r["category"]),
                    "better": clean(r["better"]),
                    "worse": clean(r["worse"]),
                    "bpm": clean(r["bpm"]),
                    "n": int(r["n"]),
                    "skipped": int(r.get("skipped", 0)),
                    "tied": list(r["tied"]),
                    "significant": r["significant"] if isinstance(r.get("significant"), bool) else None,
                    "evidence": r.get("evidence"),
                }
            )
        return {
            "version": 1,
            "analysis": "kano",
            "rule": self.rule,
            "table": self.table,
            "attributes": rows,
            "notes": list(self.notes),
        }

    def tables(self, *, brief: bool = False) -> dict[str, pd.DataFrame]:
        frame = self.attributes.copy()
        frame["tied"] = ["/".join(t) for t in frame["tied"]]
        return {"attributes": frame}

    def summary(self) -> list[str]:
        ties = [f"{r.attribute} ({'/'.join(r.tied)})" for r in self.attributes.itertuples() if r.tied]
        counts = self.attributes["bpm"].value_counts()
        parts = ", ".join(
            f"{counts[b]} {b}"
            for b in ("basic", "performance", "motivation", "indifferent", "reverse")
            if b in counts
        )
        lines = [f"Kano ({self.rule} rule, {self.table} table): {len(self.attributes)} attributes: {parts}"]
        if ties:
            lines.append(f"ties (broken M > O > A > I > R > Q; see tied): {', '.join(ties)}")
        return lines + self.notes

    def chart(self, path: str | Path | None = None, **options: Any) -> Any:
        """The better-worse diagram (see :mod:`blueprint.render.survey_charts`)."""
        from ..render.survey_charts import better_worse_chart

        return better_worse_chart(self, path, **options)


def classify_pairs(functional: np.ndarray, dysfunctional: np.ndarray, table: str = "kano") -> np.ndarray:
    """Category index (0-5 for A O M I R Q) of each pair of 0-4 answer codes."""
    import numpy as np

    lookup = np.array([CATEGORIES.index(c) for row in _table(table) for c in row], dtype=np.int8)
    return lookup[functional.astype(np.intp) * 5 + dysfunctional.astype(np.intp)]


def kano(
    data: pd.DataFrame,
    *,
    rule: str = "berger",
    table: str = "kano",
    pairs: Mapping[str, tuple[str, str]] | None = None,
) -> KanoResult:
    """Classify long answers ``respondent,attribute,functional,dysfunctional`` (respondent optional).

    ``pairs`` reads a form's export instead, a row per respondent and a column per question: each
    attribute with its functional and its dysfunctional question's column
    (:func:`.kano_columns.question_answers`).
    """
    import numpy as np

    if rule not in ("berger", "frequent"):
        raise SurveyDataError(f"unknown rule {rule!r}; use berger or frequent")
    _table(table)
    if pairs:
        from .kano_columns import question_answers

        f, d, answered, attr_codes, names = question_answers(prepare(data), pairs)
    else:
        f, d, answered, attr_codes, names = _long_answers(data)
    cats = classify_pairs(f[answered], d[answered], table)
    flat = np.bincount(attr_codes[answered].astype(np.intp) * 6 + cats, minlength=len(names) * 6)
    counts = flat.reshape(len(names), 6)
    attributes = categorise(list(map(str, names)), counts, rule)
    # respondents who left both questions blank are not in n; say how many, never drop them silently
    unanswered = attr_codes[~answered]
    skipped = np.bincount(unanswered[unanswered >= 0].astype(np.intp), minlength=len(names))
    attributes.insert(attributes.columns.get_loc("n") + 1, "skipped", skipped)
    return KanoResult(attributes, rule, table, _not_significant(attributes))


def kano_from_file(
    path: str | Path,
    *,
    sheet: str | int | None = None,
    columns: Mapping[str, str] | None = None,
    **options: Any,
) -> KanoResult:
    return kano(read_table(path, sheet=sheet, columns=columns), **options)


def pairs_frame(attribute: str, pairs: Iterable[tuple[object, object]]) -> pd.DataFrame:
    """A long Kano frame for one attribute from (functional, dysfunctional) pairs."""
    import pandas as pd

    rows = [
        {"respondent": i + 1, "attribute": attribute, "functional": f, "dysfunctional": d}
        for i, (f, d) in enumerate(pairs)
    ]
    return pd.DataFrame(rows)


def categorise(names: list[str], counts: np.ndarray, rule: str) -> pd.DataFrame:
    """One row per attribute: its answer counts (columns in :data:`CATEGORIES` order), the category
    ``rule`` picks with any ties, the better and worse coefficients and the BPM class."""
    import numpy as np
    import pandas as pd

    a, o, m, i = (counts[:, k].astype(float) for k in range(4))
    base = a + o + m + i
    with np.errstate(invalid="ignore", divide="ignore"):
        better = np.where(base > 0, (a + o) / base, np.nan)
        worse = np.where(base > 0, -(o + m) / base, np.nan)
    chosen, tied = [], []
    for row in counts:
        cat, ties = _choose(row, rule)
        chosen.append(cat)
        tied.append(ties)
    frame = pd.DataFrame(counts, columns=list(CATEGORIES))
    frame.insert(0, "attribute", names)
    frame["n"] = counts.sum(axis=1)
    frame["category"] = chosen
    frame["tied"] = tied
    frame["better"] = better + 0.0
    frame["worse"] = worse + 0.0
    frame["bpm"] = [BPM_OF[c] if c else None for c in chosen]
    frame["significant"] = [
        None if cat is None else _lead(row, cat)[2] <= _lead(row, cat)[0] - _lead(row, cat)[1]
        for row, cat in zip(counts, chosen, strict=True)
    ]
    frame["evidence"] = [_evidence(n, sig) for n, sig in zip(frame["n"], frame["significant"], strict=True)]
    return frame


def _evidence(n: int, significant: bool | None) -> str | None:
    """The evidence word of a category (as for the other analyses): Fong's test, and the minimum answers."""
    from .precision import MIN_ANSWERS

    if significant is None:
        return None
    if n < MIN_ANSWERS:
        return "too few answers"
    return "shown" if significant else "not shown"


#: Fong's (1996) test of the top two categories, at 90 % (one-sided normal quantile 1.65)
_FONG_Z = 1.65


def _lead(row: Any, category: str) -> tuple[int, int, float]:
    """The category's count, the next largest count, and the lead Fong's test asks for."""
    import math

    count = dict(zip(CATEGORIES, (int(x) for x in row), strict=True))
    a, b, n = count[category], max(v for k, v in count.items() if k != category), sum(count.values())
    return a, b, _FONG_Z * math.sqrt((a + b) * (2 * n - a - b) / (2 * n))


def _not_significant(attributes: pd.DataFrame) -> list[str]:
    """A note for each category that is not clearly ahead of the next, saying what to do."""
    notes = []
    for r in attributes.to_dict("records"):
        if isinstance(r["category"], str) and r["significant"] and r.get("evidence") == "too few answers":
            from .precision import few_note

            notes.append(few_note(f"{r['attribute']}: its category ({r['category']})", int(r["n"])))
            continue
        if not isinstance(r["category"], str) or r["significant"] is not False:
            continue  # no answers: no category to test
        row = [r[c] for c in CATEGORIES]
        a, b, needed = _lead(row, r["category"])
        nxt = next((c for c in _TIE_ORDER if c != r["category"] and r[c] == b), "")
        answers = "answer" if r["n"] == 1 else "answers"
        notes.append(
            f"{r['attribute']}: {r['category']} is not clearly ahead of the next category "
            f"({r['category']}{a} against {nxt + str(b) if b else '0'} of {r['n']} {answers}; Fong's test, "
            f"90 %: a lead of {a - b} needs {needed:.2f}): ask more customers before relying on it"
        )
    return notes


def _choose(row: np.ndarray, rule: str) -> tuple[str | None, list[str]]:
    count = dict(zip(CATEGORIES, (int(x) for x in row), strict=True))
    if sum(count.values()) == 0:
        return None, []
    if rule == "frequent":
        return _leader(CATEGORIES, count)
    high, low = count["A"] + count["O"] + count["M"], count["I"] + count["R"] + count["Q"]
    if high > low:
        return _leader("AOM", count)
    category, tied = _leader("IRQ", count)
    if high == low:
        # The rule's else-branch decides, but the two groups are level: say so.
        other, _ = _leader("AOM", count)
        tied = sorted({*tied, category, other}, key=_TIE_ORDER.index)
    return category, tied


def _leader(pool: Iterable[str], count: dict[str, int]) -> tuple[str, list[str]]:
    pool = list(pool)
    top = max(count[c] for c in pool)
    best = sorted((c for c in pool if count[c] == top), key=_TIE_ORDER.index)
    return best[0], (best if len(best) > 1 else [])


def _long_answers(data: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """The answer codes of a long export, whether each pair is answered, and each row's attribute."""
    import numpy as np
    import pandas as pd

    frame = canonical(prepare(data), ("respondent", "attribute", "functional", "dysfunctional"))
    if not {"attribute", "functional", "dysfunctional"} & set(frame.columns):
        raise SurveyDataError([_no_kano_columns(frame)])
    require_columns(frame, ["attribute", "functional", "dysfunctional"], what="Kano data")
    source = source_of(frame)
    (f, f_blank, f_bad), (d, d_blank, d_bad) = (
        answer_codes(frame, c, source) for c in ("functional", "dysfunctional")
    )
    if f_bad or d_bad:
        found = sorted(f_bad + d_bad, key=lambda p: (p.row or 0, p.column or ""))
        raise SurveyDataError(second_header(frame, ["functional", "dysfunctional"], found))
    one_sided = f_blank ^ d_blank
    if one_sided.any():
        mask = np.column_stack([f_blank & one_sided, d_blank & one_sided])
        raise SurveyDataError(
            problems_from_mask(
                mask,
                frame[["functional", "dysfunctional"]],
                "blank while its pair is answered",
                source=source,
                hint="answer both questions, or leave both blank",
            )
        )
    answered = ~f_blank
    attribute = frame["attribute"].astype("string").str.strip()
    unnamed = attribute.isna() | (attribute == "")
    if (unnamed & answered).any():
        raise SurveyDataError(
            problems_from_mask(
                pd.DataFrame({"attribute": unnamed & answered}, index=frame.index),
                frame[["attribute"]],
                "answers without an attribute",
                source=source,
                hint="name the attribute these answers are about, or delete the row",
            )
        )
    attr_codes, names = pd.factorize(attribute.mask(unnamed), sort=False)
    if "respondent" in frame.columns:
        _no_duplicates(frame, attr_codes, answered, len(names), source)
    return f, d, answered, attr_codes, list(map(str, names))


def _no_kano_columns(frame: pd.DataFrame) -> Problem:
    """The problem of an export with none of the long layout's columns: a column per question, often."""
    return Problem(
        "Kano data needs the columns 'attribute', 'functional' and 'dysfunctional' (a row per respondent "
        "and attribute), or each attribute's two question columns named",
        source_of(frame),
        row=1,
        hint=f"the file has: {', '.join(map(str, frame.columns))}; a row per respondent with a column per "
        "question: --functional ATTRIBUTE=COLUMN,... --dysfunctional ATTRIBUTE=COLUMN,...; a row per "
        "attribute: --columns attribute=YOURS,functional=YOURS,dysfunctional=YOURS",
    )


def _no_duplicates(
    frame: pd.DataFrame, attr_codes: np.ndarray, answered: np.ndarray, n_attr: int, source: str
) -> None:
    import numpy as np
    import pandas as pd

    resp_codes, _ = pd.factorize(frame["respondent"], sort=False)
    key = resp_codes.astype(np.int64) * n_attr + attr_codes
    values, counts = np.unique(key[answered], return_counts=True)
    if (counts > 1).any():
        rows = frame.index[answered & np.isin(key, values[counts > 1])][:20]
        raise SurveyDataError(
            [
                Problem(
                    f"respondent {frame.loc[r, 'respondent']} answers "
                    f"{frame.loc[r, 'attribute']!r} more than once",
                    source,
                    int(r),
                    column_label(frame, "respondent"),
                    "keep one row per respondent and attribute; was the form sent twice?",
                )
                for r in rows
            ]
        )


def _table(name: str) -> tuple[str, ...]:
    if name not in TABLES:
        raise SurveyDataError(f"unknown evaluation table {name!r}; use one of: {', '.join(TABLES)}")
    return TABLES[name]
