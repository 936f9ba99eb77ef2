"""A four-moment hotel stay built in code, for doctests and quick experiments."""

from __future__ import annotations

from .objects import KeyFactor, Metric, MomentOfTruth, Standard, Step
from .service import Service, ServiceInfo

__all__ = ["tiny_service"]


def tiny_service() -> Service:
    """Arrive, check in, (optionally) order room service, check out.

    >>> tiny_service()
    <Service 'tiny-hotel': 4 moments, 2 factors, 1 standards>
    """
    speed = KeyFactor(
        id="checkin-speed",
        title="Quick check-in",
        element="software",
        sub_item="timeliness",
        bpm="basic",
        dimension="responsiveness",
        importance=0.9,
    )
    food = KeyFactor(
        id="food-hot",
        title="Food arrives hot",
        element="software",
        sub_item="timeliness",
    )
    moments = [
        MomentOfTruth(id="arrive", title="Arrive at the hotel", stage="pre-service", next=["check-in"]),
        MomentOfTruth(
            id="check-in",
            title="Check in at the desk",
            stage="in-service",
            wait_point=True,
            factors=[speed],
            next=["room-service", "check-out"],
        ),
        MomentOfTruth(
            id="room-service", title="Order room service", stage="in-service", optional=True, factors=[food]
        ),
        MomentOfTruth(id="check-out", title="Check out", stage="post-service", next=[]),
    ]
    steps = [
        Step(id="register-guest", title="Clerk registers guest", lane="frontstage", supports=["check-in"]),
        Step(id="pms-record", title="Reservation record", lane="support", supports=["register-guest"]),
    ]
    standards = [
        Standard(
            id="checkin-3min",
            factors=["checkin-speed"],
            metric="checkin-duration",
            statement="95% of guests are checked in within 3 minutes.",
            comparator="<=",
            target=3,
            unit="minutes",
            share=0.95,
        ),
    ]
    metrics = [Metric(id="checkin-duration", title="Check-in duration", quantity="duration")]
    return Service(
        ServiceInfo(id="tiny-hotel", title="Tiny hotel"),
        metrics=metrics,
        moments=moments,
        steps=steps,
        standards=standards,
    )
