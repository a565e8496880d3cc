"""Briefings: the reconciled, reviewed record of one process as a report an analyst sends before
a round of talks (HTML, Markdown or PDF), every statement footnoted to its sources."""

from peacetalks.report.build import build_report
from peacetalks.report.content import Report
from peacetalks.report.pdf import BrowserMissing, has_browser
from peacetalks.report.render import FORMATS, MEDIA_TYPES, Format, render

__all__ = [
    "FORMATS",
    "MEDIA_TYPES",
    "BrowserMissing",
    "Format",
    "Report",
    "build_report",
    "has_browser",
    "render",
]
