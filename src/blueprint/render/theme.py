"""Colours, fonts and the fixed words of the pictures, in English and Chinese.

Kept in one place so the views agree: a pre-service moment is the same blue
in the blueprint, the cycle and the emotion curve. The ink, the muted grey and
the badges' colours are the design tokens (:mod:`blueprint.style`), so a fail
point is the same red in the pictures, the report and the widgets.
"""

from __future__ import annotations

from ..style import colour

__all__ = [
    "BADGE",
    "FONT",
    "INK",
    "LANES",
    "LINES",
    "MUTED",
    "STAGES",
    "STATUS",
    "STEP_LANES",
    "VERDICT",
    "word",
]

#: Helvetica first (Liberation Sans stands in for it on Linux); then CJK fonts so
#: Chinese titles render as glyphs in viewers and in Graphviz's PNG/PDF output.
FONT = "Helvetica,Arial,Noto Sans CJK SC,WenQuanYi Micro Hei,Microsoft YaHei,PingFang SC,sans-serif"
INK = colour("ink")
MUTED = colour("muted")

#: stage -> (strong colour for bands and arcs, light fill for moments)
STAGES: dict[str, tuple[str, str]] = {
    stage: (colour(f"stage-{stage}"), colour(f"stage-{stage}-tint"))
    for stage in ("pre-service", "in-service", "post-service")
}

#: lane -> (band fill, node fill, node border); top to bottom
LANES: dict[str, tuple[str, str, str]] = {
    "evidence": ("#f7f6f1", "#ffffff", "#9a9a92"),
    "customer": ("#eef3f9", "#dde7f3", "#4e79a7"),
    "frontstage": ("#fcf6ec", "#fde9c9", "#c98f2b"),
    "backstage": ("#f4f2f8", "#e6e0f1", "#7d6aa8"),
    "support": ("#f1f2f2", "#e3e5e6", "#7c858c"),
}
STEP_LANES = ("frontstage", "backstage", "support")

#: line -> (lane above it, colour, xdot style)
LINES: dict[str, tuple[str, str, str]] = {
    "interaction": ("customer", "#2b3a4a", "solid"),
    "visibility": ("frontstage", "#c0392b", "dashed"),
    "internal": ("backstage", "#55606b", "dotted"),
}

#: badge letter -> (fill, text colour)
BADGE: dict[str, tuple[str, str]] = {
    "F": (colour("fail"), colour("on-fail")),
    "W": (colour("wait"), colour("on-wait")),
    "S": (colour("accent"), colour("on-accent")),
}

#: default cycle status -> fill colour
STATUS: dict[str, str] = {
    "all": "#b9dfb0",
    "some": "#fbe2a0",
    "none": "#f5b8b0",
    "no factors": "#e4e6e8",
}

#: verdict of a moment's standards -> fill colour, worst first (a pass is only ever green)
VERDICT: dict[str, str] = {
    "fail": "#f3a99f",
    "implausible": "#e9c8f0",
    "too few": "#fbe2a0",
    "no data": "#dfe3e6",
    "pass": "#b9dfb0",
    "no standard": "#f7f5ee",
}

_WORDS: dict[str, dict[str, str]] = {
    "evidence": {"en": "Physical evidence", "zh": "有形展示"},
    "customer": {"en": "Customer actions", "zh": "顾客行为"},
    "frontstage": {"en": "Frontstage", "zh": "前台行为"},
    "backstage": {"en": "Backstage", "zh": "后台行为"},
    "support": {"en": "Support processes", "zh": "支持过程"},
    "interaction": {"en": "line of interaction", "zh": "互动线"},
    "visibility": {"en": "line of visibility", "zh": "可视线"},
    "internal": {"en": "line of internal interaction", "zh": "内部互动线"},
    "pre-service": {"en": "Pre-service", "zh": "售前"},
    "in-service": {"en": "In-service", "zh": "售中"},
    "post-service": {"en": "Post-service", "zh": "售后"},
    "F": {"en": "fail point", "zh": "失误点"},
    "W": {"en": "wait point (time standard)", "zh": "等待点（时间标准）"},
    "S": {"en": "standard on the step", "zh": "步骤标准"},
    "execution": {"en": "Execution time", "zh": "执行时间"},
    "standard time": {"en": "standard", "zh": "标准"},
    "tolerable time": {"en": "tolerable", "zh": "可容忍"},
    "fail points": {"en": "Fail points", "zh": "失误点"},
    "fail-safe": {"en": "fail-safe", "zh": "防错"},
    "no fail-safe": {"en": "no fail-safe yet", "zh": "尚无防错措施"},
    "all": {"en": "every key factor has a standard", "zh": "关键因素均有标准"},
    "some": {"en": "some key factors have a standard", "zh": "部分关键因素有标准"},
    "none": {"en": "no key factor has a standard", "zh": "关键因素均无标准"},
    "no factors": {"en": "no key factors tagged", "zh": "未标注关键因素"},
    "next visit": {"en": "next visit", "zh": "下次光临"},
    "no status": {"en": "no status given", "zh": "未给出状态"},
    "status": {"en": "Standards", "zh": "标准覆盖"},
    "cycle": {"en": "cycle of service", "zh": "服务圈"},
    "blueprint": {"en": "service blueprint", "zh": "服务蓝图"},
}


def word(key: str, lang: str | None = None) -> str:
    """A fixed word of the pictures in ``lang`` (English when there is no translation).

    >>> word("visibility", "zh"), word("visibility")
    ('可视线', 'line of visibility')
    """
    entry = _WORDS.get(key)
    if entry is None:
        return key
    return entry.get(lang or "en", entry["en"])
