"""Staffing: from a wait standard and the demand in the data to the people each hour needs.

:mod:`.erlang` (Erlang C) and :mod:`.erlang_a` (Erlang A, with customers who
give up) are the queueing maths, pure and free of Blueprint. The rest reads
the standard's target and the operational data through :mod:`blueprint.measure`.
"""

from __future__ import annotations
