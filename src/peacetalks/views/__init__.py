"""Terminal views: the analysis results as rich tables that read well at 80 columns."""

from peacetalks.views.tables import (
    agreements_view,
    compare_view,
    diff_view,
    discrepancies_view,
    positions_view,
    timeline_view,
)

__all__ = [
    "agreements_view",
    "compare_view",
    "diff_view",
    "discrepancies_view",
    "positions_view",
    "timeline_view",
]
