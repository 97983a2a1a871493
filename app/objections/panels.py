"""The officers' home page panel of objections: open objections to my authority's records, the
overdue ones flagged (administrators: every authority's)."""

from __future__ import annotations

from app.cases.kinds import OBJECTIONS
from app.cases.web_workspace import case_panel
from app.objections.service import subjects
from app.web.panels import PanelProvider

PANELS: list[PanelProvider] = [case_panel(OBJECTIONS, subjects, order=41)]
