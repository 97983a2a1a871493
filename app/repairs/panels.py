"""The officers' home page panel of credit repair: open applications of my authority, the overdue
ones flagged (administrators: every authority's)."""

from __future__ import annotations

from app.cases.kinds import REPAIRS
from app.cases.web_workspace import case_panel
from app.repairs.service import subjects
from app.web.panels import PanelProvider

PANELS: list[PanelProvider] = [case_panel(REPAIRS, subjects, order=40)]
