"""Fail points with cause, effect and fail-safe (Shostack 1984; Chase & Stewart 1994); standards on steps."""

from __future__ import annotations

import shutil

import pytest

import blueprint
from blueprint.checks import lint
from blueprint.io.load import read, read_text
from blueprint.model.objects import FailPoint
from blueprint.model.queries import covered_moments, fail_points, moments_of_standard, standards_of
from blueprint.model.vocabulary import PokaYoke
from conftest import DATA

SHOESHINE = DATA / "journeys" / "shoeshine.yaml"
HOTEL = DATA / "journeys" / "hotel-bitner.yaml"


def test_shostack_wrong_polish_fail_point_reads_with_cause_effect_and_fail_safe():
    service = blueprint.load(SHOESHINE)
    point = service.steps["apply-polish"].fail_point
    assert isinstance(point, FailPoint)
    assert point.cause == "the shiner takes a tin of the wrong colour"
    assert point.fail_safe.startswith("the shiner holds the open tin")
    assert point.poka_yoke is PokaYoke.TASK
    assert [(label, ident) for label, ident, _ in fail_points(service)] == [("F1", "apply-polish")]


def test_fail_points_are_numbered_left_to_right_moments_before_their_steps():
    service = blueprint.load(HOTEL)
    labels = [(label, ident) for label, ident, _ in fail_points(service)]
    # check-in (a moment) comes before the registration step that feeds it; the kitchen
    # feeds the food, which comes after; the bill is printed for check-out, last
    assert labels == [
        ("F1", "check-in"),
        ("F2", "find-reservation"),
        ("F3", "prepare-food"),
        ("F4", "print-bill"),
    ]
    assert fail_points(service)[0][2] == FailPoint()  # fail_point: true


def test_a_wrong_poka_yoke_type_names_the_line_and_the_allowed_words():
    text = SHOESHINE.read_text(encoding="utf-8").replace("poka_yoke: task", "poka_yoke: Treatment")
    loaded = read_text(text, "shoeshine.yaml")
    [problem] = loaded.findings
    line = text.splitlines().index("      poka_yoke: Treatment") + 1
    assert (problem.rule, problem.location.line, problem.location.column) == ("BP003", line, 18)
    assert "write it in lower case: 'treatment'" in problem.hint


def test_an_unknown_key_in_a_fail_point_is_refused_with_a_suggestion():
    text = SHOESHINE.read_text(encoding="utf-8").replace("      fail_safe:", "      failsafe:")
    [problem] = read_text(text, "shoeshine.yaml").findings
    assert problem.rule == "BP002" and problem.hint == "did you mean 'fail_safe'?"


def test_old_files_with_boolean_fail_points_load_unchanged():
    service = blueprint.load(DATA / "services" / "clinic.yaml")
    assert all(isinstance(m.fail_point, bool) for m in service.moments.values())


def test_saving_keeps_the_fail_point_mapping_and_writes_only_what_is_set(tmp_path):
    copy = tmp_path / "shoeshine.yaml"
    shutil.copy(SHOESHINE, copy)
    service = blueprint.load(copy)
    service.replace("brush", fail_point={"cause": "grit left on the brush scratches the leather"})
    service.replace("buff", fail_point=True)
    service.save()
    text = copy.read_text(encoding="utf-8")
    assert "    fail_point:\n      cause: grit left on the brush scratches the leather\n" in text
    assert "effect:" not in text.split("id: brush", 1)[1].split("id: apply-polish", 1)[0]
    assert "# Below the line of interaction" in text  # comments kept
    again = blueprint.load(copy)
    assert again.steps["brush"].fail_point == FailPoint(cause="grit left on the brush scratches the leather")
    assert again.steps["buff"].fail_point is True
    assert again.steps["apply-polish"] == service.steps["apply-polish"]


def test_rules_fail_point_without_fail_safe_and_without_standard():
    service = blueprint.load(SHOESHINE)
    assert not [f for f in lint(service) if f.rule in ("BP271", "BP272")]
    service.replace("apply-polish", fail_point={"cause": "wrong colour"})
    service.remove("colour-confirmed-always")
    found = {f.rule: f for f in lint(service) if f.rule in ("BP271", "BP272")}
    assert found["BP271"].message == "fail point F1 (step 'apply-polish') has no fail-safe"
    assert found["BP272"].message == "no standard watches fail point F1 (step 'apply-polish')"
    assert found["BP271"].severity.value == "info" and found["BP272"].severity.value == "warning"


