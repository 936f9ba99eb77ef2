"""A save keeps the user's comments, and the edits made to a record's lists and mappings in place.

The file below is written as people write YAML by hand: a mapping in
brackets over two lines with a comment inside, and a list in brackets whose
closing bracket sits on a line of its own after a comment.
"""

from __future__ import annotations

import difflib

import pytest

import blueprint
from blueprint.errors import SaveError
from blueprint.io.comments import comments, lost

BRANCH = """\
version: 1
service:
  id: bank-branch
  title: Bank branch
  translations: {zh: 银行网点,   # agreed with the Shanghai team
                 fr: Agence}
moments:
  - id: queue
    title: Take a ticket and wait
    stage: pre-service
    next: [counter]
    factors:
      - id: short-wait
        title: A short wait
        element: software
        sub_item: timeliness
  - id: counter
    title: At the counter
    stage: in-service
    next: [queue,   # a second visit
           ]
  - id: leave
    title: Leave the branch
    stage: post-service
"""


@pytest.fixture
def branch(tmp_path):
    path = tmp_path / "branch.yaml"
    path.write_text(BRANCH, encoding="utf-8")
    return path


def changed_lines(before: str, after: str) -> list[tuple[str, str]]:
    return [
        (old, new) for old, new in zip(before.splitlines(), after.splitlines(), strict=True) if old != new
    ]


def test_a_mapping_changed_in_place_is_saved_and_the_comment_inside_it_kept(branch):
    service = blueprint.load(branch)
    service.info.translations["fr"] = "Agence bancaire"  # the model is frozen; its dicts are not
    service.save()
    text = branch.read_text(encoding="utf-8")
    assert changed_lines(BRANCH, text) == [
        ("                 fr: Agence}", "                 fr: Agence bancaire}")
    ]
    assert blueprint.load(branch).info.translations["fr"] == "Agence bancaire"


def test_a_list_changed_in_place_is_saved(branch):
    service = blueprint.load(branch)
    service.moments["queue"].next.append("leave")
    service.save()
    text = branch.read_text(encoding="utf-8")
    assert changed_lines(BRANCH, text) == [("    next: [counter]", "    next: [counter, leave]")]
    assert blueprint.load(branch).moments["queue"].next == ["counter", "leave"]
    assert service.graph.has_edge("queue", "leave")  # the graph follows what was saved


def test_reindex_makes_the_graph_follow_a_list_changed_in_place(branch):
    service = blueprint.load(branch)
    assert not service.graph.has_edge("queue", "leave")
    service.moments["queue"].next.append("leave")
    service.reindex()
    assert service.graph.has_edge("queue", "leave")


def test_an_edit_only_a_rewrite_can_make_is_refused_when_it_would_drop_a_comment_elsewhere(branch):
    # The list over two lines cannot be written line by line; ruamel.yaml's round trip would join
    # the translations onto one line and drop the comment inside them, far from the edit.
    service = blueprint.load(branch)
    service.replace("counter", next=["queue", "leave"])
    with pytest.raises(SaveError) as refused:
        service.save()
    message = str(refused.value)
    assert f"{branch}:5:30:" in message
    assert "'# agreed with the Shanghai team'" in message and "was not changed" in message
    assert "on one line" in message
    assert branch.read_text(encoding="utf-8") == BRANCH


def test_the_edited_lists_own_comment_is_kept_too(branch):
    one_line = BRANCH.replace("银行网点,   # agreed with the Shanghai team\n                 fr: Agence}",
                              "银行网点, fr: Agence}   # agreed with the Shanghai team")  # fmt: skip
    branch.write_text(one_line, encoding="utf-8")
    service = blueprint.load(branch)
    service.replace("counter", next=["queue", "leave"])
    with pytest.raises(SaveError, match=r"branch.yaml:19:21: .*'# a second visit'"):
        service.save()
    assert branch.read_text(encoding="utf-8") == one_line


def test_the_edit_is_saved_once_no_comment_sits_inside_brackets_over_several_lines(branch):
    plain = BRANCH.replace("银行网点,   # agreed with the Shanghai team\n                 fr: Agence}",
                           "银行网点, fr: Agence}   # agreed with the Shanghai team")  # fmt: skip
    plain = plain.replace("next: [queue,   # a second visit\n           ]", "next: [queue,\n           ]")
    branch.write_text(plain, encoding="utf-8")
    service = blueprint.load(branch)
    service.replace("counter", next=["queue", "leave"])
    service.save()
    text = branch.read_text(encoding="utf-8")
    assert "# agreed with the Shanghai team" in text
    assert blueprint.load(branch).moments["counter"].next == ["queue", "leave"]


def test_comments_are_found_outside_scalars_only():
    text = (
        "# heading\n"
        "a: 1   # after a value\n"
        "b: 'quoted # not a comment'\n"
        "c: http://example.org/page#part\n"
        "d: |\n"
        "  a block # not a comment\n"
        "e: 银行  # 中文\n"
    )
    found = comments(text)
    assert [c.text for c in found] == ["# heading", "# after a value", "# 中文"]
    assert [(c.line, c.column) for c in found] == [(0, 0), (1, 7), (6, 7)]
    assert all(text[c.start] == "#" for c in found)


def test_lost_comments_are_counted_by_their_text_and_spared_ranges_left_out():
    old = "a: 1  # same\nb: 2  # same\nc: 3  # gone\nd: 4  # spared\n"
    new = "a: 1  # same\nb: 2\nc: 3\n"
    spared = (old.index("d: 4"), len(old))
    assert [(c.line, c.text) for c in lost(old, new, [spared])] == [(1, "# same"), (2, "# gone")]


