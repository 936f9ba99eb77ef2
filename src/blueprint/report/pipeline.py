"""The client report and the catalogue's compliance: gather findings, measurements and surveys.

:mod:`blueprint.report.layout` lays the report out but computes nothing;
this module runs the lint, measures the operational data (by site and month for
the compliance table; the by-month view, for the catalogue's last period and the
whole-period shares, is added up from it when that is exact, see
:mod:`blueprint.measure.rollup`) and analyses the survey files, then hands the
results over. The command line and the benchmark call :func:`build_report`;
notebooks may too.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..progress import StepFunction, no_steps
from .surveys import SURVEY_KINDS, read_survey_exports, read_surveys

if TYPE_CHECKING:
    from ..io.catalogue import LastCompliance
    from ..measure.outcome import Outcome
    from ..measure.result import MeasureResult
    from ..measure.service_types import Diagnosis
    from ..model.findings import Finding
    from ..model.service import Service

__all__ = [
    "SURVEY_KINDS",
    "ReportInputs",
    "build_report",
    "catalogue_compliance",
    "gather",
    "last_compliance",
    "read_survey_exports",
    "read_surveys",
    "report_page",
]


@dataclass
class ReportInputs:
    """Everything the report shows, computed: the renderer only formats it."""

    service: Service
    findings: list[Finding]
    grouped: MeasureResult | None = None
    monthly: MeasureResult | None = None
    survey: dict[str, Any] = field(default_factory=dict)
    survey_notes: list[str] = field(default_factory=list)
    data: str | None = None
    #: each site's service type (or each group of the report's keys but month), from ``grouped``
    service_types: Diagnosis | None = None

    def catalogue(self, lang: str | None = None) -> list[dict[str, Any]]:
        from ..io.catalogue import catalogue

        return catalogue(self.service, last_compliance(self.monthly) if self.monthly else None, lang=lang)

    def standard_verdicts(self) -> dict[str, tuple[str, float | None]]:
        """Per measured standard, its verdict and share of cases meeting it over the whole period.

        On each case, the months' cases are added up and judged like one group
        (fewer than the minimum of observations is ``too few``). A standard on
        a mean or median, whose months do not add up, fails when a month
        fails and passes when no month fails and one passes. A target in doubt
        (``implausible``) in any month stays in doubt.
        """
        if self.monthly is None:
            return {}
        least = int(self.monthly.options.get("min_observations", 30))
        months: dict[str, list[Any]] = {}
        for o in self.monthly.outcomes:
            if o.kind == "standard":
                months.setdefault(o.standard, []).append(o)
        return {standard_id: _pooled(outcomes, least) for standard_id, outcomes in months.items()}

    def diagnose(self, *, high: float = 0.8) -> Diagnosis | None:
        """The four service types by the report's keys but month, from the grouped measurement.

        Each site's standards are judged over the whole period as
        :meth:`standard_verdicts` judges them over all sites: the months' cases
        added up, or for a mean or median, failed when a month fails. Grouped
        by month alone, each month is typed. Nothing is measured again.
        """
        from dataclasses import replace

        from ..measure.service_types import diagnose_outcomes

        result = self.grouped or self.monthly
        if result is None:
            return None
        keep = tuple(key for key in result.by if key != "month") or tuple(result.by)
        least = int(result.options.get("min_observations", 30))
        pooled: dict[tuple[str, tuple[Any, ...]], list[Outcome]] = {}
        for o in result.outcomes:
            if o.kind == "standard" and all(key in o.keys for key in keep):
                pooled.setdefault((o.standard, tuple(o.keys[key] for key in keep)), []).append(o)
        outcomes = []
        for (_, keys), group in pooled.items():
            status, share = _pooled(group, least)
            outcomes.append(replace(group[0], keys=dict(zip(keep, keys, strict=True)), status=status,
                                    share=share))  # fmt: skip
        elements = {
            s.id: {self.service.factors[f].element.value for f in s.factors if f in self.service.factors}
            for s in self.service.standards.values()
        }
        return diagnose_outcomes(outcomes, elements, by=keep, high=high)

    def coverage(self) -> str | None:
        """How many standards and promises the data measured; None without data."""
        measured = self.grouped or self.monthly
        return measured.coverage() if measured is not None else None

    def unmeasured_errors(self) -> list[Finding]:
        """The errors that leave standards unjudged: no data (unless allowed), unreadable or implausible data.

        A standard that is not met is what the report is for; a standard that
        could not be measured makes the run fail, as ``blueprint measure`` does.
        """
        from ..model.vocabulary import Severity

        measured = self.grouped or self.monthly
        return [
            f
            for f in (measured.findings if measured is not None else ())
            if f.severity is Severity.ERROR and f.rule not in ("BP330", "BP333")
        ]

    def moment_shares(self) -> dict[str, float]:
        """Per moment, the lowest whole-period share of cases meeting one of its standards."""
        totals: dict[str, list[int]] = {}
        for o in self.monthly.outcomes if self.monthly else ():
            if o.kind == "standard" and o.required is not None and o.observations:
                met_n = totals.setdefault(o.standard, [0, 0])
                met_n[0] += o.met
                met_n[1] += o.observations
        from ..measure.outcome import moment_shares

        return moment_shares(self.service, {sid: met / n for sid, (met, n) in totals.items()})


def gather(
    service: Service,
    *,
    data: str | os.PathLike[str] | None = None,
    survey: Iterable[str | os.PathLike[str]] = (),
    by: Sequence[str] | str = ("site", "month"),
    weights: Mapping[str, float] | str | None = None,
    survey_columns: Mapping[str, str] | str | None = None,
    survey_prefixes: tuple[str, str] | str = ("E", "P"),
    survey_scales: Mapping[str, str] | str | None = None,
    survey_kano_pairs: Mapping[str, tuple[str, str]] | None = None,
    config: Any = None,
    step: StepFunction = no_steps,
    **measure_options: Any,
) -> ReportInputs:
    """Lint ``service``, measure it on ``data`` and analyse the ``survey`` files.

    ``by`` groups the compliance table (default site and month). Survey files
    are recognised by their columns, after ``survey_columns`` mapped the
    exports' own headers to the names expected, and SERVQUAL's wide columns by
    ``survey_prefixes``, on the scales ``survey_scales`` gives or the
    smallest usual one holding the answers (see :func:`read_surveys`); a Kano
    form's export by the question columns of ``survey_kano_pairs``. Bad data gives
    findings (measurement) or :class:`~blueprint.errors.BlueprintError`
    (surveys), never a half-made report. ``step`` is told each step as it
    begins (a progress bar, see :func:`blueprint.progress.steps`).
    """
    from ..checks import lint

    step("reading the surveys")
    surveys, notes = read_surveys(
        survey, weights=weights, columns=survey_columns, prefixes=survey_prefixes, scales=survey_scales,
        kano_pairs=survey_kano_pairs,
    )  # fmt: skip
    context: dict[str, Any] = {}
    if surveys:  # gap 1 on what the surveys show customers find important
        from ..survey.importance import importance_from_surveys

        shown = importance_from_surveys(surveys, service)
        context, notes = shown.context(), [*notes, *shown.notes]
    step("checking the service")
    findings = list(lint(service, config, context=context))
    inputs = ReportInputs(service, findings, data=None if data is None else str(data))
    if data is not None:
        from ..measure import measure
        from ..measure.columns import grouping_keys

        step("measuring the data")
        keys = grouping_keys(by)
        where = {"data": data, "percentile": False, **measure_options}
        if getattr(step, "shown", False):  # the report's bar already shows the work under way
            where.setdefault("progress", False)
        # By the report's keys (the compliance table) and by month (the catalogue's last period, the
        # whole period summed). Grouped by month among other keys, the months add up from the finer
        # groups' counts (exact; see measure.rollup); otherwise, or where a verdict needs a mean or
        # median, the months are measured in a run of their own.
        inputs.grouped = measure(service, by=keys, **where) if keys and keys != ("month",) else None
        if inputs.grouped is not None and "month" in keys:
            from ..measure.rollup import roll_up

            inputs.monthly = roll_up(inputs.grouped, service, ("month",))
        if inputs.monthly is None:
            inputs.monthly = measure(service, by=("month",), promises=False, **where)
        if keys == ("month",):
            inputs.grouped = inputs.monthly
        # grouped, the failures name their sites and months; the data findings are the same
        inputs.findings.extend((inputs.grouped or inputs.monthly).findings)
        inputs.service_types = inputs.diagnose()
    inputs.survey, inputs.survey_notes = surveys, notes
    return inputs


def build_report(service: Service, *, lang: str | None = None, **options: Any) -> str:
    """The report of ``service`` as one self-contained HTML document (see :func:`gather`).

    With ``lang`` (``zh``), titles, statements and pictures use the service's
    translations where it has them; the report's own words stay English.
    """
    return report_page(service, lang=lang, **options)[0]


def report_page(
    service: Service, *, lang: str | None = None, progress: bool | None = None, **options: Any
) -> tuple[str, ReportInputs]:
    """The report (as :func:`build_report`) and what it was made from, to tell what was measured.

    ``price`` and ``labour_per_hour`` (with optional ``cost``) add Shostack's margin what-if.
    A report that takes longer than two seconds shows a progress bar on standard error
    (``progress`` None: only on a terminal or in a notebook, and not under ``CI``; see
    :mod:`blueprint.progress`).
    """
    from ..model.margin import what_if
    from ..model.timing import timing
    from ..progress import steps

    price, labour, cost = (options.pop(key, None) for key in ("price", "labour_per_hour", "cost"))
    money = None
    if price is not None:
        money = what_if(timing(service), price=price, labour_per_hour=labour or 0.0, cost=cost)
    total = 4 if options.get("data") is not None else 3
    with steps(f"report {service.info.id}", total, progress) as step:
        inputs = gather(service, step=step, **options)
        step("drawing the pictures and writing the page")
        page = _page(service, inputs, lang, money)
    return page, inputs


def _page(service: Service, inputs: ReportInputs, lang: str | None, money: Any) -> str:
    from .layout import report_html

    return report_html(
        service,
        findings=inputs.findings,
        measured=inputs.monthly,
        grouped=inputs.grouped,
        cycle_status=inputs.standard_verdicts() if inputs.monthly is not None else None,
        survey=inputs.survey,
        survey_notes=inputs.survey_notes,
        catalogue=inputs.catalogue(lang),
        data=inputs.data,
        lang=lang,
        service_types=inputs.service_types,
        what_if=money,
    )


def _pooled(outcomes: Sequence[Outcome], least: int) -> tuple[str, float | None]:
    """One standard's outcomes in several groups judged as one: its verdict and share of cases met.

    On each case, the groups' cases are added up and judged like one group
    (fewer than ``least`` observations is ``too few``). On a mean or median,
    whose groups do not add up, it fails when a group fails and passes when
    none fails and one passes. A target in doubt (``implausible``) in any
    group stays in doubt.
    """
    from ..measure.outcome import judge

    met, n = sum(o.met for o in outcomes), sum(o.observations for o in outcomes)
    share = met / n if n else None
    statuses = {o.status for o in outcomes}
    required = outcomes[0].required
    if "implausible" in statuses:
        return "implausible", share
    if required is not None:
        return judge(met=met, n=n, required=required, min_observations=least), share
    return next((v for v in ("fail", "pass", "too few") if v in statuses), "no data"), None


def catalogue_compliance(service: Service, data: str | os.PathLike[str]) -> dict[str, LastCompliance]:
    """Each standard's last month with data in ``data`` (measured by month), for the catalogue."""
    from ..measure import measure

    return last_compliance(measure(service, data=data, by=("month",), percentile=False, promises=False))


def last_compliance(result: MeasureResult) -> dict[str, LastCompliance]:
    """Per standard, its latest period with observations in a result grouped by month."""
    from ..io.catalogue import LastCompliance

    latest: dict[str, LastCompliance] = {}
    for outcome in result.outcomes:
        if outcome.kind != "standard" or outcome.observations == 0:
            continue
        period = outcome.group
        seen = latest.get(outcome.standard)
        if seen is None or period > seen.period:
            latest[outcome.standard] = LastCompliance(period, outcome.share, outcome.status)
    return latest
