"""The Workshop on a generated 1,000-moment service: time from a key press to updated widget state.

Run: python benchmarks/bench_workshop.py
Drives the widget from Python, as the browser would through its traits and
messages, and reports the median and 95th percentile of:

* switching moment (Next, an arrow key): slide, position, jump list and the
  vote buttons for the new moment's factors;
* a vote (a class button pressed): tally, class chart, importance ranking;
* proposing tags from 20 participants' votes on 300 factors;
* opening the Agree tab (suggestions and the lint of the draft) and the
  closing view (lint of the whole service and the cycle picture), once each.

Target for the interactive steps: median under 100 ms, 95th percentile under
250 ms. Reports figures; asserts nothing.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import service_yaml
from latency import report

MOMENTS, FACTORS, STANDARDS = 1000, 3000, 2000
PARTICIPANTS = [f"participant {n}" for n in range(20)]


def _once(name: str, action) -> None:
    start = time.perf_counter()
    action()
    print(f"  {name:<44} once   {time.perf_counter() - start:8.2f} s")


def main() -> None:
    from blueprint.io.load import read_text
    from blueprint.widgets import Workshop

    loaded = read_text(service_yaml(MOMENTS, FACTORS, STANDARDS), "generated.yaml")
    service = loaded.service
    start = time.perf_counter()
    workshop = Workshop(service, participants=PARTICIPANTS)
    print(f"Workshop on {MOMENTS} moments, {FACTORS} factors, {len(PARTICIPANTS)} participants: "
          f"built in {time.perf_counter() - start:.2f} s")  # fmt: skip
    seconds = []
    for _ in range(200):
        start = time.perf_counter()
        workshop.arrows.press(1)
        seconds.append(time.perf_counter() - start)
    report("next moment (arrow key) -> slide and votes", seconds)
    rng = random.Random(4)
    jumps = []
    for position in rng.sample(range(MOMENTS), 100):
        start = time.perf_counter()
        workshop.go(position)
        jumps.append(time.perf_counter() - start)
    report("jump to any moment", jumps)
    # Votes on 300 factors from 20 people (as if imported), then buttons pressed on top.
    tally = workshop.voting.tally
    factors = rng.sample(list(service.factors), 300)
    for factor in factors:
        for name in PARTICIPANTS:
            tally.cast(name, factor, rng.choice("MOAIR"), rng.randint(1, 5))
    workshop.show_moment(service.moment_of[factors[0]])
    buttons = workshop.voting.rows
    presses = []
    for name in PARTICIPANTS * 3:
        start = time.perf_counter()
        buttons[name][0].value = rng.choice([c for c in "MOAIR" if c != buttons[name][0].value])
        presses.append(time.perf_counter() - start)
    report(f"a vote with {len(tally):,} cast -> both charts", presses)
    _once("propose tags (300 factors, 6,000 votes)", workshop.voting.propose)
    workshop.show_moment(service.moment_of[factors[1]])
    _once("open the Agree tab (draft + lint)", lambda: setattr(workshop.tabs, "selected_index", 2))
    _once("closing view (lint + cycle picture)", workshop.closing_view)


if __name__ == "__main__":
    main()
