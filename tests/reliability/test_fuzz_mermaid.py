"""The Mermaid round trip loses nothing on generated services with text of any kind.

Every valid service the strategies build (control characters, line separators,
bidi marks and emoji in its titles; translations; steps in any lane; branches
ending the cycle) exported to Mermaid and imported back is the same service,
and exporting it again gives the same text.
"""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from strategies import render, service_documents

from blueprint.io.load import read_text
from blueprint.io.mermaid_import import read_mermaid
from blueprint.io.mermaid_read import service_yaml
from blueprint.io.save import to_document
from blueprint.render.mermaid import to_mermaid_markdown

ROUND_TRIPS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@ROUND_TRIPS
@given(service_documents())
@example(  # a title with nothing to show: its journey task is named by the moment's id
    {
        "version": 1,
        "service": {"id": "svc", "title": "0"},
        "metrics": [{"id": "m", "title": "0", "quantity": "duration"}],
        "moments": [{"id": "mo", "title": "\xa0", "stage": "pre-service"}],
    }
)
@example(  # and the journey's title, by the service's
    {
        "version": 1,
        "service": {"id": "svc", "title": "\xa0"},
        "metrics": [{"id": "m", "title": "0", "quantity": "duration"}],
        "moments": [{"id": "mo", "title": "0", "stage": "pre-service"}],
    }
)
@example(  # actors that differ only by a trailing space: the journey shows them alike, no warning
    {
        "version": 1,
        "service": {"id": "svc", "title": "0"},
        "metrics": [{"id": "m", "title": "0", "quantity": "duration"}],
        "moments": [{"id": "mo", "title": "0", "stage": "pre-service"}],
        "steps": [
            {"id": "s1", "title": "0 ", "lane": "frontstage", "supports": ["mo"]},
            {"id": "s2", "title": "0", "lane": "frontstage", "supports": ["mo"]},
        ],
    }
)
def test_any_service_comes_back_from_mermaid_unchanged(document):
    original = read_text(render(document, "json"), "generated.yaml").service
    assert original is not None
    exported = to_mermaid_markdown(original)
    imported, findings = read_mermaid(exported, "generated.md")
    assert imported is not None and findings == [], [str(f) for f in findings]
    loaded = read_text(service_yaml(imported), "imported.yaml")
    assert loaded.service is not None, [str(f) for f in loaded.findings]
    assert to_document(loaded.service) == to_document(original)
    assert to_mermaid_markdown(loaded.service) == exported
