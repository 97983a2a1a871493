"""Every ORM model, re-exported so that Alembic sees every table through one import."""

from app.models.account import ApiToken, User, UserSession
from app.models.audit import AuditChainHead, AuditEntry
from app.models.authority import Authority
from app.models.base import Base
from app.models.calendar_day import CalendarDay, DayKind
from app.models.case_file import CaseFile
from app.models.credit import CreditAssessment, CreditScheme
from app.models.enterprise import Enterprise, RegistrationStatus
from app.models.feed import FeedConsumer, FeedEvent, FeedHead
from app.models.inspection_batch import InspectionBatch
from app.models.inspection_campaign import CampaignKind, InspectionCampaign
from app.models.inspection_case import InspectionCase
from app.models.inspection_case_enterprise import InspectionCaseEnterprise
from app.models.inspection_case_problem import InspectionCaseProblem
from app.models.inspection_case_unit import InspectionCaseUnit
from app.models.inspection_finding import InspectionFinding, Truth
from app.models.inspection_milestone import InspectionMilestone, MilestoneKind
from app.models.inspection_problem import InspectionProblem, ProblemKind
from app.models.inspection_task import InspectionTask
from app.models.inspection_unit import InspectionUnit, UnitKind
from app.models.issued_report import IssuedReport, ReportChannel, ReportKind
from app.models.joint_measure import DurationRule, JointMeasure, MeasureSubject
from app.models.licence import (
    LicenceCategory,
    LicenceRecord,
    LicenceVersion,
    RevocationKind,
)
from app.models.licence_kind import LicenceKind
from app.models.listing import BlackListCategory, EntryStatus, ListEntry, ListType
from app.models.measure_department import MeasureDepartment
from app.models.measure_feedback import FeedbackOutcome, MeasureFeedback
from app.models.nomination import BarSource, BarStatus, NominationBar
from app.models.nomination_check import (
    CandidateStatus,
    CheckChannel,
    NominationCheck,
    NominationCheckResult,
)
from app.models.nomination_watch import NominationWatch
from app.models.nomination_watch_candidate import WatchCandidate
from app.models.nomination_watch_notification import DeliveryStatus, WatchNotification
from app.models.nomination_watch_review import WatchReview
from app.models.objection import Objection, ObjectionStatus, ObjectorKind
from app.models.penalty import (
    PartyType,
    PenaltyRecord,
    PenaltyVersion,
    Severity,
    VersionStatus,
)
from app.models.penalty_import import ImportStatus, PenaltyImportBatch
from app.models.person import EnterprisePerson, Person, PersonRole
from app.models.publication_ending import PublicationEnding
from app.models.rate_limit import RateLimitCounter
from app.models.reconciliation import SyncReconciliation
from app.models.repair import RepairApplication, RepairStatus, RepairTarget
from app.models.rule_set import RuleSet
from app.models.rule_tick import RuleTick
from app.models.search import EnterpriseSearchDoc, EnterpriseSearchPosting
from app.models.sync import DeliveryAttempt, OutboxMessage, OutboxStatus

__all__ = [
    "ApiToken",
    "AuditChainHead",
    "AuditEntry",
    "Authority",
    "BarSource",
    "BarStatus",
    "Base",
    "BlackListCategory",
    "CalendarDay",
    "CampaignKind",
    "CandidateStatus",
    "CaseFile",
    "CheckChannel",
    "CreditAssessment",
    "CreditScheme",
    "DayKind",
    "DeliveryAttempt",
    "DeliveryStatus",
    "DurationRule",
    "Enterprise",
    "EnterprisePerson",
    "EnterpriseSearchDoc",
    "EnterpriseSearchPosting",
    "EntryStatus",
    "FeedConsumer",
    "FeedEvent",
    "FeedHead",
    "FeedbackOutcome",
    "ImportStatus",
    "InspectionBatch",
    "InspectionCampaign",
    "InspectionCase",
    "InspectionCaseEnterprise",
    "InspectionCaseProblem",
    "InspectionCaseUnit",
    "InspectionFinding",
    "InspectionMilestone",
    "InspectionProblem",
    "InspectionTask",
    "InspectionUnit",
    "IssuedReport",
    "JointMeasure",
    "LicenceCategory",
    "LicenceKind",
    "LicenceRecord",
    "LicenceVersion",
    "ListEntry",
    "ListType",
    "MeasureDepartment",
    "MeasureFeedback",
    "MeasureSubject",
    "MilestoneKind",
    "NominationBar",
    "NominationCheck",
    "NominationCheckResult",
    "NominationWatch",
    "Objection",
    "ObjectionStatus",
    "ObjectorKind",
    "OutboxMessage",
    "OutboxStatus",
    "PartyType",
    "PenaltyImportBatch",
    "PenaltyRecord",
    "PenaltyVersion",
    "Person",
    "PersonRole",
    "ProblemKind",
    "PublicationEnding",
    "RateLimitCounter",
    "RegistrationStatus",
    "RepairApplication",
    "RepairStatus",
    "RepairTarget",
    "ReportChannel",
    "ReportKind",
    "RevocationKind",
    "RuleSet",
    "RuleTick",
    "Severity",
    "SyncReconciliation",
    "Truth",
    "UnitKind",
    "User",
    "UserSession",
    "VersionStatus",
    "WatchCandidate",
    "WatchNotification",
    "WatchReview",
]
