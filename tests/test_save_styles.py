"""Saving keeps files written in any YAML style loadable, and changes only what was edited.

Block scalars, anchors and aliases, CRLF line ends; the text written is read
back before it replaces the file; two saves at once cannot both win.
"""

from __future__ import annotations

import difflib
import shutil
import threading

import pytest

import blueprint
from blueprint.errors import SaveError
from blueprint.io import save as save_module
from blueprint.io.atomic import LockTimeout, leftovers, lock_path, locked
from blueprint.io.save import to_document
from blueprint.model import MomentOfTruth
from conftest import DATA, EXAMPLES

SAVING = DATA / "saving"


def _copy(tmp_path, source):
    path = tmp_path / source.name
    shutil.copy(source, path)
    return path


def _changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def _same_except(before, after, *edited: str) -> None:
    """Every record of ``after`` but the ``edited`` ones equals the one in ``before``."""
    old, new = to_document(before), to_document(after)
    assert old["service"] == new["service"] or "service" in edited
    for section in ("metrics", "moments", "steps", "standards", "promises"):
        left = {r["id"]: r for r in old.get(section, []) if r["id"] not in edited}
        right = {r["id"]: r for r in new.get(section, []) if r["id"] not in edited}
        assert left == right, section


# -- block scalars ------------------------------------------------------------------------


def test_a_folded_description_edited_keeps_the_next_key_on_its_own_line(tmp_path):
    path = _copy(tmp_path, EXAMPLES[[p.name for p in EXAMPLES].index("sports-retail.yaml")])
    before_text = path.read_text(encoding="utf-8")
    service = blueprint.load(path)
    before = blueprint.load(path)
    service.replace("greeted", description="New description")
    service.save()
    after = path.read_text(encoding="utf-8")
    assert "    description: >-\n      New description\n    physical_evidence:\n" in after
    reloaded = blueprint.load(path)
    assert reloaded.moments["greeted"].description == "New description"
    _same_except(before, reloaded, "greeted")
    changed = _changed_lines(before_text, after)
    assert len([line for line in changed if line.startswith("-")]) == 3  # the three old lines
    assert [line for line in changed if line.startswith("+")] == ["+      New description"]


@pytest.mark.parametrize(
    "subject",
    ["register", "wait", "consult", "leave", "triage-nurse", "triage-in-15", "service"],
)
@pytest.mark.parametrize(
    "text",
    [
        "One line",
        "First line\nsecond line",
        "Ends with a break\n",
        "Paragraph one.\n\nParagraph two.",
        "  starts with spaces",
        "trailing blank lines\n\n\n",
        "a tab\there and a quote: 'x' # not a comment",
        "control \x07 and \u2028 characters",
        "中文：服务标准",
    ],
    ids=lambda t: repr(t)[:18],
)
def test_any_text_replaces_any_kind_of_block_scalar(tmp_path, subject, text):
    path = _copy(tmp_path, SAVING / "clinic-blocks.yaml")
    before = blueprint.load(path)
    service = blueprint.load(path)
    field = "statement" if subject == "triage-in-15" else "description"
    if subject == "service":
        service.info = service.info.model_copy(update={"description": text})
    else:
        service.replace(subject, **{field: text})
    service.save()
    reloaded = blueprint.load(path)
    if subject == "service":
        assert reloaded.info.description == text
    else:
        assert getattr(reloaded.get(subject), field) == text
        _same_except(before, reloaded, subject)
    written = path.read_text(encoding="utf-8")
    assert written.startswith("# A walk-in clinic")
    if subject != "register":
        assert "description: >  # folded, the final line break kept\n" in written


def test_a_comment_after_a_block_header_is_kept(tmp_path):
    path = _copy(tmp_path, SAVING / "clinic-blocks.yaml")
    service = blueprint.load(path)
    service.replace("register", description="The receptionist checks the card.\n")
    service.save()
    assert (
        "    description: >  # folded, the final line break kept\n"
        "      The receptionist checks the card.\n"
        "    factors:\n"
    ) in path.read_text(encoding="utf-8")


# -- anchors and aliases ---------------------------------------------------------------------


def test_editing_an_anchored_value_keeps_the_anchor_and_what_its_aliases_read(tmp_path):
    path = _copy(tmp_path, SAVING / "shoeshine-anchors.yaml")
    before = blueprint.load(path)
    service = blueprint.load(path)
    service.replace("shine-in-two-minutes", target=150)
    service.save()
    text = path.read_text(encoding="utf-8")
    assert "target: &two-minutes 150  # Shostack's execution standard" in text
    assert "claims: {value: 120, unit: seconds, share: 0.9}" in text
    reloaded = blueprint.load(path)
    assert reloaded.standards["shine-in-two-minutes"].target == 150
    assert reloaded.promises["sign-in-window"].claims.value == 120
    _same_except(before, reloaded, "shine-in-two-minutes")


