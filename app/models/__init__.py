"""Every ORM model, re-exported so that Alembic sees every table through one import."""

from app.models.authority import Authority
from app.models.base import Base
from app.models.credit import CreditAssessment, CreditScheme
from app.models.enterprise import Enterprise, RegistrationStatus
from app.models.listing import BlackListCategory, EntryStatus, ListEntry, ListType
from app.models.penalty import (
    PartyType,
    PenaltyRecord,
    PenaltyVersion,
    Severity,
    VersionStatus,
)
from app.models.person import EnterprisePerson, Person, PersonRole
from app.models.search import EnterpriseSearchDoc, EnterpriseSearchPosting

__all__ = [
    "Authority",
    "Base",
    "BlackListCategory",
    "CreditAssessment",
    "CreditScheme",
    "Enterprise",
    "EnterprisePerson",
    "EnterpriseSearchDoc",
    "EnterpriseSearchPosting",
    "EntryStatus",
    "ListEntry",
    "ListType",
    "PartyType",
    "PenaltyRecord",
    "PenaltyVersion",
    "Person",
    "PersonRole",
    "RegistrationStatus",
    "Severity",
    "VersionStatus",
]
