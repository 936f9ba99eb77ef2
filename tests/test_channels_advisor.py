"""The channel × function advisor: channel qualities, unoffered functions, offers without a standard."""

from __future__ import annotations

import shutil

import blueprint
from blueprint.checks import lint
from blueprint.io.load import read, read_text
from blueprint.io.save import dumps
from blueprint.model.vocabulary import Level
from blueprint.render.channels import channel_matrix, channel_table
from conftest import DATA, ROOT

CLINIC = DATA / "channels" / "clinic-channels.yaml"


def _rules(service, *ids):
    return [(f.rule, f.subject, f.location.line, f.location.column) for f in lint(service) if f.rule in ids]


def test_channel_qualities_load_and_bad_ones_are_named_with_their_place():
    service = blueprint.load(CLINIC)
    phone = service.channels["reception-phone"]
    assert (phone.hours, phone.cost, phone.stability, phone.face_to_face) == (
        "Mon-Fri 08:00-18:30",
        Level.MEDIUM,
        Level.LOW,
        False,
    )
    assert service.channels["app"].security is None  # every quality is optional
    text = CLINIC.read_text(encoding="utf-8").replace("    cost: low\n", "    cost: cheap\n")
    loaded = read_text(text, "clinic.yaml")
    assert not loaded.ok
    [finding] = loaded.findings
    line = text.splitlines().index("    cost: cheap") + 1
    assert (finding.location.file, finding.location.line) == ("clinic.yaml", line)
    assert "low" in str(finding) and "high" in str(finding)


def test_an_explicit_empty_channel_list_is_a_function_an_omitted_one_is_not():
    service = blueprint.load(CLINIC)
    assert service.moments["repeat-prescription"].is_function
    assert not service.moments["see-doctor"].is_function
    assert service.moments["book-appointment"].is_function


def test_the_empty_channel_list_survives_new_text_edits_and_saving(tmp_path):
    service = blueprint.load(CLINIC)
    again = read_text(dumps(service)).service  # written from scratch
    assert again.moments["repeat-prescription"].is_function
    assert not again.moments["see-doctor"].is_function
    path = tmp_path / "clinic.yaml"
    shutil.copy(CLINIC, path)
    service = blueprint.load(path)
    service.replace("repeat-prescription", title="Order repeat medicines")  # other field edited
    service.replace("see-doctor", title="See the GP")  # omitted channels stay omitted
    service.replace("book-appointment", channels=[])  # the last channel taken off
    service.save()
    saved = read(path).service
    assert saved.moments["repeat-prescription"].is_function
    assert saved.moments["repeat-prescription"].title == "Order repeat medicines"
    assert not saved.moments["see-doctor"].is_function
    assert saved.moments["book-appointment"].is_function and saved.moments["book-appointment"].channels == []
    assert "channels: []" in path.read_text(encoding="utf-8").split("id: book-appointment")[1]


def test_findings_name_the_function_nobody_offers_and_each_unbacked_offer():
    service = blueprint.load(CLINIC)
    text = CLINIC.read_text(encoding="utf-8").splitlines()
    empty = text.index("    channels: []") + 1
    offers = text.index("    channels: [front-desk, app]") + 1
    assert _rules(service, "BP208") == [("BP208", "repeat-prescription", empty, 15)]
    assert _rules(service, "BP209") == [
        ("BP209", "book-appointment", offers, 16),
        ("BP209", "book-appointment", offers, 28),
    ]
    messages = [f.message for f in lint(service) if f.rule == "BP209"]
    assert "'front-desk'" in messages[0] and "'app'" in messages[1]
    # ring-reception has a standard, and see-doctor is no function: neither is named
    assert {f.subject for f in lint(service) if f.rule in {"BP208", "BP209"}} == {
        "repeat-prescription",
        "book-appointment",
    }


def test_a_standard_behind_the_function_clears_the_finding():
    text = CLINIC.read_text(encoding="utf-8")
    text = text.replace("factors: [answered-fast]", "factors: [answered-fast, slot-soon]")
    service = read_text(text).service
    assert _rules(service, "BP209") == []


def test_the_view_outlines_unbacked_offers_and_lists_qualities_escaped(tmp_path):
    service = blueprint.load(CLINIC)
    service.replace("app", hours="<b>24/7</b> & more")
    table = channel_table(service)
    assert [table.moments[j] for j in table.unbacked] == ["Book an appointment"]
    assert [table.moments[j] for j in table.unoffered] == ["Order a repeat prescription", "See the doctor"]
    assert table.qualities[1] == "surgery hours · cost high · stability high · security high · face to face"
    assert channel_table(service, "zh").qualities[2].endswith("成本 低")
    html = channel_matrix(service).html
    assert html.count('class="on unbacked"') == 2
    assert "&lt;b&gt;24/7&lt;/b&gt; &amp; more" in html and "<b>24/7" not in html
    channel_matrix(service).save(tmp_path / "m.svg")
    svg = (tmp_path / "m.svg").read_text(encoding="utf-8")
    assert "offered, no standard behind it: Book an appointment" in svg


# The seed's matrix (002): what each channel offers of the eleven functions, as resolved in the file.
SEED_MATRIX = {
    "check-balance": {"phone-agent", "self-service", "online-banking", "website", "sms", "branch-atm"},
    "amount-due": {
        "phone-agent",
        "self-service",
        "online-banking",
        "website",
        "e-statement",
        "paper-statement",
        "sms",
    },
    "unbilled": {"phone-agent", "self-service", "online-banking", "website"},
    "authorisation-enquiry": set(),
    "statement-detail": {
        "phone-agent",
        "self-service",
        "online-banking",
        "website",
        "e-statement",
        "paper-statement",
    },
    "repay": {"self-service", "online-banking", "branch-atm"},
    "buy-currency": {"phone-agent", "self-service", "online-banking"},
    "set-up-autopay": {"phone-agent", "self-service", "branch-atm"},
    "dispute": {"phone-agent"},
    "complain": {"phone-agent", "branch-atm"},
    "promotions": {"paper-statement", "branch-atm"},
}


def test_the_bank_card_example_holds_the_seeds_eight_channels_by_eleven_functions():
    bank = blueprint.load(ROOT / "standards" / "bank-card-service.yaml")
    assert len(bank.channels) == 8
    assert {m: set(bank.moments[m].channels) for m in SEED_MATRIX} == SEED_MATRIX
    assert all(bank.moments[m].is_function for m in SEED_MATRIX)
    assert bank.channels["branch-atm"].face_to_face and not bank.channels["self-service"].face_to_face
    found = {(f.rule, f.subject) for f in lint(bank) if f.rule in {"BP208", "BP209"}}
    assert found == {("BP208", "authorisation-enquiry"), ("BP209", "promotions")}
