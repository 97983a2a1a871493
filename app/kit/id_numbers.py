"""ID numbers as they are kept: a keyed hash to match, a masked form to show, the full number
encrypted where it must be kept. The plain number never reaches the database or a screen."""

from __future__ import annotations

from dataclasses import dataclass

from app.config import Settings
from app.kit.identifiers import mask_id_number, normalise, parse_resident_id
from app.kit.secrets import decrypt, encrypt, keyed_hash

RESIDENT_ID = "身份证"
ID_TYPES = (
    RESIDENT_ID,
    "护照",
    "港澳居民来往内地通行证",
    "台湾居民来往大陆通行证",
    "外国人永久居留身份证",
    "其他",
)


@dataclass(frozen=True)
class ProtectedId:
    id_type: str
    hash: str
    masked: str
    encrypted: str


def id_hash(settings: Settings, id_type: str, number: str) -> str:
    """The matching key. Resident IDs hash alone (the same person under any spelling); other
    documents hash with their type, so that numbers of different documents never collide."""
    key_input = number if id_type == RESIDENT_ID else f"{id_type}:{number}"
    return keyed_hash(settings.id_hash_key, key_input)


def normalise_id(id_type: str, raw: str) -> str:
    """The canonical number: resident IDs validated (GB 11643, legacy 15 digits widened to 18),
    other documents normalised (NFKC, no spaces, upper case). Raises IdentifierError."""
    if id_type == RESIDENT_ID:
        return parse_resident_id(raw).number
    return normalise(raw)


def protect_id(settings: Settings, id_type: str, number: str) -> ProtectedId:
    """Hash, mask and encrypt a number already normalised by :func:`normalise_id`."""
    return ProtectedId(
        id_type=id_type,
        hash=id_hash(settings, id_type, number),
        masked=mask_id_number(number),
        encrypted=encrypt(settings.id_encryption_key, number),
    )


def reveal_id(settings: Settings, encrypted: str) -> str:
    """The full number, for the few uses that need it (never a screen)."""
    return decrypt(settings.id_encryption_key, encrypted)