# -- edits once made by rewriting the whole file, now made on their own lines ----------------------

CLINIC = """\
version: 1
service: {id: clinic, title: Walk-in clinic}
moments:
  - id: triage
    title: Seen by the triage nurse
    stage: in-service
    factors:
      - {id: quick-triage, title: Seen quickly, element: software, sub_item: timeliness}
      - id: kind-nurse
        title: A kind nurse
        element: people
        sub_item: attitude
        customer_evidence:
          - method: survey
            source: Patient survey 2025

          - method: complaint-log
            source: Complaints 2025
      - id: clear-advice
        title: Clear advice
        element: people
        sub_item: guidance
        customer_evidence: [{method: interview, source: Patient interviews, item: Q2}]
standards: []
"""


CLEAR_ADVICE = "        customer_evidence: [{method: interview, source: Patient interviews, item: Q2}]"
QUICK_TRIAGE = "      - {id: quick-triage, title: Seen quickly, element: software, sub_item: timeliness}"


@pytest.fixture
def clinic(tmp_path, monkeypatch):
    """The clinic's file; an edit that would rewrite the whole file fails the test."""
    from blueprint.io import save, text_edits

    def rewrite(document, ops):
        raise AssertionError(f"the edit {ops} was not made on its own lines")

    monkeypatch.setattr(text_edits, "rewrite", rewrite)
    monkeypatch.setattr(save, "rewrite", rewrite)
    path = tmp_path / "clinic.yaml"
    path.write_text(CLINIC, encoding="utf-8")
    return path


def _saved_diff(path, edit):
    service = blueprint.load(path)
    edit(service)
    service.save()
    after = path.read_text(encoding="utf-8")
    removed, added = [], []
    for line in difflib.ndiff(CLINIC.splitlines(), after.splitlines()):
        if line.startswith("- "):
            removed.append(line[2:])
        elif line.startswith("+ "):
            added.append(line[2:])
    return removed, added, blueprint.load(path)


def test_a_block_list_given_other_items_changes_only_its_own_lines(clinic):
    new = [
        {"method": "observation", "source": "Ward walk"},
        {"method": "survey", "source": "Survey 2026"},
        {"method": "interview", "source": "Patient interviews"},
    ]
    service = blueprint.load(clinic)
    service.replace("kind-nurse", customer_evidence=new)
    service.save()
    old_items = (
        "          - method: survey\n            source: Patient survey 2025\n\n"
        "          - method: complaint-log\n            source: Complaints 2025\n"
    )
    # in the items' own indentation, and set apart by blank lines as they were
    new_items = (
        "          - method: observation\n            source: Ward walk\n\n"
        "          - method: survey\n            source: Survey 2026\n\n"
        "          - method: interview\n            source: Patient interviews\n"
    )
    assert clinic.read_text(encoding="utf-8") == CLINIC.replace(old_items, new_items)
    reloaded = blueprint.load(clinic).factors["kind-nurse"].customer_evidence
    assert [e.source for e in reloaded] == ["Ward walk", "Survey 2026", "Patient interviews"]


def test_an_inline_list_of_mappings_given_new_items_stays_inline(clinic):
    new = [
        {"method": "interview", "source": "Patient interviews"},
        {"method": "survey", "source": "Survey 2026"},
    ]
    removed, added, _ = _saved_diff(clinic, lambda s: s.replace("clear-advice", customer_evidence=new))
    assert removed == [CLEAR_ADVICE]
    assert added == [
        "        customer_evidence: [{method: interview, source: Patient interviews}, "
        "{method: survey, source: Survey 2026}]"
    ]


def test_a_key_removed_from_an_inline_mapping_takes_its_comma_and_nothing_else(clinic):
    one = [{"method": "interview", "source": "Patient interviews"}]
    removed, added, service = _saved_diff(clinic, lambda s: s.replace("clear-advice", customer_evidence=one))
    assert removed == [CLEAR_ADVICE]
    assert added == ["        customer_evidence: [{method: interview, source: Patient interviews}]"]
    assert service.factors["clear-advice"].customer_evidence[0].item is None


def test_a_list_added_to_an_inline_mapping_is_written_inline_in_it(clinic):
    new = [{"method": "survey", "source": "Survey 2026"}]
    removed, added, service = _saved_diff(clinic, lambda s: s.replace("quick-triage", customer_evidence=new))
    assert removed == [QUICK_TRIAGE]
    assert added == [
        "      - {id: quick-triage, title: Seen quickly, element: software, sub_item: timeliness, "
        "customer_evidence: [{method: survey, source: Survey 2026}]}"
    ]
    assert service.factors["quick-triage"].customer_evidence[0].source == "Survey 2026"


def test_a_comment_among_the_old_items_is_kept(tmp_path):
    clinic = tmp_path / "clinic.yaml"
    commented = CLINIC.replace("\n          - method: complaint-log", "          # kept by the ward\n"
                               "          - method: complaint-log")  # fmt: skip
    clinic.write_text(commented, encoding="utf-8")
    new = [{"method": "observation", "source": "Ward walk"}]
    service = blueprint.load(clinic)
    service.replace("kind-nurse", customer_evidence=new)
    try:
        service.save()
    except SaveError as refused:  # a rewrite that would drop it is refused, naming it
        assert "'# kept by the ward'" in str(refused)
        assert clinic.read_text(encoding="utf-8") == commented
    else:
        assert "# kept by the ward" in clinic.read_text(encoding="utf-8")
