"""Seeded example survey data for the Harbour View Hotel (``standards/hotel-stay.yaml``).

The data are invented but shaped like real exports and tied to the hotel's key
factors, so every analysis has something to find: room-service timing and
check-in speed fall short of expectations, remembered preferences delight,
and the Kano answers disagree with two of the factors' BPM tags.

Run ``python -m blueprint.survey.example_data examples/data/survey``
to write the files; the same seed always gives the same bytes.

>>> frames = hotel_frames(seed=7)
>>> sorted(frames)
['ipa-hotel', 'kano-hotel', 'servqual-hotel', 'servqual-hotel-items', 'tolerance-hotel']
>>> frames["servqual-hotel"].shape
(200, 45)
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .instrument import SERVQUAL_22

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from ..model.service import Service

__all__ = ["HOTEL_ITEMS", "KANO_ATTRIBUTES", "hotel_frames", "main", "write_examples"]

#: The 22 SERVQUAL items as the hotel words them, each measuring one key factor of hotel-stay.yaml.
HOTEL_ITEMS: dict[str, str] = {
    "1": "bed-comfort", "2": "lobby-clean", "3": "bell-appearance", "4": "wayfinding",
    "5": "room-ready", "6": "reserve-accurate", "7": "key-card-works", "8": "confirmation-prompt",
    "9": "bill-correct", "10": "rs-on-time", "11": "checkin-speed", "12": "bags-fast",
    "13": "rs-call-answered", "14": "complaint-put-right", "15": "bags-taken", "16": "waiter-discreet",
    "17": "directions-given", "18": "welcome-by-name", "19": "payment-choice", "20": "door-greeting",
    "21": "staff-empowered", "22": "preferences-remembered",
}  # fmt: skip
# Mean expectation and perception per item on the 7-point scale: where the hotel falls short.
_E_P = {
    "1": (6.0, 5.6), "2": (5.8, 5.9), "3": (5.2, 5.6), "4": (5.0, 4.6), "5": (6.4, 5.7), "6": (6.3, 6.0),
    "7": (6.2, 5.9), "8": (5.6, 5.5), "9": (6.6, 6.3), "10": (6.1, 4.4), "11": (6.3, 5.0), "12": (5.5, 5.3),
    "13": (5.9, 5.2), "14": (6.2, 5.4), "15": (5.7, 6.0), "16": (5.4, 5.6), "17": (5.3, 5.5),
    "18": (5.0, 5.4), "19": (5.2, 5.3), "20": (5.6, 5.8), "21": (5.1, 5.5), "22": (4.6, 5.7),
}  # fmt: skip
#: Kano attributes (factor ids) and the share of guests answering A, O, M, I, R, Q.
KANO_ATTRIBUTES: dict[str, tuple[float, ...]] = {
    "checkin-speed": (0.08, 0.27, 0.50, 0.13, 0.01, 0.01),
    "room-clean": (0.03, 0.22, 0.64, 0.09, 0.01, 0.01),
    "bed-comfort": (0.16, 0.47, 0.24, 0.11, 0.01, 0.01),
    "rs-on-time": (0.10, 0.44, 0.28, 0.16, 0.01, 0.01),
    "welcome-by-name": (0.45, 0.20, 0.06, 0.26, 0.02, 0.01),
    "warm-goodbye": (0.50, 0.14, 0.05, 0.28, 0.02, 0.01),
    "preferences-remembered": (0.56, 0.18, 0.04, 0.20, 0.01, 0.01),
    "payment-choice": (0.14, 0.12, 0.10, 0.60, 0.03, 0.01),
}
# IPA attributes: (true importance as a regression weight, mean stated importance, mean performance), 1-7.
_IPA = {"checkin-speed": (0.30, 6.3, 4.9), "room-clean": (0.35, 6.6, 6.2), "bed-comfort": (0.25, 6.1, 5.8),
        "rs-on-time": (0.20, 5.8, 4.3), "bill-correct": (0.15, 6.2, 6.1), "wayfinding": (0.03, 4.2, 4.5),
        "payment-choice": (0.02, 3.9, 5.9), "welcome-by-name": (0.08, 4.6, 5.6),
        "menu-choice": (0.04, 4.4, 4.1), "parking-space": (0.05, 4.8, 4.0)}  # fmt: skip
_ANSWERS = ("like", "must-be", "neutral", "live-with", "dislike")


def hotel_frames(*, seed: int = 2025, guests: int = 200) -> dict[str, pd.DataFrame]:
    """Every example table, generated from ``seed``."""
    import numpy as np

    rng = np.random.default_rng(seed)
    return {
        "servqual-hotel": _servqual(rng, guests),
        "servqual-hotel-items": _items(),
        "kano-hotel": _kano(rng, 150),
        "tolerance-hotel": _tolerance(rng, 80),
        "ipa-hotel": _ipa(rng, 150),
    }


def write_examples(folder: str | Path, *, service: Service | None = None, seed: int = 2025) -> list[Path]:
    """Write the example CSVs into ``folder``; with ``service``, check first that every factor exists."""
    if service is not None:
        wanted = set(HOTEL_ITEMS.values()) | set(KANO_ATTRIBUTES) | set(_IPA)
        missing = sorted(wanted - set(service.factors))
        if missing:
            raise ValueError(
                f"{service.source}: the example survey names factors it lacks: {', '.join(missing)}"
            )
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in hotel_frames(seed=seed).items():
        path = out / f"{name}.csv"
        frame.to_csv(path, index=False, lineterminator="\n", float_format="%.3g")
        written.append(path)
    return written


def _servqual(rng: np.random.Generator, n: int) -> pd.DataFrame:
    import numpy as np
    import pandas as pd

    dims = sorted(set(SERVQUAL_22.values()))
    # A guest's general mood and their view of each dimension make answers hang together (alpha).
    mood_e, mood_p = rng.normal(0, 0.5, n), rng.normal(0, 0.6, n)
    dim_e = {d: rng.normal(0, 0.35, n) for d in dims}
    dim_p = {d: rng.normal(0, 0.55, n) for d in dims}
    columns: dict[str, np.ndarray] = {"respondent": np.arange(1, n + 1)}
    e_cols, p_cols = {}, {}
    for item, (mu_e, mu_p) in _E_P.items():
        d = SERVQUAL_22[item]
        e_cols[f"E{item}"] = _likert(rng, mu_e + mood_e + dim_e[d], 0.7, 7)
        p_cols[f"P{item}"] = _likert(rng, mu_p + mood_p + dim_p[d], 0.8, 7)
    columns.update(e_cols)
    columns.update(p_cols)
    return pd.DataFrame(columns)


def _items() -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame({"item": list(HOTEL_ITEMS), "dimension": [SERVQUAL_22[i] for i in HOTEL_ITEMS],
                         "factor": list(HOTEL_ITEMS.values())})  # fmt: skip


def _kano(rng: np.random.Generator, n: int) -> pd.DataFrame:
    import numpy as np
    import pandas as pd

    from .kano import CATEGORIES, TABLES

    # Every answer pair that the standard table maps to each category.
    cells = {c: [(f, d) for f, row in enumerate(TABLES["kano"]) for d, x in enumerate(row) if x == c]
             for c in CATEGORIES}  # fmt: skip
    rows = []
    for attribute, shares in KANO_ATTRIBUTES.items():
        probs = np.asarray(shares) / sum(shares)
        picks = rng.choice(len(CATEGORIES), size=n, p=probs)
        for guest, pick in enumerate(picks, start=1):
            options = cells[CATEGORIES[pick]]
            f, d = options[rng.integers(len(options))]
            rows.append((guest, attribute, _ANSWERS[f], _ANSWERS[d]))
    frame = pd.DataFrame(rows, columns=["respondent", "attribute", "functional", "dysfunctional"])
    return frame.sort_values(["respondent", "attribute"], kind="stable").reset_index(drop=True)


def _tolerance(rng: np.random.Generator, n: int) -> pd.DataFrame:
    import pandas as pd

    rows = []
    for item, (mu_e, mu_p) in _E_P.items():
        # On the 9-point scale of the 1994 study: desired above the 7-point expectation, adequate well below.
        desired = _likert(rng, mu_e * 9 / 7 + 0.6, 0.6, 9, n)
        adequate = _likert(rng, mu_e * 9 / 7 - 1.6, 0.9, 9, n)
        perceived = _likert(rng, mu_p * 9 / 7, 1.0, 9, n)
        for guest in range(n):
            rows.append(
                (guest + 1, item, desired[guest], min(adequate[guest], desired[guest]), perceived[guest])
            )
    frame = pd.DataFrame(rows, columns=["respondent", "item", "desired", "adequate", "perceived"])
    return frame.sort_values(["respondent", "item"], key=_item_order, kind="stable").reset_index(drop=True)


def _ipa(rng: np.random.Generator, n: int) -> pd.DataFrame:
    import numpy as np
    import pandas as pd

    perf = {a: _likert(rng, p + rng.normal(0, 0.4, n), 0.9, 7) for a, (_, _, p) in _IPA.items()}
    weights = np.array([w for w, _, _ in _IPA.values()])
    centred = np.column_stack([perf[a] - perf[a].mean() for a in _IPA])
    overall = _likert(rng, 5.3 + centred @ (weights / weights.sum() * 2.2), 0.45, 7)
    rows = []
    for guest in range(n):
        for attribute, (_, stated, _) in _IPA.items():
            rows.append((guest + 1, attribute, int(_likert(rng, np.array([stated]), 0.8, 7)[0]),
                         int(perf[attribute][guest]), int(overall[guest])))  # fmt: skip
    return pd.DataFrame(rows, columns=["respondent", "attribute", "importance", "performance", "overall"])


def _likert(
    rng: np.random.Generator, mean: object, sd: float, top: int, size: int | None = None
) -> np.ndarray:
    import numpy as np

    centre = np.asarray(mean, dtype=float)
    shape = centre.shape if size is None else (size,)
    return np.clip(np.rint(centre + rng.normal(0, sd, shape)), 1, top).astype(int)


def _item_order(column: pd.Series) -> pd.Series:
    return column.map(int) if column.name == "item" else column


def main(argv: list[str] | None = None) -> None:
    """Write the example files to the folder named first in ``argv`` (``examples/data/survey``)."""
    args = sys.argv[1:] if argv is None else argv
    target = Path(args[0] if args else "examples/data/survey")
    hotel = Path("standards/hotel-stay.yaml")
    loaded = None
    if hotel.exists():
        from ..io.load import load

        loaded = load(hotel)
    for written_path in write_examples(target, service=loaded):
        print(written_path)


if __name__ == "__main__":
    main()