def test_editing_an_alias_replaces_the_alias_only(tmp_path):
    path = _copy(tmp_path, SAVING / "shoeshine-anchors.yaml")
    service = blueprint.load(path)
    claims = service.promises["sign-in-window"].claims
    service.replace("sign-in-window", claims=claims.model_copy(update={"value": 100.0}))
    service.save()
    text = path.read_text(encoding="utf-8")
    assert "target: &two-minutes 120" in text and "claims: {value: 100," in text
    reloaded = blueprint.load(path)
    assert reloaded.standards["shine-in-two-minutes"].target == 120
    assert reloaded.promises["sign-in-window"].claims.value == 100


def test_editing_an_anchor_and_its_alias_together(tmp_path):
    path = _copy(tmp_path, SAVING / "shoeshine-anchors.yaml")
    service = blueprint.load(path)
    service.replace("shine-in-two-minutes", target=90)
    claims = service.promises["sign-in-window"].claims
    service.replace("sign-in-window", claims=claims.model_copy(update={"value": 60.0}))
    service.save()
    reloaded = blueprint.load(path)
    assert reloaded.standards["shine-in-two-minutes"].target == 90
    assert reloaded.promises["sign-in-window"].claims.value == 60


@pytest.mark.parametrize("factor", ["quick-shine", "right-polish"], ids=["at-the-anchor", "at-the-alias"])
def test_an_edit_inside_a_shared_mapping_is_refused_with_its_place(tmp_path, factor):
    path = _copy(tmp_path, SAVING / "shoeshine-anchors.yaml")
    before = path.read_bytes()
    service = blueprint.load(path)
    old = service.get(factor)
    evidence = old.customer_evidence[0].model_copy(update={"source": "Shostack 1984, figure 1"})
    service.replace(factor, customer_evidence=[evidence])
    with pytest.raises(SaveError) as info:
        service.save()
    message = str(info.value)
    line = 37 if factor == "quick-shine" else 43
    assert f"shoeshine-anchors.yaml:{line}:" in message
    assert "would change every copy" in message and "was not changed" in message
    assert "Write that part out in full" in message
    assert path.read_bytes() == before and leftovers(path) == []


def test_removing_the_record_that_holds_an_anchor_keeps_its_aliases_readable(tmp_path):
    path = _copy(tmp_path, SAVING / "shoeshine-anchors.yaml")
    service = blueprint.load(path)
    service.remove("sign-in-window")
    service.remove("shine-in-two-minutes")
    service.add(MomentOfTruth(id="tip", title="Customer leaves a tip", stage="post-service"))
    service.save()
    reloaded = blueprint.load(path)
    assert to_document(reloaded) == to_document(service)


# -- line ends ---------------------------------------------------------------------------------


def _edit_through_the_round_trip(path):
    service = blueprint.load(path)
    service.remove("greet-by-name")
    service.add(MomentOfTruth(id="feedback", title="Leave feedback", stage="post-service"))
    service.save()


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"], ids=["plain", "bom"])
def test_a_crlf_file_edited_through_the_round_trip_keeps_crlf_on_every_line(tmp_path, bom):
    lf, crlf = tmp_path / "lf.yaml", tmp_path / "crlf.yaml"
    shutil.copy(DATA / "valid-minimal.yaml", lf)
    original = bom + lf.read_bytes().replace(b"\n", b"\r\n")
    crlf.write_bytes(original)
    _edit_through_the_round_trip(lf)
    _edit_through_the_round_trip(crlf)
    raw = crlf.read_bytes()
    assert raw.startswith(bom) and raw.count(b"\n") == raw.count(b"\r\n")
    # the same edit as in the LF file; only the line ends differ
    assert raw[len(bom) :] == lf.read_bytes().replace(b"\n", b"\r\n")
    changed = _changed_lines(original.decode("utf-8-sig"), raw.decode("utf-8-sig"))
    assert len(changed) == 8 + 3, changed  # the standard's eight lines out, the moment's three in


