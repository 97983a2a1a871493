"""The 说明 page renders the facts its service computed: the levels of the scheme in force with
their colours, and the publication periods from the rules (not text typed into the template)."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.credit.rules import SHANDONG_2020
from app.kit import clock
from app.models.listing import BLACK_LIST_CATEGORY_LABELS
from app.models.penalty import SEVERITY_LABELS
from app.publication.rules import rules_in_force
from tests.support.pages import page_context
from tests.support.public_data import make_scheme


def test_the_about_page_shows_the_scheme_in_force_and_the_periods(
    client: TestClient, session: Session
) -> None:
    scheme = make_scheme(session)
    context = page_context(client.get("/about"), "about.html")
    facts = context["facts"]
    assert facts.scheme_name == scheme.name
    codes = [level.code for level in facts.levels]
    assert codes == [level["code"] for level in SHANDONG_2020["levels"]]
    assert set(context["badges"]) == set(codes)  # a badge colour for every level
    day = clock.today()
    expected = [
        (SEVERITY_LABELS[severity], period.published, period.minimum_months)
        for severity, period in rules_in_force(session, day).periods.items()
    ]
    assert [(r.severity, r.published, r.minimum_months) for r in facts.periods] == expected
    assert ("轻微", False) in [(r.severity, r.published) for r in facts.periods]
    assert facts.black_list_categories == list(BLACK_LIST_CATEGORY_LABELS.values())
