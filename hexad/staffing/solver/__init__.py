"""The team designer's optimiser: pure functions over plain data (docs/team_designer.md)."""

from hexad.staffing.solver.model import (
    Options,
    Person,
    Problem,
    Proposal,
    Reason,
    Slot,
    Unfillable,
    Weights,
    Why,
)
from hexad.staffing.solver.solve import solve

__all__ = [
    "Options",
    "Person",
    "Problem",
    "Proposal",
    "Reason",
    "Slot",
    "Unfillable",
    "Weights",
    "Why",
    "solve",
]
