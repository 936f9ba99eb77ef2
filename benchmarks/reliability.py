"""Reliability figures (issue 9): fuzz outcomes, hostile rendering, round trips, killed saves, attacks.

Run: python benchmarks/reliability.py [--cases 10000] [--kills 100] [--quick]

Prints, and asserts nothing:

- loader fuzz cases run (the strategies of tests/reliability) and how each ended:
  ``valid``, ``findings`` (located) or ``crash`` (an exception, or a finding
  without a place); the slowest case. Target: 0 crashes in 10,000.
- survey-export and operational-data fuzz cases and outcomes;
- hostile-render cases passed (the tests that render hostile text to DOT,
  SVG, PNG, Mermaid, HTML report, catalogue and widgets);
- round-trip files checked: load -> save unchanged is byte-identical for the
  examples and for fuzzed valid files;
- kill-during-save trials (half aimed at the write itself) and what was left;
- resource attacks: time and peak memory (in a child process) to refuse them.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests" / "reliability"), str(ROOT / "tests"), str(ROOT / "src")]
os.environ.setdefault("BLUEPRINT_CACHE", "off")
warnings.simplefilter("ignore")

from harness import check_text  # noqa: E402
from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from strategies import hostile_texts, mutated, render, service_documents  # noqa: E402

EXAMPLES = sorted((ROOT / "standards").glob("*.yaml"))
MINIMAL = ROOT / "tests" / "data" / "valid-minimal.yaml"
TEXTS = {p.name: p.read_text(encoding="utf-8") for p in [MINIMAL, *EXAMPLES]}


def _run(strategy: st.SearchStrategy[Any], cases: int, body: Any) -> None:
    """Call ``body`` on ``cases`` drawn values: generation only, no shrinking, nothing stored."""
    run = settings(
        max_examples=cases,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )(given(strategy)(body))
    run()


# -- loader fuzz ----------------------------------------------------------------------------


def _families() -> dict[str, st.SearchStrategy[tuple[str, bool]]]:
    fast = st.booleans()
    return {
        "valid documents (block/flow/json)": st.tuples(
            st.builds(render, service_documents(), st.sampled_from(["block", "flow", "json"])), fast
        ),
        "near-valid documents (mutated)": st.tuples(
            st.builds(render, service_documents(), st.sampled_from(["block", "pyyaml", "json"])).flatmap(
                mutated
            ),
            fast,
        ),
        "mutated examples": st.tuples(st.sampled_from(sorted(TEXTS.values())).flatmap(mutated), fast),
        "hostile text": st.tuples(hostile_texts(), fast),
    }


def fuzz_loader(cases: int) -> dict[str, Any]:
    families = _families()
    share = cases // len(families)
    found: dict[str, Any] = {"outcomes": {}, "slowest": (0.0, ""), "crashes": [], "seconds": []}
    for text in TEXTS.values():  # warm up: lazy imports and first-call costs are not the input's
        check_text(text)
        check_text(text, fast=True)
    for name, strategy in families.items():
        found["outcomes"][name] = collections.Counter()
        _run(strategy, share, _checker(name, found))
    return found


def _checker(family: str, found: dict[str, Any]) -> Any:
    counts = found["outcomes"][family]

    def body(case: tuple[str, bool]) -> None:
        text, fast = case
        outcome = check_text(text, fast=fast)
        counts[outcome.kind] += 1
        found["seconds"].append(outcome.seconds)
        if outcome.seconds > found["slowest"][0]:
            found["slowest"] = (outcome.seconds, f"{family}: {len(text):,} characters")
        if outcome.kind == "crash" and len(found["crashes"]) < 5:
            found["crashes"].append(f"{text[:120]!r}\n{outcome.problems[0][-600:]}")

    return body


# -- survey and measurement fuzz -----------------------------------------------------------


def fuzz_data(survey_cases: int, measure_cases: int) -> dict[str, collections.Counter[str]]:
    import test_fuzz_measure as fm
    import test_fuzz_survey as fs

    survey: collections.Counter[str] = collections.Counter()
    folder = Path(tempfile.mkdtemp(prefix="bp-survey-"))

    def survey_body(case: tuple[str, str]) -> None:
        name, text = case
        path = folder / name
        path.write_text(text, encoding="utf-8")
        try:
            survey[fs.analyse(path, name)] += 1
        except Exception:  # the property under test: nothing but located problems escape
            survey["crash"] += 1

    names = st.sampled_from(sorted(fs.ANALYSES))
    _run(names.flatmap(lambda n: st.tuples(st.just(n), fs.damaged(fs.HEADS[n]))), survey_cases, survey_body)

    measured: collections.Counter[str] = collections.Counter()

    def measure_body(case: tuple[str, tuple[str, ...]]) -> None:
        text, by = case
        work = Path(tempfile.mkdtemp(prefix="bp-measure-"))
        (work / "obs.csv").write_text(text, encoding="utf-8")
        try:
            result = fm.measure(fm.service(work, *fm.STANDARDS), by=by)
            fm.check(result)
        except AssertionError:
            measured["unaccounted"] += 1
        except Exception:
            measured["crash"] += 1
        else:
            measured["ok" if result.ok else "findings"] += 1
            measured["rows excluded (with a reason)"] += sum(r["excluded"] for r in result.rows())

    by = st.sampled_from([(), ("site",), ("month",), ("site", "week")])
    _run(st.tuples(fm.damaged(), by), measure_cases, measure_body)
    return {"survey exports": survey, "operational data": measured}


# -- hostile rendering ------------------------------------------------------------------------

HOSTILE_TESTS = [
    "tests/test_dot_quote.py",
    "tests/test_mermaid.py",
    "tests/test_render_blueprint.py",
    "tests/test_render_channels.py",
    "tests/test_render_cycle.py",
    "tests/test_render_emotion.py",
    "tests/test_report.py",
    "tests/test_export_catalogue.py",
    "tests/test_widgets_hostile.py",
    "tests/test_widgets_workshop.py",
]


_HOSTILE_NAMES = "hostile or escape or literal"


def hostile_render() -> dict[str, int]:
    files = [f for f in HOSTILE_TESTS if (ROOT / f).exists()]
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-k", _HOSTILE_NAMES, *files],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    last = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr[-300:]
    counts = {word: int(n) for n, word in re.findall(r"(\d+) (passed|failed|error|skipped)", last)}
    return counts


# -- round trips --------------------------------------------------------------------------------


def round_trips(fuzzed: int) -> collections.Counter[str]:
    import blueprint

    counts: collections.Counter[str] = collections.Counter()
    folder = Path(tempfile.mkdtemp(prefix="bp-roundtrip-"))

    def check(text: str, name: str) -> None:
        path = folder / name
        path.write_text(text, encoding="utf-8")
        before = path.read_bytes()
        blueprint.load(path).save()
        counts["byte-identical" if path.read_bytes() == before else "changed"] += 1

    for name, text in TEXTS.items():
        check(text, name)

    def body(text: str) -> None:
        check(text, "fuzzed.yaml")

    _run(st.builds(render, service_documents(), st.sampled_from(["block", "flow", "json"])), fuzzed, body)
    return counts


# -- killed saves -------------------------------------------------------------------------------


def kills(trials: int) -> dict[str, Any]:
    from killsave import large_service_text, run_trial

    text = large_service_text()
    rng = random.Random(2026)
    versions: collections.Counter[str] = collections.Counter()
    mid_write = left_after_save = 0
    for i in range(trials):
        trial = run_trial(Path(tempfile.mkdtemp(prefix="bp-kill-")), text, rng, aim=i % 2 == 0)
        versions[trial.version] += 1
        mid_write += trial.leftovers_after_kill > 0
        left_after_save += trial.leftovers_after_next_save
    return {
        "file size": f"{len(text.encode()) / 1e6:.1f} MB",
        "versions left": dict(versions),
        "killed mid-write (temp file left)": mid_write,
        "temp files left after the next save": left_after_save,
    }


# -- resource attacks ---------------------------------------------------------------------------

# Peak memory from VmHWM, which starts afresh in the child (ru_maxrss carries the parent's over).
_ATTACK = """
import json, re, sys, time
from pathlib import Path
from blueprint.io.load import read
def peak():
    status = Path("/proc/self/status").read_text()
    return int(re.search(r"VmHWM:\\s+(\\d+)", status).group(1)) / 1024