def test_a_moment_fail_point_is_watched_by_a_standard_on_a_step_that_feeds_it():
    service = blueprint.load(SHOESHINE)
    service.replace("shine", fail_point={"cause": "the customer moves a foot", "fail_safe": "a footrest"})
    assert not [f for f in lint(service) if f.rule == "BP272"]
    service.remove("buff-in-45s")
    service.remove("colour-confirmed-always")
    assert [f.subject for f in lint(service) if f.rule == "BP272"] == ["shine", "apply-polish"]


# -- standards on steps -------------------------------------------------------------


def test_a_step_standard_serves_the_moments_its_step_feeds():
    service = blueprint.load(SHOESHINE)
    assert service.standards["buff-in-45s"].steps == ["buff"]
    assert service.standards_of_step["buff"] == ["buff-in-45s"]
    assert moments_of_standard(service, "buff-in-45s") == ["shine"]
    # buy-supplies feeds apply-polish, which feeds the shine: served through the step
    service.replace("buff-in-45s", steps=["buy-supplies"])
    assert moments_of_standard(service, "buff-in-45s") == ["shine"]
    assert "shine" in covered_moments(service)
    assert [s.id for s in standards_of(service, "shine")] == ["buff-in-45s", "colour-confirmed-always"]
    assert not [f for f in lint(service) if f.rule == "BP201" and f.subject == "shine"]


def test_a_standard_with_neither_factors_nor_steps_is_refused():
    text = SHOESHINE.read_text(encoding="utf-8").replace("    steps: [buff]\n", "")
    [problem] = read_text(text, "shoeshine.yaml").findings
    assert problem.rule == "BP004"
    assert problem.message == "standard 'buff-in-45s' serves no key factor and no step"
    assert "steps: [...]" in problem.hint


def test_a_standard_on_an_unknown_step_is_a_dangling_reference():
    text = SHOESHINE.read_text(encoding="utf-8").replace("steps: [buff]", "steps: [bufff]")
    [problem] = read_text(text, "shoeshine.yaml").findings
    assert (problem.rule, problem.message, problem.hint) == (
        "BP006",
        "step 'bufff' does not exist",
        "did you mean 'buff'?",
    )
    line = text.splitlines().index("    steps: [bufff]") + 1
    assert (problem.location.line, problem.location.column) == (line, 13)


def test_step_standards_are_linted_like_any_standard():
    service = blueprint.load(SHOESHINE)
    rules = {f.rule for f in lint(service) if f.subject == "buff-in-45s"}
    assert {"BP106", "BP121", "BP122"} <= rules  # a share of 90%, no owner, no sign-off


def test_contradicting_standards_on_one_step_are_found():
    service = blueprint.load(SHOESHINE)
    slow = {
        **service.standards["buff-in-45s"].model_dump(),
        "id": "buff-slowly",
        "comparator": ">=",
        "target": 60,
    }
    service.add(type(service.standards["buff-in-45s"]).model_validate(slow))
    [found] = [f for f in lint(service) if f.rule == "BP124"]
    assert "at step 'buff'" in found.message


@pytest.mark.parametrize("path", [SHOESHINE, HOTEL])
def test_the_literature_blueprints_load_without_errors(path):
    loaded = read(path)
    assert loaded.ok, [str(f) for f in loaded.findings]


# -- the workshop slide ------------------------------------------------------------------


def test_the_workshop_slide_lists_the_fail_points_behind_the_moment_and_its_step_standards():
    from blueprint.model.queries import cycle_order
    from blueprint.widgets.slide import slide

    service = blueprint.load(SHOESHINE)
    service.replace(
        "apply-polish", fail_point={"cause": "wrong <tin>", "fail_safe": "nod & go", "poka_yoke": "task"}
    )
    order = cycle_order(service)
    html = slide(service, order, order.index("shine"))
    assert "<h2>Fail points</h2>" in html
    assert "Apply the polish: wrong &lt;tin&gt;" in html and "→ fail-safe: nod &amp; go (task)" in html
    assert "90% of buffs take at most 45 seconds on the stopwatch." in html  # a step standard
    assert "Fail points" not in slide(service, order, order.index("sit-down"))


