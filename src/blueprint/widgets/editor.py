"""StandardEditor: turn a key factor into a standard, with the lint running as you type.

Start from a suggested draft (or one of the factor's standards), fill in what
only people can decide, and watch the findings appear next to the fields.
Save writes the standard back into the service file: only what changed, with
comments and layout kept, atomically; if the file changed on disk since it was
loaded, saving is refused with a message saying what to do.

>>> from blueprint.model.examples import tiny_service
>>> editor = StandardEditor(tiny_service(), "checkin-speed", standard="checkin-3min")
>>> editor.form.controls["target"].value = "4"
>>> "BP104" in editor.form.notes["target"].value or "BP104" in editor.form.notes["statement"].value
True
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

import ipywidgets as w
import pydantic
from pydantic_core import PydanticCustomError

from ..checks.plain import plain_message, plain_text
from ..checks.suggest import Suggestion, suggest
from ..errors import SaveConflict, SaveError
from ..model.objects import Metric, Standard
from ..model.units import amount, quantity_of, units_for
from ..model.vocabulary import Quantity
from ._html import Safe, badge, bpm_badge, esc, findings_list, note, panel, rule_detail
from ._picture import languages as titled_languages
from .form import Form
from .save_conflict import ConflictBar, conflict_text
from .standard_lint import field_of, field_of_finding, lint_standard, plain_error

if TYPE_CHECKING:
    from ..model.findings import Finding
    from ..model.service import Service

__all__ = ["StandardEditor"]


class StandardEditor(w.VBox):  # type: ignore[misc]
    """Edit or draft a standard for the key factor ``factor_id`` of ``service``.

    ``standard`` names one of the factor's standards to start from; by
    default the editor starts from the first suggestion. ``findings`` holds the
    lint's findings on the form's standard; ``message`` the last save result.
    """

    #: show ids, rule codes and the file's path (a subclass for a room sets it False)
    identifiers = True

    def __init__(self, service: Service, factor_id: str, *, standard: str | None = None) -> None:
        if factor_id not in service.factors:
            raise KeyError(f"no key factor {factor_id!r} in service {service.info.id!r}")
        self.service, self.factor_id = service, factor_id
        self.suggestions: dict[str, Suggestion] = {}
        self.findings: list[Finding] = []
        self.form = Form(languages(service))
        self.source = w.Dropdown(description="start from", style={"description_width": "110px"},
                                 layout=w.Layout(width="100%"))  # fmt: skip
        self.reason = w.HTML()
        self.summary = w.HTML()
        self.save_button = w.Button(description="Save to file", icon="save", button_style="primary")
        self.save_button.add_class("bp-save")
        self.save_anyway = w.Button(description="Save anyway", icon="exclamation-triangle",
                                    button_style="danger", layout=w.Layout(display="none"))  # fmt: skip
        self.save_anyway.on_click(lambda _: self.save_despite_lint())
        self.message = w.HTML()
        self.message.add_class("bp-save-message")
        self.conflict = ConflictBar()
        #: what "Save anyway" after a conflict does (a room's panel saves with its sign-off)
        self.save_over: Any = lambda: self.save(force=True, anyway=True)
        #: what "Save anyway" after the lint's errors does
        self.save_despite_lint: Any = lambda: self.save(anyway=True)
        #: called after Reload read the file again (the workshop redraws its slide)
        self.after_reload: Any = lambda: None
        self._loading = False
        self._refresh_sources(standard)
        self.source.observe(lambda _: self._load(), "value")
        self.form.controls["metric"].observe(lambda _: self._fit_units(), "value")
        for control in self.form.controls.values():
            control.observe(lambda _: self._relint(), "value")
        self.save_button.on_click(lambda _: self.save())
        super().__init__(
            [w.HTML(self._header()), self.source, self.reason, *self.form.rows(), self.summary,
             w.HBox([self.save_button, self.save_anyway]), self.message, self.conflict],
            layout=w.Layout(width="100%", max_width="900px"),
        )  # fmt: skip
        self.add_class("bp-editor")
        self._load()

    # -- starting points ----------------------------------------------------------------

    def _header(self) -> Safe:
        factor = self.service.factors[self.factor_id]
        moment = self.service.moments[self.service.moment_of[self.factor_id]]
        marks = [badge(f"{factor.element.value} / {factor.sub_item}", "info")]
        if factor.bpm:
            marks.append(bpm_badge(factor.bpm.value))
        if factor.customer_tolerance:
            t = factor.customer_tolerance
            marks.append(
                badge(plain_text(f"customers accept {t.comparator.value} {amount(t.value, t.unit)}"), "good")
            )
        return panel(
            Safe(f"<h3>{esc(factor.title)}</h3>"),
            Safe(f'<div class="bp-sub">key factor {self._ident(factor.id)}at '
                 f"{esc(moment.title)} {' '.join(marks)}</div>"),
        )  # fmt: skip

    def _ident(self, text: str) -> Safe:
        return Safe(f"<code>{esc(text)}</code> ") if self.identifiers else Safe("")

    def _refresh_sources(self, wanted: str | None = None) -> None:
        existing = self.service.standards_of_factor.get(self.factor_id, [])
        self.suggestions = {d.standard["id"]: d for d in suggest(self.service, self.factor_id)}
        if self.identifiers:
            options = [(f"edit {sid}", sid) for sid in existing]
            options += [(f"new from suggestion: {sid}", sid) for sid in self.suggestions]
        else:  # the room reads statements, not ids
            options = [(f"now: {self.service.standards[sid].statement}", sid) for sid in existing]
            options += [
                (f"draft: {d.standard.get('statement') or sid}", sid) for sid, d in self.suggestions.items()
            ]
        self._loading = True
        self.source.options = options
        self._loading = False
        if wanted is not None and wanted not in dict(options).values():
            raise KeyError(f"{wanted!r} is not a standard or suggestion of factor {self.factor_id!r}")
        choices: list[str | None] = [*self.suggestions, *existing] or [None]
        self.source.value = wanted or choices[0]

    @property
    def editing(self) -> bool:
        """Whether the form holds a standard already in the service (not a new draft)."""
        return self.source.value in self.service.standards

    def _base(self) -> dict[str, Any]:
        if self.editing:
            return self.service.standards[self.source.value].model_dump(mode="json")
        return dict(self.suggestions[self.source.value].standard)

    def _load(self) -> None:
        if self._loading or self.source.value is None:
            return
        self._loading = True
        try:
            metrics = [(f"{m.id} — {m.title}", m.id) for m in self.service.metrics.values()]
            draft = self.suggestions.get(self.source.value)
            if not self.editing and draft is not None and draft.metric:
                metrics.append((f"{draft.metric['id']} — {draft.metric['title']} (new)", draft.metric["id"]))
            self.form.controls["metric"].options = metrics
            self.form.fill(self._base())
            self.form.controls["id"].disabled = self.editing
            self._fit_units()
        finally:
            self._loading = False
        self.reason.value = (
            note(f"Why this draft: {draft.reason}", "info")
            if draft and not self.editing and self.identifiers  # the reason names ids and pitfalls
            else ""
        )
        self.message.value = ""
        self._relint()

    def _fit_units(self) -> None:
        metric = self._metric(self.form.controls["metric"].value)
        unit = self.form.controls["unit"]
        if metric is None:
            return
        fitting = units_for(metric.quantity)
        current = unit.value
        unit.options = fitting
        unit.value = (
            current if current in fitting else (metric.unit if metric.unit in fitting else fitting[0])
        )

    def _metric(self, metric_id: str | None) -> Metric | None:
        if metric_id in self.service.metrics:
            return self.service.metrics[metric_id]
        draft = self.suggestions.get(self.source.value)
        return draft.metric_record() if draft and draft.metric and draft.metric["id"] == metric_id else None

    # -- the candidate and its lint -----------------------------------------------------

    def candidate(self) -> Standard:
        """The standard the form describes; ``pydantic.ValidationError`` when it is not valid yet."""
        data = {**self._base(), **self.form.read()}
        standard = Standard.model_validate(data)
        target = standard.target
        if quantity_of(standard.unit) is Quantity.DURATION and not isinstance(target, bool) and target < 0:
            raise pydantic.ValidationError.from_exception_data(
                "Standard",
                [{"type": PydanticCustomError("negative_time", "a time target cannot be negative"),
                  "loc": ("target",), "input": target}],
            )  # fmt: skip
        return standard

    def _relint(self) -> None:
        if self._loading:
            return
        self.message.value = ""  # a change makes the last save's message stale
        self.save_anyway.layout.display = "none"
        notes: dict[str, list[str]] = {name: [] for name in self.form.labels}
        try:
            standard = self.candidate()
        except pydantic.ValidationError as exc:
            self.findings = []
            for error in exc.errors():
                field = field_of(error["loc"])
                field = field if field in notes else "statement"
                line = (
                    badge("invalid", "bad")
                    + " "
                    + esc(plain_error(field, error, self.form.controls["unit"].value))
                )
                if line not in notes[field]:  # a target that is neither a number nor yes/no fails twice
                    notes[field].append(line)
            self._show(notes, valid=False)
            return
        self.findings = self._lint(standard)
        if not self.identifiers:  # the room reads words: a standard's id becomes "this standard"
            self.findings = [
                dataclasses.replace(f, message=self._room_words(f.message, standard.id))
                for f in self.findings
            ]
        for finding in self.findings:
            field = field_of_finding(finding)
            field = field if field in notes else "statement"
            tone = {"error": "bad", "warning": "warn"}.get(finding.severity.value, "info")
            level = badge(finding.severity.value, tone)
            detail = rule_detail(finding) if self.identifiers else ""
            notes[field].append(f"{level} {esc(plain_message(finding))}{detail}")
        self._show(notes, valid=True)

    def _room_words(self, message: str, standard_id: str) -> str:
        from .roomwords import in_room_words

        own = message.replace(f"standard '{standard_id}'", "this standard").replace(
            f"'{standard_id}'", "this standard"
        )
        return in_room_words(self.service, own)

    def _lint(self, standard: Standard) -> list[Finding]:
        return lint_standard(self.service, standard, self._metric(standard.metric))

    def _show(self, notes: dict[str, list[str]], *, valid: bool) -> None:
        for name, lines in notes.items():
            html = "<br>".join(lines)
            self.form.notes[name].value = f'<div class="bp-field-note">{html}</div>' if lines else ""
        if not valid:
            self.summary.value = panel(
                note("Not a valid standard yet: fix the fields marked invalid.", "bad")
            )
        elif self.findings:
            self.summary.value = panel(
                Safe("<h4>Lint</h4>"), findings_list(self.findings, codes=self.identifiers)
            )
        else:
            self.summary.value = panel(note("The lint finds nothing to improve in this standard.", "good"))

    # -- saving -----------------------------------------------------------------------------

    def save(self, *, force: bool = False, anyway: bool = False) -> bool:
        """Write the form's standard into the service and its file; True when written.

        Refuses (and leaves the service as it was) when the standard is not
        valid, or when the file changed on disk since it was loaded. While the
        lint finds errors it asks first: the *Save anyway* button (or
        ``anyway=True``) saves all the same.
        """
        self.save_anyway.layout.display = "none"
        self.conflict.hide()
        try:
            standard = self.candidate()
        except pydantic.ValidationError:
            self.message.value = panel(note("Not saved: fix the fields marked invalid first.", "bad"))
            return False
        errors = [f for f in self._lint(standard) if f.severity.value == "error"]
        if errors and not anyway:
            many = "an error" if len(errors) == 1 else f"{len(errors)} errors"
            self.message.value = panel(note(
                f"Not saved yet: the lint finds {many} ({plain_message(errors[0])}). "
                "Fix it, or press Save anyway to save it as it is.", "warn"))  # fmt: skip
            self.save_anyway.layout.display = ""
            return False
        undo = self._apply(standard)
        try:
            self.service.save(force=force)
        except SaveConflict:
            undo()
            said = conflict_text(self.service, kept="the form then shows the file's version",
                                 name_file=self.identifiers)  # fmt: skip
            self.message.value = panel(note(said, "bad"))
            self.conflict.show(self.reload, lambda: self.save_over())
            return False
        except (SaveError, OSError) as exc:
            undo()
            self.message.value = panel(note(f"Not saved: {exc}", "bad"))
            return False
        self._refresh_sources(standard.id)
        where = f" to {self.service.source}" if self.identifiers else ""
        self.message.value = panel(note(f"Saved {standard.id}{where}.", "good"))
        return True

    def reload(self) -> bool:
        """Read the file again and show its version of the standard in the form; False if unreadable."""
        if not self.conflict.reload(self.service, self.message):
            return False
        try:  # the same standard or draft, unless the other change took it away
            self._refresh_sources(self.source.value)
        except KeyError:
            self._refresh_sources()
        self._load()
        self.message.value = panel(
            note("Reloaded: the form shows the file as it is now. Make your change again and save.", "info")
        )
        self.after_reload()
        return True

    def _apply(self, standard: Standard) -> Any:
        """Put ``standard`` into the service; return a function that takes it out again."""
        service = self.service
        old = service.standards.get(standard.id)
        if old is not None:
            changes = {
                k: getattr(standard, k)
                for k in Standard.model_fields
                if getattr(standard, k) != getattr(old, k)
            }
            if changes:
                service.replace(standard.id, **changes)
            return lambda: (
                service.replace(standard.id, **{k: getattr(old, k) for k in changes}) if changes else None
            )
        metric = self._metric(standard.metric)
        added_metric = metric is not None and metric.id not in service.metrics
        if metric is not None and added_metric:
            service.add(metric)
        service.add(standard)

        def undo() -> None:
            service.remove(standard.id)
            if added_metric:
                service.remove(standard.metric)

        return undo


def languages(service: Service) -> tuple[str, ...]:
    """The languages the service's texts are translated into, so each gets a statement field."""
    found = set(titled_languages(service))
    for standard in service.standards.values():
        found.update(standard.translations)
    return tuple(sorted(found))
