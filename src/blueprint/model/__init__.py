"""The domain as plain objects over a networkx graph: no I/O, no rendering."""

from .findings import Finding, Location, worst
from .objects import (
    Channel,
    Claim,
    CustomerEvidence,
    KeyFactor,
    Measurement,
    Metric,
    MomentOfTruth,
    PhysicalEvidence,
    Promise,
    SignOff,
    Standard,
    Step,
    Suppression,
    Tolerance,
)
from .service import Service, ServiceInfo
from .vocabulary import (
    BPM,
    SUB_ITEMS,
    Comparator,
    Dimension,
    Element,
    EvidenceMethod,
    Lane,
    MeasurementMethod,
    Quantity,
    Severity,
    Stage,
    StandardKind,
    Statistic,
)

__all__ = [
    "BPM", "SUB_ITEMS", "Channel", "Claim", "Comparator", "CustomerEvidence",
    "Dimension", "Element", "EvidenceMethod", "Finding", "KeyFactor", "Lane",
    "Location", "Measurement", "MeasurementMethod", "Metric", "MomentOfTruth",
    "PhysicalEvidence", "Promise", "Quantity", "Service", "ServiceInfo",
    "Severity", "SignOff", "Stage", "Standard", "StandardKind", "Statistic",
    "Step", "Suppression", "Tolerance", "worst",
]  # fmt: skip