def test_a_bare_fail_point_says_it_has_no_fail_safe_in_the_same_words_on_the_slide_and_the_blueprint():
    from blueprint.model.queries import cycle_order
    from blueprint.render.blueprint_footer import footer
    from blueprint.render.blueprint_view import blueprint_layout
    from blueprint.widgets.slide import slide

    service = blueprint.load(
        DATA / "journeys" / "bank-branch-16.yaml"
    )  # the reception queue: fail_point: true
    layout, _ = blueprint_layout(service)
    listed = {label: " ".join(lines) for label, _, lines in footer(service, layout).fail_points}
    assert listed["F1"] == "Wait at the reception desk — no fail-safe yet"
    order = cycle_order(service)
    html = slide(service, order, order.index("queue"))
    assert (
        '<li><b>F1</b> Wait at the reception desk<span class="bp-slide-detail">— no fail-safe yet</span>'
        in html
    )
    credit = slide(service, order, order.index("credit-check"))
    assert "<b>F2</b> Wait for the credit decision: the credit bureau does not answer" in credit


# -- a step standard is measured like any standard ---------------------------------------------

#: the stand's stopwatch sheet as its owner keeps it: m:ss readings, local times, Y/N
STOPWATCH = ["Logged At,Chair,Buff (m:ss),Colour OK?"] + [
    f"2025-04-{1 + i // 6:02d} {9 + i % 6:02d}:{(i * 11) % 60:02d}:00,{'Chair ' + str(1 + i % 2)},"
    f"0:{38 + (i * 7) % 14:02d},{'N' if i % 9 == 4 else 'Y'}"
    for i in range(30)
]
COLUMNS = {
    "timestamp": "Logged At",
    "site": "Chair",
    "step-time": "Buff (m:ss)",
    "colour-confirmed": "Colour OK?",
}


def _measured(service, folder):
    from blueprint.measure import measure

    (folder / "stopwatch.csv").write_text("\n".join(STOPWATCH) + "\n", encoding="utf-8")
    return {row["standard"]: row for row in measure(service, data=folder, columns=COLUMNS).rows()}


def test_a_step_standard_is_measured_exactly_like_the_same_standard_on_a_factor(tmp_path):
    from blueprint.model.objects import KeyFactor

    on_step = tmp_path / "on-step"
    on_step.mkdir()
    shutil.copy(SHOESHINE, on_step / "shoeshine.yaml")
    (on_step / "pyproject.toml").touch()
    service = blueprint.load(on_step / "shoeshine.yaml")
    rows = _measured(service, on_step)
    buffs = [38 + (i * 7) % 14 for i in range(30)]
    assert rows["buff-in-45s"]["observations"] == 30
    assert rows["buff-in-45s"]["met"] == sum(b <= 45 for b in buffs)
    assert rows["colour-confirmed-always"]["met"] == sum(i % 9 != 4 for i in range(30))

    on_factor = tmp_path / "on-factor"
    on_factor.mkdir()
    (on_factor / "pyproject.toml").touch()
    twin = blueprint.load(on_step / "shoeshine.yaml")
    twin.add(KeyFactor(id="quick-buff", title="A quick buff", element="software", sub_item="timeliness"),
             moment="shine")  # fmt: skip
    twin.replace("buff-in-45s", factors=["quick-buff"], steps=[])
    assert twin.standards["buff-in-45s"].steps == []
    assert _measured(twin, on_factor) == rows


def test_the_explorer_panel_lists_the_standards_on_the_steps_behind_a_moment():
    from blueprint.widgets import Explorer

    explorer = Explorer(blueprint.load(HOTEL), picture=False)
    explorer.selected = "wait-for-food"
    assert "food-in-30-minutes" in explorer.panel.value
    explorer.selected = "check-in"
    assert "reservation-found-first-time" in explorer.panel.value
    assert "food-in-30-minutes" not in explorer.panel.value


