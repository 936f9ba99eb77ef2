"""Survey results as JSON (versioned), CSV and plain-text tables: the only place that formats them.

Every result object has ``to_dict()`` (the version 1 JSON document) and
``tables()`` (named DataFrames in reading order). JSON numbers are rounded to
six decimals and NaN becomes ``null``.

>>> clean(float("nan")), clean(0.1 + 0.2)
(None, 0.3)
"""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["clean", "records", "terminal_lines", "to_csv", "to_json", "to_text"]


def clean(value: Any) -> Any:
    """``value`` as plain JSON data: numpy scalars unwrapped, floats rounded, NaN as None."""
    if hasattr(value, "item") and not isinstance(value, (list, dict, str)):
        value = value.item()
    if isinstance(value, float):
        return None if not math.isfinite(value) else round(value, 6) + 0.0
    if isinstance(value, dict):
        return {str(k): clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean(v) for v in value]
    if value is not None and not isinstance(value, (str, int, bool)):
        try:
            import pandas as pd

            if pd.isna(value):
                return None
        except (TypeError, ValueError):
            pass
        return str(value)
    return value


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of ``frame`` as cleaned dictionaries, columns in order."""
    columns = list(frame.columns)
    return [{c: clean(v) for c, v in zip(columns, row, strict=True)} for row in frame.itertuples(index=False)]


def to_json(result: Any) -> str:
    return json.dumps(result.to_dict(), indent=2, ensure_ascii=False) + "\n"


def to_csv(result: Any) -> str:
    """All tables of ``result`` stacked into one CSV with a ``level`` column naming the table."""
    import pandas as pd

    from ..escaping import inert

    frames = []
    for level, frame in result.tables().items():
        block = frame.copy()
        for column in block.columns[block.dtypes.map(lambda t: t.kind == "f")]:
            block[column] = block[column].round(6) + 0.0  # the numbers JSON gives, to the digit
        block.insert(0, "level", level)
        frames.append(block)
    table = pd.concat(frames, ignore_index=True, sort=False)
    text = [c for c in table.columns if table[c].dtype == object or pd.api.types.is_string_dtype(table[c])]
    table[text] = table[text].map(inert)  # an item's wording that starts like a formula stays text
    return table.to_csv(index=False)


def to_text(result: Any, *, decimals: int = 2) -> str:
    """Plain aligned tables with a title line each, then the result's summary lines."""
    out: list[str] = []
    for title, frame in result.tables(brief=True).items():
        out.append(title)
        out.append(_table(frame, decimals))
        out.append("")
    out.extend(terminal_lines(line) for line in result.summary())
    return "\n".join(out).rstrip() + "\n"


def terminal_lines(text: str) -> str:
    """One line for a terminal: control characters in user text (an escape sequence) written out.

    A summary line may hold new lines of its own; each part is made safe.
    """
    from ..escaping import terminal

    return "\n".join(terminal(part) for part in str(text).split("\n"))


def _table(frame: pd.DataFrame, decimals: int) -> str:
    from ..escaping import terminal

    headers = [terminal(c) for c in frame.columns]
    rows = [[_cell(v, decimals) for v in row] for row in frame.itertuples(index=False)]
    widths = [max([_shown(h)] + [_shown(r[i]) for r in rows]) for i, h in enumerate(headers)]
    numeric = [all(_is_number(r[i]) for r in rows) and bool(rows) for i in range(len(headers))]

    def line(cells: list[str]) -> str:
        padded = (
            " " * (w - _shown(c)) + c if n else c + " " * (w - _shown(c))
            for c, w, n in zip(cells, widths, numeric, strict=True)
        )
        return "  ".join(padded).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths]), *(line(r) for r in rows)]).rstrip()


def _shown(text: str) -> int:
    """Columns ``text`` takes on a terminal: two for a Chinese or other wide character."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _cell(value: Any, decimals: int) -> str:
    from ..escaping import terminal

    value = clean(value)
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.{decimals}f}"
    if isinstance(value, list):
        return terminal(",".join(map(str, value))) or "-"
    return terminal(value)


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return text == "-"
    return True