before = peak()
path = Path(sys.argv[1])
start = time.perf_counter()
loaded = read(path)
seconds = time.perf_counter() - start
print(json.dumps([seconds, peak() - before, [f.message for f in loaded.findings[:1]], len(loaded.findings)]))
"""


def _attack_texts(big_mb: int) -> dict[str, str | int]:
    bomb = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    bomb += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)]
    return {
        "alias bomb (10 levels of 10 aliases)": "\n".join(bomb) + "\n",
        "merge key": "a: &a {x: 1}\nb:\n  <<: *a\n",
        "custom tag (!!python/object/apply)": "a: !!python/object/apply:os.system [echo]\n",
        "100,000 nested '['": "a: " + "[" * 100_000 + "]" * 100_000 + "\n",
        "100,000 nested '- '": "- " * 100_000 + "x\n",
        "100,000 unknown keys (1.2 MB)": "".join(f"k{i}: {i}\n" for i in range(100_000)),
        f"{big_mb} MB file": big_mb * 1_000_000,
    }


def attacks(big_mb: int) -> dict[str, Any]:
    figures: dict[str, Any] = {}
    folder = Path(tempfile.mkdtemp(prefix="bp-attack-"))
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    for name, text in _attack_texts(big_mb).items():
        path = folder / "attack.yaml"
        if isinstance(text, int):  # a real file of that size: the text of a service repeated
            chunk = TEXTS[MINIMAL.name].encode("utf-8")
            with path.open("wb") as handle:
                for _ in range(text // len(chunk) + 1):
                    handle.write(chunk)
        else:
            path.write_text(text, encoding="utf-8")
        done = subprocess.run(
            [sys.executable, "-c", _ATTACK, str(path)], capture_output=True, text=True, env=env, check=False
        )
        if done.returncode != 0:
            figures[name] = f"CRASHED (exit {done.returncode}): {done.stderr[-300:]}"
            continue
        seconds, peak, first, count = json.loads(done.stdout)
        shown = first[0][:70] if first else "-"
        figures[name] = f"{seconds:.2f} s, +{peak:.0f} MB peak memory, {count} finding(s): {shown}"
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000, help="loader fuzz cases (default 10,000)")
    parser.add_argument("--data-cases", type=int, default=1_000, help="survey fuzz cases (measurement: 1/4)")
    parser.add_argument("--round-trips", type=int, default=500, help="fuzzed valid files to round-trip")
    parser.add_argument("--kills", type=int, default=100, help="kill-during-save trials (default 100)")
    parser.add_argument("--big", type=int, default=100, help="size of the big-file attack, MB")
    parser.add_argument("--quick", action="store_true", help="a tenth of everything, to try the script")
    parser.add_argument("--only", choices=["loader"], help="run the loader fuzz alone")
    args = parser.parse_args()
    if args.quick:
        args.cases, args.data_cases, args.round_trips, args.kills, args.big = 400, 100, 50, 6, 40

    def section(title: str, started: float, lines: Any) -> None:
        print(f"\n## {title} ({time.perf_counter() - started:.0f} s)")
        for key, value in lines.items() if isinstance(lines, dict) else lines:
            print(f"  {key}: {dict(value) if isinstance(value, collections.Counter) else value}")
        sys.stdout.flush()

    started = time.perf_counter()
    fuzz = fuzz_loader(args.cases)
    total: collections.Counter[str] = sum(fuzz["outcomes"].values(), collections.Counter())
    times = sorted(fuzz["seconds"]) or [0.0]
    section(
        f"loader fuzz: {sum(total.values()):,} cases",
        started,
        [
            *fuzz["outcomes"].items(),
            ("total", total),
            (
                "median / 99th percentile",
                f"{times[len(times) // 2]:.3f} s / {times[len(times) * 99 // 100]:.3f} s",
            ),
            ("slowest case", f"{fuzz['slowest'][0]:.2f} s, {fuzz['slowest'][1]}"),
        ],
    )
    for crash in fuzz["crashes"]:
        print("  CRASH:", crash)
    if args.only == "loader":
        return
    started = time.perf_counter()
    section("survey and measurement fuzz", started, fuzz_data(args.data_cases, args.data_cases // 4))
    started = time.perf_counter()
    section("hostile rendering (tests that render hostile text)", started, hostile_render())
    started = time.perf_counter()
    section("round trips: load -> save unchanged", started, round_trips(args.round_trips))
    started = time.perf_counter()
    section(f"kill during save: {args.kills} trials", started, kills(args.kills))
    started = time.perf_counter()
    section("resource attacks (each in a child process)", started, attacks(args.big))


if __name__ == "__main__":
    main()
