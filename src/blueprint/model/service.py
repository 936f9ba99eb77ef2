"""The service: its records, indexed by id, and the networkx graph they form.

The graph is public (``service.graph``) so that any networkx algorithm can be
run on a service. Node kinds are ``moment``, ``step`` and ``evidence``; edge
kinds are ``flow`` (moment to moment), ``supports`` (step to moment or step)
and ``evidence`` (physical evidence to the moment it belongs to). Every node
carries its record's fields as attributes plus ``kind`` and ``record``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from pydantic import Field

from .. import wiring
from .findings import Location
from .objects import (
    Channel,
    Goal,
    KeyFactor,
    Metric,
    MomentOfTruth,
    PhysicalEvidence,
    Promise,
    Record,
    Standard,
    Step,
    Text,
    Tolerance,
    Translations,
)

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["SECTIONS", "SECTION_OF", "Service", "ServiceInfo"]


class ServiceInfo(Record):
    """What the service is called and who looks after its standards."""

    id: str
    title: Text
    translations: Translations = Field(default_factory=dict)
    organisation: str | None = None
    owner: str | None = None
    sponsor: str | None = Field(
        None, description="The top-management role that backs the standards (guideline 6)."
    )
    goals: list[Goal] = Field(default_factory=list, description="The organisation's goals (guideline 10).")
    customer_tolerance: Tolerance | None = Field(
        None,
        description="The longest whole visit customers accept, e.g. {value: 5, unit: minutes}; "
        "blueprint timing holds each path's standard execution time against it.",
    )
    description: str | None = None

    def title_in(self, lang: str | None = None) -> str:
        return self.translations.get(lang, self.title) if lang else self.title


#: the top-level list sections of a service file, in the order they are written, and the
#: record each item is; a section's name is also the Service attribute holding its records
SECTIONS: dict[str, type[Record]] = {
    "metrics": Metric,
    "channels": Channel,
    "moments": MomentOfTruth,
    "steps": Step,
    "standards": Standard,
    "promises": Promise,
}
#: record type -> the top-level section (and Service attribute) holding its records
SECTION_OF: dict[type, str] = {record: name for name, record in SECTIONS.items()}

Locator = Callable[[str, "str | None"], "Location | None"]


class Service:
    """One service cycle with its blueprint lanes, key factors, standards and promises.

    Records are immutable; change one with :meth:`replace`, which keeps the
    indices and the graph in step and remembers the edit for saving.
    """

    def __init__(
        self,
        info: ServiceInfo,
        *,
        metrics: Iterable[Metric] = (),
        channels: Iterable[Channel] = (),
        moments: Iterable[MomentOfTruth] = (),
        steps: Iterable[Step] = (),
        standards: Iterable[Standard] = (),
        promises: Iterable[Promise] = (),
        source: str | None = None,
    ) -> None:
        self.info = info
        self.metrics = {m.id: m for m in metrics}
        self.channels = {c.id: c for c in channels}
        self.moments = {m.id: m for m in moments}
        self.steps = {s.id: s for s in steps}
        self.standards = {s.id: s for s in standards}
        self.promises = {p.id: p for p in promises}
        #: the file this service was loaded from, if any
        self.source = source
        #: set by the loader: finds where a subject (and one of its fields) is written
        self.locator: Locator | None = None
        #: set by the loader: whatever the saver needs to write the file back
        self.document: Any = None
        self._index()

    # -- indices and graph ----------------------------------------------------

    def _index(self) -> None:
        self.factors: dict[str, KeyFactor] = {}
        self.moment_of: dict[str, str] = {}
        self.evidence: dict[str, PhysicalEvidence] = {}
        for moment in self.moments.values():
            for factor in moment.factors:
                self.factors[factor.id] = factor
                self.moment_of[factor.id] = moment.id
            for item in moment.physical_evidence:
                self.evidence[item.id] = item
                self.moment_of[item.id] = moment.id
        self.standards_of_factor: dict[str, list[str]] = {f: [] for f in self.factors}
        #: step id -> the standards that time or check it (``steps:`` on a standard)
        self.standards_of_step: dict[str, list[str]] = {s: [] for s in self.steps}
        for standard in self.standards.values():
            for factor_id in standard.factors:
                self.standards_of_factor.setdefault(factor_id, []).append(standard.id)
            for step_id in dict.fromkeys(standard.steps):
                self.standards_of_step.setdefault(step_id, []).append(standard.id)
        self._graph: nx.DiGraph | None = None

    def reindex(self) -> None:
        """Rebuild the indexes and the graph from the records.

        :meth:`replace` and :meth:`add` do so themselves; call it after
        changing a record's list or mapping in place
        (``service.moments["queue"].next.append("leave")``). Saving does it.
        """
        self._index()

    @property
    def graph(self) -> nx.DiGraph:
        """The service as a ``networkx.DiGraph``, rebuilt after every change.

        Built on first use, so that loading and linting a service never pay
        for importing networkx.
        """
        if self._graph is None:
            self._graph = _build_graph(self)
        return self._graph

    def replace(self, subject_id: str, **changes: Any) -> Record:
        """Replace the record ``subject_id`` by a copy with ``changes``, validated.

        Returns the new record. Raises ``KeyError`` for an unknown id and
        ``pydantic.ValidationError`` when the changed record is invalid.

        >>> from blueprint.model.examples import tiny_service
        >>> service = tiny_service()
        >>> service.replace("checkin-3min", target=4).target
        4.0
        """
        old = self.get(subject_id)
        new = type(old).model_validate({**old.model_dump(exclude_unset=True), **changes})
        if type(new) in SECTION_OF:
            getattr(self, SECTION_OF[type(new)])[subject_id] = new
        else:
            self._replace_nested(self.moment_of[subject_id], subject_id, new)
        self._index()
        return new

    def add(self, record: Record, *, moment: str | None = None) -> None:
        """Add a record at the end of its section; factors and evidence need their ``moment``."""
        record_id = getattr(record, "id", None)
        if record_id is None or self.has(record_id):
            raise ValueError(f"cannot add {record_id!r}: the id is missing or already used")
        if type(record) in SECTION_OF:
            getattr(self, SECTION_OF[type(record)])[record_id] = record
        elif isinstance(record, (KeyFactor, PhysicalEvidence)):
            if moment not in self.moments:
                raise ValueError(f"say which moment the {type(record).__name__} belongs to: moment=...")
            self._replace_nested(moment, record_id, record)
        else:
            raise TypeError(f"a service holds no {type(record).__name__}")
        self._index()

    def remove(self, subject_id: str) -> Record:
        """Remove a record (and nothing else: references to it become dangling)."""
        old = self.get(subject_id)
        if type(old) in SECTION_OF:
            del getattr(self, SECTION_OF[type(old)])[subject_id]
        else:
            self._replace_nested(self.moment_of[subject_id], subject_id, None)
        self._index()
        return old  # type: ignore[no-any-return]

    def _replace_nested(self, moment_id: str, subject_id: str, new: Record | None) -> None:
        moment = self.moments[moment_id]
        attr = (
            "physical_evidence"
            if isinstance(new, PhysicalEvidence) or subject_id in self.evidence
            else "factors"
        )
        items = [item for item in getattr(moment, attr) if item.id != subject_id]
        if new is not None:
            old_ids = [item.id for item in getattr(moment, attr)]
            position = old_ids.index(subject_id) if subject_id in old_ids else len(items)
            items.insert(position, new)
        self.moments[moment_id] = moment.model_copy(update={attr: items})

    def has(self, subject_id: str) -> bool:
        """Whether any record of the service has the id ``subject_id``."""
        try:
            self.get(subject_id)
        except KeyError:
            return False
        return True

    def save(self, path: Any = None, *, force: bool = False) -> None:
        """Write the service back to its file (or to ``path``), keeping comments and layout.

        Refuses with :class:`~blueprint.errors.SaveConflict` when the file changed
        on disk since it was loaded, or when ``path`` names an existing file other
        than the one it was loaded from, unless ``force`` is true.
        """
        wiring.lookup("save")(self, path, force=force)

    def get(self, subject_id: str) -> Any:
        """The record with id ``subject_id`` whatever its kind; KeyError if none."""
        for table in (
            self.moments,
            self.steps,
            self.factors,
            self.standards,
            self.promises,
            self.evidence,
            self.metrics,
            self.channels,
        ):
            if subject_id in table:
                return table[subject_id]
        raise KeyError(
            f"no moment, step, factor, standard, promise, evidence, metric or channel {subject_id!r}"
        )

    def locate(self, subject_id: str, field: str | None = None) -> Location | None:
        """Where ``subject_id`` (or its ``field``) is written, when loaded from a file."""
        if self.locator is None:
            return Location(self.source) if self.source else None
        return self.locator(subject_id, field)

    # -- presentation -----------------------------------------------------------

    def summary(self) -> str:
        """A few lines that say what the service holds (see :func:`blueprint.model.queries.summary`)."""
        text: str = wiring.lookup("summary")(self)
        return text

    def render(self, view: str = "blueprint", *, lang: str | None = None, **options: Any) -> Any:
        """A picture of the service that displays in Jupyter and can ``.save(path)``.

        ``view`` is one of ``blueprint``, ``cycle``, ``emotion`` or ``channels``.
        """
        return wiring.lookup("render")(self, view=view, lang=lang, **options)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        # The render floor provides the picture through the wiring; the model imports nothing above it.
        bundle: dict[str, Any] = wiring.lookup("display")(self, include=include, exclude=exclude)
        return bundle

    def __repr__(self) -> str:
        return (
            f"<Service {self.info.id!r}: {len(self.moments)} moments, "
            f"{len(self.factors)} factors, {len(self.standards)} standards>"
        )


def _build_graph(service: Service) -> nx.DiGraph:
    import networkx as nx

    graph = nx.DiGraph(id=service.info.id, title=service.info.title)
    order = list(service.moments)
    for moment in service.moments.values():
        graph.add_node(moment.id, **dict(moment), kind="moment", record=moment)
        for item in moment.physical_evidence:
            graph.add_node(item.id, **dict(item), kind="evidence", moment=moment.id, record=item)
            graph.add_edge(item.id, moment.id, kind="evidence")
    for step in service.steps.values():
        graph.add_node(step.id, **dict(step), kind="step", record=step)
    for position, moment in enumerate(service.moments.values()):
        if moment.next is None:
            targets = order[position + 1 : position + 2]
        else:
            targets = [t for t in moment.next if t in service.moments]
        for target in targets:
            graph.add_edge(moment.id, target, kind="flow", loop=False, closing=False)
    for step in service.steps.values():
        for target in step.supports:
            if target in graph and graph.nodes[target]["kind"] in ("moment", "step"):
                graph.add_edge(step.id, target, kind="supports")
    if order:
        _mark_loops_and_close(graph, order[0])
    return graph


def _mark_loops_and_close(graph: nx.DiGraph, entry: str) -> None:
    """Mark flow edges that go back to an earlier moment, then close the cycle.

    A back edge of a depth-first walk from the first moment is a loop (the
    customer repeats moments, e.g. orders room service again). Every moment
    the customer can leave from gets a closing edge to the first moment: the
    next visit. A moment whose only ways on loop back to a moment other than
    the first (an x-ray that leads back to the examination) is no such
    moment, unless no moment of the cycle is: then each end of the flow is.
    """
    import networkx as nx

    flow = nx.DiGraph((u, v) for u, v, k in graph.edges(data="kind") if k == "flow")
    flow.add_node(entry)
    on_stack: set[str] = set()
    for u, v, label in nx.dfs_labeled_edges(flow, source=entry):
        if label == "forward":
            on_stack.add(v)
        elif label == "reverse":
            on_stack.discard(v)
        elif label == "nontree" and v in on_stack:
            graph.edges[u, v]["loop"] = True
    ends = [
        node
        for node in flow
        if graph.nodes[node]["kind"] == "moment"
        and all(graph.edges[node, v]["loop"] for v in flow.successors(node))
    ]
    leaving = [node for node in ends if entry in flow.successors(node) or not any(flow.successors(node))]
    for node in leaving or ends:
        if graph.has_edge(node, entry):
            graph.edges[node, entry].update(closing=True, loop=False)
        else:
            graph.add_edge(node, entry, kind="flow", loop=False, closing=True)