def test_the_catalogue_names_the_step_a_standard_checks_and_the_moment_it_serves():
    from blueprint.io.catalogue import catalogue

    rows = {row["standard"]: row for row in catalogue(blueprint.load(HOTEL))}
    food = rows["food-in-30-minutes"]
    assert food["factor"] == "step: Kitchen prepares the food; step: Room service delivers the tray"
    assert food["moment"] == "Wait for the food; Eat in the room"


@pytest.mark.parametrize(
    "path",
    [
        *sorted((DATA.parent.parent / "standards").glob("*.yaml")),
        *sorted((DATA / "services").glob("*.yaml")),
        SHOESHINE,
        HOTEL,
        DATA / "lint" / "bp261-bp266-clinic-journeys.yaml",
    ],
    ids=lambda p: p.stem,
)
def test_the_order_without_networkx_is_the_cycle_order(path):
    from blueprint.model.queries import cycle_order, flow_order

    service = blueprint.load(path)
    assert flow_order(service) == cycle_order(service)


def test_the_lint_of_a_timed_service_with_fail_points_stays_without_networkx():
    import subprocess
    import sys

    code = (
        "import sys, blueprint; from blueprint.checks import lint; "
        f"found = lint(blueprint.load({str(SHOESHINE)!r})); "
        "print(sorted(m for m in ('networkx', 'pandas', 'matplotlib') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize(
    "path",
    [*sorted((DATA.parent.parent / "standards").glob("*.yaml")), *sorted((DATA / "services").glob("*.yaml"))],
    ids=lambda p: p.stem,
)
def test_files_written_before_these_fields_load_and_save_back_unchanged(path, tmp_path):
    copy = tmp_path / path.name
    shutil.copy(path, copy)
    service = blueprint.load(copy)
    assert all(m.duration is None and m.cost is None for m in service.moments.values())
    assert all(s.steps == [] for s in service.standards.values())
    service.save(force=True)
    assert copy.read_bytes() == path.read_bytes()


def test_a_fail_point_on_a_step_can_be_suppressed_with_a_reason():
    service = blueprint.load(SHOESHINE)
    service.replace(
        "buff",
        fail_point={"cause": "the cloth is worn"},
        suppress=[{"rule": "BP271", "reason": "new cloths are on order"}],
    )
    found = [f.rule for f in lint(service) if f.subject == "buff"]
    assert "BP271" not in found and "BP100" not in found
    service.replace("buff", fail_point=False)
    assert [f.rule for f in lint(service) if f.subject == "buff"].count("BP100") == 1


def test_the_explorer_panel_lists_the_fail_points_behind_a_moment_escaped():
    from blueprint.widgets import Explorer

    service = blueprint.load(HOTEL)
    service.replace("print-bill", fail_point={"cause": "<b>wrong</b> room & rate"})
    explorer = Explorer(service, picture=False)
    explorer.selected = "check-out"
    html = explorer.panel.value
    assert "<h4>Fail points</h4>" in html
    assert "<td>&lt;b&gt;wrong&lt;/b&gt; room &amp; rate</td>" in html and "none yet" in html
    explorer.selected = "check-in"
    assert (
        "the confirmation e-mail carries a booking number the clerk searches by (preparation)"
        in explorer.panel.value
    )
    explorer.selected = "sleep"
    assert "Fail points" not in explorer.panel.value


@pytest.mark.parametrize("written", ["the wrong drug is handed out", "[]", "3"])
def test_a_fail_point_written_as_text_or_a_list_is_told_to_be_true_or_a_mapping(written):
    clinic = (DATA / "newcomer" / "clinic.yaml").read_text(encoding="utf-8")
    text = clinic.replace("    fail_point: true", f"    fail_point: {written}", 1)
    [problem] = read_text(text, "clinic.yaml").findings
    line = next(i for i, row in enumerate(text.splitlines(), 1) if f"fail_point: {written}" in row)
    assert problem.rule == "BP003" and problem.location.line == line
    assert "write true, or a mapping" in problem.message
    assert problem.hint is not None and "fail_point: {cause:" in problem.hint
