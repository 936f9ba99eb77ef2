"""The standard editor's form: one control per field, read into file data and back.

Values round-trip: a standard shown in the form and read back unchanged gives
the same data, so saving an untouched field never changes the file. Text that
is not yet valid (``"4 min"`` as a target) is passed on as it is, so the
record's validation names the field and says what is wrong.

>>> form = Form()
>>> form.fill({"target": 3.0, "share": 0.95, "agreed_by": [{"by": "Desk team", "date": "2026-01-20"}]})
>>> form.controls["target"].value, form.controls["share"].value, form.controls["agreed_by"].value
('3', '0.95', 'Desk team (2026-01-20)')
>>> form.read()["agreed_by"]
[{'by': 'Desk team', 'date': '2026-01-20'}]
>>> form.controls["agreed_by"].value = "Desk team (2026-01-20); Guest panel (customer, 2026-01-15)"
>>> form.read()["agreed_by"][1]
{'by': 'Guest panel', 'role': 'customer', 'date': '2026-01-15'}
"""

from __future__ import annotations

import re
from typing import Any

import ipywidgets as w

from ..checks.plain import SYMBOLS
from ..model.units import UNITS
from ..model.vocabulary import Comparator, MeasurementMethod, StandardKind

__all__ = ["FIELDS", "Form", "translated"]

#: field -> label, in the order the form shows them
FIELDS = {
    "id": "id",
    "statement": "statement",
    "metric": "metric",
    "unit": "unit",
    "comparator": "comparator",
    "target": "target",
    "share": "share",
    "kind": "kind",
    "method": "measured by",
    "source": "data source",
    "frequency": "how often",
    "owner": "owner",
    "visible": "published",
    "agreed_by": "agreed by",
    "last_reviewed": "last reviewed",
}
_MEASUREMENT = ("method", "source", "frequency")
_SIGN_OFF = re.compile(
    r"^\s*(?P<by>[^()]+?)\s*(?:\((?:(?P<role>customer|staff)\s*,?\s*)?(?P<date>[0-9-]+)?\))?\s*$"
)


def translated(lang: str) -> str:
    """The form field of the statement in language ``lang``: ``statement:zh``."""
    return f"statement:{lang}"