def test_a_block_scalar_written_into_a_crlf_file_uses_crlf(tmp_path):
    path = tmp_path / "clinic.yaml"
    path.write_bytes((SAVING / "clinic-blocks.yaml").read_bytes().replace(b"\n", b"\r\n"))
    service = blueprint.load(path)
    service.replace("consult", description="Examined.\nTreated.")
    service.save()
    raw = path.read_bytes()
    assert raw.count(b"\n") == raw.count(b"\r\n")
    assert b"description: >-\r\n      Examined.\r\n\r\n      Treated.\r\n" in raw
    assert blueprint.load(path).moments["consult"].description == "Examined.\nTreated."


# -- the written text is read back before it replaces the file -------------------------------


def test_text_that_would_not_load_is_never_written(minimal, monkeypatch):
    before = minimal.read_bytes()
    service = blueprint.load(minimal)
    service.replace("checkin-3min", target=4)
    broken = lambda document, ops: document.text.replace("target: 3", "target: *x")  # noqa: E731
    monkeypatch.setattr(save_module, "apply_edits", broken)
    monkeypatch.setattr(save_module, "rewrite", broken)
    with pytest.raises(SaveError, match="would not load, so the file was not changed") as info:
        service.save()
    assert "mini.yaml:" in str(info.value) and "undefined alias" in str(info.value)
    assert minimal.read_bytes() == before and leftovers(minimal) == []


def test_text_that_would_load_differently_is_never_written(minimal, monkeypatch):
    before = minimal.read_bytes()
    service = blueprint.load(minimal)
    service.replace("checkin-3min", target=4)
    other = lambda document, ops: document.text.replace("owner: Front", "owner: Back")  # noqa: E731
    monkeypatch.setattr(save_module, "apply_edits", other)
    monkeypatch.setattr(save_module, "rewrite", other)
    with pytest.raises(SaveError, match="would load differently") as info:
        service.save()
    assert "standards[checkin-3min].target: saved 4.0, would read 3.0" in str(info.value)
    assert str(info.value).startswith(f"{minimal}:64:13: ")  # where that target is written
    assert minimal.read_bytes() == before


# -- two saves at once ----------------------------------------------------------------------------


def test_the_lock_waits_times_out_and_is_removed_after(minimal):
    taken, release = threading.Event(), threading.Event()

    def holder() -> None:
        with locked(minimal):
            taken.set()
            release.wait(10)

    thread = threading.Thread(target=holder)
    thread.start()
    try:
        assert taken.wait(10)
        with pytest.raises(LockTimeout, match="being saved by another"), locked(minimal, timeout=0.05):
            pass
    finally:
        release.set()
        thread.join()
    with locked(minimal, timeout=0.05):
        assert lock_path(minimal).exists()
    assert not lock_path(minimal).exists()


def test_a_save_that_cannot_get_the_lock_is_a_conflict_and_writes_nothing(minimal, monkeypatch):
    from blueprint.errors import SaveConflict
    from blueprint.io import atomic

    before = minimal.read_bytes()
    service = blueprint.load(minimal)
    service.replace("checkin-3min", target=4)
    monkeypatch.setattr(atomic, "LOCK_TIMEOUT", 0.05)
    with locked(minimal), pytest.raises(SaveConflict, match="being saved by another process"):
        service.save()
    assert minimal.read_bytes() == before


def test_a_number_in_exponent_form_survives_a_structural_edit_exactly(minimal):
    # a weight derived by regression, as a spreadsheet exports it
    text = minimal.read_text().replace("importance: 0.9", "importance: 9.204938554384979e-05")
    minimal.write_text(text)
    service = blueprint.load(minimal)
    service.add(MomentOfTruth(id="feedback", title="Leave feedback", stage="post-service"))
    service.save()
    assert "importance: 9.204938554384979e-05\n" in minimal.read_text()
    assert blueprint.load(minimal).get("checkin-speed").importance == 9.204938554384979e-05


@pytest.mark.parametrize("factor", ["checkin-speed", "greeting"], ids=["at-the-anchor", "at-the-alias"])
def test_an_edit_inside_a_shared_block_mapping_is_refused_with_its_place(minimal, factor):
    text = minimal.read_text()
    text = text.replace("          - method: survey\n", "          - &q4\n            method: survey\n")
    attitude = "        sub_item: attitude\n"
    text = text.replace(attitude, attitude + "        customer_evidence: [*q4]\n")
    minimal.write_text(text)
    service = blueprint.load(minimal)
    shared = service.get("checkin-speed").customer_evidence[0]
    evidence = shared.model_copy(update={"source": "Survey item Q5"})
    service.replace(factor, customer_evidence=[evidence])
    with pytest.raises(SaveError, match="would change every copy") as info:
        service.save()
    assert f"mini.yaml:{38 if factor == 'checkin-speed' else 45}:" in str(info.value)
    assert minimal.read_text() == text
