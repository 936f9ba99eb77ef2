"""One survey analysis run end to end: read the export, analyse it, link it to a service, review write-backs.

A :class:`SurveyRequest` names the analysis (``servqual``, ``tolerance``,
``kano``, ``ipa`` or ``sample-size``) and its inputs; :func:`run_survey` reads
the export, runs the analysis, draws the chart, links the result to the
service's factors and moments, and reviews (and with ``write_back`` saves)
the tags the survey proposes. The ``blueprint survey`` command and a notebook
run the same steps:

>>> run = run_survey(SurveyRequest("sample-size", sd=1.2, margin=0.2))
>>> run.result.n, run.extra
(139, {})

Inputs that do not fit together raise :class:`SurveyOptionError` (a
``ValueError`` naming the command-line option); data that cannot be read
raise :class:`~blueprint.errors.BlueprintError` or ``OSError``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..progress import StepFunction

__all__ = ["ANALYSES", "SurveyOptionError", "SurveyRequest", "SurveyRun", "parse_prefixes", "run_survey"]

#: the analyses :func:`run_survey` knows, in the order the command lists them
ANALYSES = ("servqual", "tolerance", "kano", "ipa", "sample-size")


class SurveyOptionError(ValueError):
    """Options that do not fit together or cannot be read; the message names the option."""


@dataclass
class SurveyRequest:
    """Which analysis to run on which export, with the options of ``blueprint survey ANALYSIS``."""

    analysis: str
    file: str | None = None
    sheet: str | None = None
    columns: str | None = None  # NAME=YOURS,... mapping expected names to the file's
    scale: str = "1-7"
    service: str | None = None  # SERVICE.yaml: link the result to its factors, or review write-backs
    write_back: bool = False
    mapping: str | None = None  # ITEM=FACTOR,... for items that are not factor ids
    chart: str | None = None
    # servqual
    weights: str | None = None
    instrument: str | None = None
    wording: int | None = None
    prefixes: str = "E,P"
    confidence: float = 0.95
    margin: float | None = None
    alpha: bool = True
    # tolerance
    unit: str | None = None
    less_is_better: str | None = None  # ITEM,... asked in a unit where less is better (minutes)
    # kano
    rule: str = "berger"
    table: str = "kano"
    functional: str | None = None  # ATTRIBUTE=COLUMN,...: a row per respondent, a column per question
    dysfunctional: str | None = None
    # ipa
    importance: str = "stated"
    importance_scale: str | None = None  # the scale stated importance was asked on, when not ``scale``
    crosshair: str = "mean"
    # sample-size
    sd: float | None = None
    proportion: float | None = None
    population: int | None = None
    response_rate: float | None = None
    #: a progress bar on standard error after two seconds: None on a terminal or notebook, not under CI
    progress: bool | None = None


@dataclass
class SurveyRun:
    """An analysis result and what the service adds to it (``{"json": ..., "text": ...}`` or empty)."""

    result: Any
    extra: dict[str, Any] = field(default_factory=dict)

    def text(self, format: str = "table") -> str:
        """The result as ``table``, ``json`` or ``csv`` text, with the service's part for table and json."""
        from . import output

        text: str = {"json": output.to_json, "csv": output.to_csv}.get(format, output.to_text)(self.result)
        if self.extra and format == "json":
            import json

            merged = {**self.result.to_dict(), **self.extra["json"]}
            return json.dumps(merged, indent=2, ensure_ascii=False) + "\n"
        if self.extra and format == "table":
            text += "\n" + output.terminal_lines(self.extra["text"])
        return text


def run_survey(request: SurveyRequest) -> SurveyRun:
    """Run ``request``: read the export, analyse, draw the chart, link or review against the service.

    An analysis that takes longer than two seconds shows a progress bar naming its step (see
    :func:`blueprint.progress.steps`).
    """
    from ..progress import steps

    with steps(f"survey {request.analysis}", 3 + bool(request.chart), request.progress) as step:
        return _run(request, step)