class Form:
    """The controls (``controls[field]``) and the note shown under each (``notes[field]``).

    ``languages`` adds a field per translation of the statement
    (``statement:zh``), so every language's wording can be corrected here.
    ``labels`` maps every field to its caption, in the order shown.
    """

    def __init__(self, languages: tuple[str, ...] = ()) -> None:
        text = {"continuous_update": True, "layout": w.Layout(width="100%")}
        self.controls: dict[str, w.ValueWidget] = {
            "id": w.Text(**text),
            "statement": w.Textarea(rows=2, **text),
            "metric": w.Dropdown(options=[]),
            "unit": w.Dropdown(options=list(UNITS)),
            "comparator": w.Dropdown(options=[(SYMBOLS.get(c.value, c.value), c.value) for c in Comparator]),
            "target": w.Text(placeholder="e.g. 3, or true", **text),
            "share": w.Text(placeholder="e.g. 0.95 (blank: every case)", **text),
            "kind": w.ToggleButtons(options=[k.value for k in StandardKind]),
            "method": w.Dropdown(options=["", *(m.value for m in MeasurementMethod)]),
            "source": w.Text(placeholder="file or table with the observations", **text),
            "frequency": w.Text(placeholder="daily, weekly, monthly", **text),
            "owner": w.Text(placeholder="the role accountable", **text),
            "visible": w.Checkbox(description="published to customers", indent=False),
            "agreed_by": w.Text(placeholder="Front office team (2026-01-20); General Manager", **text),
            "last_reviewed": w.Text(placeholder="YYYY-MM-DD", **text),
        }
        self.languages = tuple(languages)
        self.labels = dict(FIELDS)
        for lang in reversed(self.languages):
            self.controls[translated(lang)] = w.Textarea(rows=2, **text)
        ordered = list(FIELDS)
        at = ordered.index("statement") + 1
        ordered[at:at] = [translated(lang) for lang in self.languages]
        self.labels = {name: FIELDS.get(name) or f"statement ({name.split(':', 1)[1]})" for name in ordered}
        for name, control in self.controls.items():
            control.add_class(f"bp-field-{name.replace(':', '-')}")
        self.notes = {name: w.HTML(layout=w.Layout(margin="0 0 0 110px")) for name in self.labels}
        #: the row of each field, once :meth:`rows` has built them
        self.rows_shown: dict[str, w.VBox] = {}

    def rows(self) -> list[w.Widget]:
        """One labelled row per field with its note beneath."""
        self.rows_shown.clear()
        for name, label in self.labels.items():
            caption = w.HTML(f"<b>{label}</b>", layout=w.Layout(width="110px", flex="0 0 110px"))
            caption.add_class("bp-field-caption")
            body = w.Box([self.controls[name]], layout=w.Layout(flex="1 1 auto", min_width="0"))
            self.rows_shown[name] = w.VBox([w.HBox([caption, body]), self.notes[name]])
        return list(self.rows_shown.values())

    def fill(self, data: dict[str, Any]) -> None:
        """Show ``data`` (a standard as file data) in the controls."""
        measurement = data.get("measurement") or {}
        values = {
            "id": data.get("id") or "",
            "statement": data.get("statement") or "",
            "metric": data.get("metric"),
            "unit": data.get("unit") or "seconds",
            "comparator": data.get("comparator") or "<=",
            "target": _number_text(data.get("target")),
            "share": _number_text(data.get("share")),
            "kind": data.get("kind") or "hard",
            "method": measurement.get("method") or "",
            "source": measurement.get("source") or "",
            "frequency": measurement.get("frequency") or "",
            "owner": data.get("owner") or "",
            "visible": bool(data.get("visible")),
            "agreed_by": "; ".join(_sign_off_text(s) for s in data.get("agreed_by") or []),
            "last_reviewed": str(data.get("last_reviewed") or ""),
        }
        translations = data.get("translations") or {}
        values.update({translated(lang): translations.get(lang) or "" for lang in self.languages})
        for name, value in values.items():
            control = self.controls[name]
            if isinstance(control, w.Dropdown):
                pairs = [o if isinstance(o, tuple) else (str(o), o) for o in control.options]
                if value not in [v for _, v in pairs]:
                    control.options = [*pairs, (str(value), value)]
            control.value = value

    def read(self) -> dict[str, Any]:
        """The controls as file data (keys left out when blank)."""
        c = {name: control.value for name, control in self.controls.items()}
        data: dict[str, Any] = {
            "id": c["id"].strip(),
            "statement": c["statement"].strip(),
            "metric": c["metric"],
            "comparator": c["comparator"],
            "target": _parse_target(c["target"]),
            "unit": c["unit"],
            "share": _parse_share(c["share"]),
            "kind": c["kind"],
            "owner": c["owner"].strip() or None,
            "visible": c["visible"],
            "agreed_by": _parse_sign_offs(c["agreed_by"]),
            "last_reviewed": c["last_reviewed"].strip() or None,
        }
        texts = {lang: c[translated(lang)].strip() for lang in self.languages}
        data["translations"] = {lang: text for lang, text in texts.items() if text}
        measurement = {k: c[k].strip() for k in _MEASUREMENT if c[k] and c[k].strip()}
        data["measurement"] = measurement or None
        return data


def _number_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    return f"{value:g}" if isinstance(value, float) else str(value)


def _parse_target(text: str) -> Any:
    text = text.strip()
    if text.lower() in ("true", "yes"):
        return True
    if text.lower() in ("false", "no"):
        return False
    try:
        return float(text)
    except ValueError:
        return text or None  # the record's validation says what is wrong with it


def _parse_share(text: str) -> Any:
    text = text.strip()
    if not text:
        return None
    try:
        return float(text[:-1]) / 100 if text.endswith("%") else float(text)
    except ValueError:
        return text


def _sign_off_text(sign_off: Any) -> str:
    """``Desk team (2026-01-20)``; a customer's sign-off says so: ``Guest panel (customer, 2026-01-15)``."""
    data = sign_off if isinstance(sign_off, dict) else sign_off.model_dump(mode="json")
    role = "customer" if data.get("role") == "customer" else None
    notes = [note for note in (role, data.get("date")) if note]
    return f"{data['by']} ({', '.join(notes)})" if notes else str(data["by"])


def _parse_sign_offs(text: str) -> list[dict[str, Any]]:
    out = []
    for part in text.split(";"):
        match = _SIGN_OFF.match(part)
        if match and match["by"]:
            entry: dict[str, Any] = {"by": match["by"]}
            if match["role"] == "customer":
                entry["role"] = "customer"
            if match["date"]:
                entry["date"] = match["date"]
            out.append(entry)
    return out
