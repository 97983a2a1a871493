"""Natural persons of the demo data and their roles at enterprises.

A generated ID number is never stored: only its keyed hash (to match it), its masked form (to show
it) and its encrypted form (where the full number must be kept), with the keys of the settings.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from app.demo.names import resident_id
from app.kit.identifiers import mask_id_number
from app.kit.secrets import encrypt, keyed_hash


class PersonFactory:
    def __init__(
        self,
        rng: random.Random,
        hash_key: str,
        encryption_key: str,
        first_person_id: int,
        first_link_id: int,
        used_hashes: set[str],
        created: dt.datetime,
    ) -> None:
        self.rng = rng
        self.hash_key = hash_key
        self.encryption_key = encryption_key
        self.next_person_id = first_person_id
        self.next_link_id = first_link_id
        self.used_hashes = used_hashes
        self.created = created
        self.persons: list[dict[str, Any]] = []
        self.links: list[dict[str, Any]] = []

    def person(self, name: str, male: bool) -> tuple[int, dict[str, str]]:
        """A new person: their id and the (hash, masked, encrypted) forms of their ID number."""
        while True:
            number = resident_id(self.rng, male)
            hashed = keyed_hash(self.hash_key, number)
            if hashed not in self.used_hashes:
                self.used_hashes.add(hashed)
                break
        forms = {
            "id_hash": hashed,
            "id_masked": mask_id_number(number),
            "id_encrypted": encrypt(self.encryption_key, number),
        }
        person_id = self.next_person_id
        self.next_person_id += 1
        self.persons.append(
            {
                "id": person_id,
                "name": name,
                **forms,
                "created_at": self.created,
                "updated_at": self.created,
            }
        )
        return person_id, forms

    def link(self, enterprise_id: int, person_id: int, role: str, since: dt.date | None) -> None:
        self.links.append(
            {
                "id": self.next_link_id,
                "enterprise_id": enterprise_id,
                "person_id": person_id,
                "role": role,
                "since": since,
                "until": None,
                "created_at": self.created,
                "updated_at": self.created,
            }
        )
        self.next_link_id += 1
