"""Recording natural persons and their roles at enterprises (法定代表人, 主要负责人, 直接责任人员).

A person is found by the keyed hash of their ID number, so that the same number typed twice is
one person; screens get the masked number only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.access.guards import MAKER_ROLES, require_role
from app.access.jurisdiction import current_division
from app.audit.service import record as audit
from app.config import Settings
from app.kit.actor import Actor
from app.kit.errors import Conflict, FieldError, NotFound, ValidationFailed
from app.kit.id_numbers import ID_TYPES, RESIDENT_ID, id_hash, normalise_id, protect_id
from app.kit.identifiers import IdentifierError
from app.kit.values import ValueProblem, clean_text
from app.models import Enterprise, EnterprisePerson, Person, PersonRole


@dataclass(frozen=True)
class PersonInput:
    name: str
    id_type: str
    id_number: str


def load_enterprise(session: Session, actor: Actor, enterprise_id: int) -> Enterprise:
    """An enterprise in the actor's jurisdiction, or NotFound."""
    enterprise = session.get(Enterprise, enterprise_id)
    if enterprise is None or not actor.covers(current_division(enterprise.district_code)):
        raise NotFound("未找到该企业")
    return enterprise


def _name(raw: str | None) -> str:
    try:
        name = clean_text(raw)
    except ValueProblem as problem:
        raise ValidationFailed(fields=[FieldError("name", problem.message)]) from None
    if not name:
        raise ValidationFailed(fields=[FieldError("name", "请填写姓名", "required")])
    if len(name) > 100:
        raise ValidationFailed(fields=[FieldError("name", "姓名不能超过100个字", "too_long")])
    return name


def find_or_create_person(
    session: Session, settings: Settings, actor: Actor, data: PersonInput
) -> Person:
    """The person with this ID number (created if new); the name must match a known person's."""
    name = _name(data.name)
    id_type = data.id_type or RESIDENT_ID
    if id_type not in ID_TYPES:
        raise ValidationFailed(fields=[FieldError("id_type", "证件类型不在可选范围内")])
    try:
        number = normalise_id(id_type, data.id_number)
    except IdentifierError as error:
        raise ValidationFailed(
            fields=[FieldError("id_number", error.message, error.code)]
        ) from None
    key = id_hash(settings, id_type, number)
    person = session.scalar(select(Person).where(Person.id_hash == key))
    if person is not None:
        if person.name != name:
            raise ValidationFailed(
                fields=[
                    FieldError("name", "该证件号码已登记，但姓名与登记的不一致，请核对", "mismatch")
                ]
            )
        return person
    protected = protect_id(settings, id_type, number)
    person = Person(
        name=name,
        id_hash=protected.hash,
        id_masked=protected.masked,
        id_encrypted=protected.encrypted,
    )
    try:
        with session.begin_nested():  # a concurrent request may record the same number first
            session.add(person)
            session.flush()
    except IntegrityError:
        raise Conflict("该证件号码正被同时登记，请重试") from None
    audit(
        session,
        actor,
        "person.create",
        "person",
        person.id,
        after={"name": name, "id_type": id_type, "id_masked": protected.masked},
    )
    return person


def record_role(
    session: Session,
    settings: Settings,
    actor: Actor,
    enterprise_id: int,
    data: PersonInput,
    role: PersonRole,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> EnterprisePerson:
    """Record that a person holds ``role`` at an enterprise (from ``since`` until ``until``)."""
    require_role(actor, MAKER_ROLES, "登记人员")
    enterprise = load_enterprise(session, actor, enterprise_id)
    if since and until and until < since:
        raise ValidationFailed(fields=[FieldError("until", "任职截止日期不能早于起始日期")])
    person = find_or_create_person(session, settings, actor, data)
    duplicate = session.scalar(
        select(EnterprisePerson.id).where(
            EnterprisePerson.enterprise_id == enterprise.id,
            EnterprisePerson.person_id == person.id,
            EnterprisePerson.role == role,
            EnterprisePerson.until.is_(None) if until is None else EnterprisePerson.until == until,
        )
    )
    if duplicate is not None:
        raise Conflict("该人员已登记为此职务", fields=[FieldError("role", "该人员已登记为此职务")])
    link = EnterprisePerson(
        enterprise_id=enterprise.id, person_id=person.id, role=role, since=since, until=until
    )
    session.add(link)
    session.flush()
    audit(
        session,
        actor,
        "person.role",
        "enterprise_person",
        link.id,
        after={
            "enterprise_id": enterprise.id,
            "person_id": person.id,
            "id_masked": person.id_masked,
            "role": role,
            "since": since,
            "until": until,
        },
    )
    return link


def roles_at(session: Session, enterprise_id: int) -> list[tuple[EnterprisePerson, Person]]:
    rows = session.execute(
        select(EnterprisePerson, Person)
        .join(Person, Person.id == EnterprisePerson.person_id)
        .where(EnterprisePerson.enterprise_id == enterprise_id)
        .order_by(EnterprisePerson.role, Person.name, EnterprisePerson.id)
    ).all()
    return [(link, person) for link, person in rows]