def _run(request: SurveyRequest, step: StepFunction) -> SurveyRun:
    from . import (
        ipa,
        kano,
        read_instrument,
        read_table,
        sample_size_mean,
        sample_size_proportion,
        servqual,
        tolerance,
    )
    from .kano_columns import question_pairs
    from .readers import parse_mapping

    r = request
    if r.analysis == "sample-size":
        options = {"confidence": r.confidence, "population": r.population, "response_rate": r.response_rate}
        if r.sd is not None:
            return SurveyRun(sample_size_mean(sd=r.sd, margin=r.margin, **options))  # type: ignore[arg-type]
        return SurveyRun(sample_size_proportion(p=r.proportion, margin=r.margin, **options))  # type: ignore[arg-type]
    if r.analysis not in ANALYSES:
        raise SurveyOptionError(f"{r.analysis!r} is no survey analysis; use one of {', '.join(ANALYSES)}")
    if r.file is None:
        raise SurveyOptionError(f"{r.analysis} needs a survey export (FILE)")
    if r.importance_scale is not None and r.importance != "stated":
        raise SurveyOptionError(
            f"--importance-scale applies to stated importance only; {r.importance} importance is "
            "derived from the overall rating"
        )
    step("reading the export")
    data = read_table(
        r.file, sheet=r.sheet, columns=parse_mapping(r.columns, what="--columns", commas_in_values=True)
    )
    step("analysing")
    if r.analysis == "servqual":
        instrument = read_instrument(r.instrument, scale=r.scale) if r.instrument else None
        scores = servqual(
            data,
            instrument=instrument,
            weights=r.weights,
            scale=r.scale,
            wording=r.wording,
            confidence=r.confidence,
            alpha=r.alpha,
            margin=r.margin,
            prefixes=parse_prefixes(r.prefixes),
        )
        step("linking to the service")
        return SurveyRun(scores, _by_factor(scores, r.service))
    if r.analysis == "tolerance":
        lower = [i.strip() for i in (r.less_is_better or "").split(",") if i.strip()]
        zone = tolerance(data, scale=r.scale, less_is_better=lower)
        step("linking to the service")
        if r.unit or r.write_back:
            return SurveyRun(zone, _tolerance_review(zone, r))
        return SurveyRun(zone, _by_factor(zone, r.service))
    if r.analysis == "kano":
        pairs = question_pairs(r.functional, r.dysfunctional)
        classes = kano(data, rule=r.rule, table=r.table, pairs=pairs)
        if r.chart:
            step("drawing the chart")
            classes.chart(r.chart)
        step("linking to the service")
        return SurveyRun(classes, _bpm_review(classes, r))
    crosshair = r.crosshair if r.crosshair in ("mean", "midpoint") else _pair(r.crosshair)
    quadrants = ipa(
        data, importance=r.importance, crosshair=crosshair, scale=r.scale, importance_scale=r.importance_scale
    )
    if r.chart:
        step("drawing the chart")
        quadrants.chart(r.chart)
    step("linking to the service")
    if r.service:
        from .importance import importance_review

        return SurveyRun(quadrants, importance_review(quadrants, r.service, write=r.write_back))
    if r.write_back:
        raise SurveyOptionError("--write-back needs --service SERVICE.yaml")
    return SurveyRun(quadrants)


def _by_factor(result: object, service_path: str | None) -> dict[str, Any]:
    if not service_path:
        return {}
    from ..io.load import load
    from .linking import link
    from .output import to_text

    linked = link(result, load(service_path))
    return {"json": linked.to_dict(), "text": to_text(linked)}


def _bpm_review(result: object, r: SurveyRequest) -> dict[str, Any]:
    if not r.service:
        if r.write_back:
            raise SurveyOptionError("--write-back needs --service SERVICE.yaml")
        return {}
    from .writeback import bpm_review

    return bpm_review(result, r.service, mapping=r.mapping, write=r.write_back)


def _tolerance_review(result: object, r: SurveyRequest) -> dict[str, Any]:
    if not (r.service and r.unit):
        raise SurveyOptionError("--unit and --write-back need --service SERVICE.yaml and --unit UNIT")
    from .tolerance_writeback import review

    return review(result, r.service, unit=r.unit, mapping=r.mapping, survey=r.file or "", write=r.write_back)


def _pair(text: str) -> tuple[float, float]:
    try:
        first, second = (float(x) for x in text.split(","))
    except ValueError:
        raise SurveyOptionError(
            f"--crosshair {text!r}: use mean, midpoint or IMPORTANCE,PERFORMANCE"
        ) from None
    return first, second


def parse_prefixes(text: str) -> tuple[str, str]:
    """``"E,P"`` as ``("E", "P")``: the expectation and perception prefixes of SERVQUAL's wide columns."""
    parts = [p.strip() for p in text.split(",")]
    if len(parts) != 2 or not all(parts) or parts[0] == parts[1]:
        raise SurveyOptionError(
            f"--prefixes {text!r}: give two different prefixes, expectation first, e.g. E,P"
        )
    return parts[0], parts[1]
