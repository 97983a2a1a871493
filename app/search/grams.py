"""Name normalisation and the character grams of the search index (see app.models.search).

Normalisation is done character by character (NFKC, lower case, whitespace dropped), so that a
position in a normalised name maps back to a character of the original name for highlighting.
"""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Iterable

SHIFT = 21  # every code point fits in 21 bits
PREFIX_FLAG = 1 << (2 * SHIFT)  # marks the first gram of the current name


def normalise_char(char: str) -> str:
    if char.isspace():
        return ""
    return unicodedata.normalize("NFKC", char).lower().replace(" ", "")


def normalise_text(text: str) -> str:
    """The form in which names are indexed and queries are matched."""
    if text.isprintable() and " " not in text and unicodedata.is_normalized("NFKC", text):
        lowered = text.lower()
        if len(lowered) == len(text):  # the common case: one character for one character
            return lowered
    return "".join(normalise_char(c) for c in text)


def bigram(a: str, b: str) -> int:
    return (ord(a) << SHIFT) | ord(b)


def unigram(a: str) -> int:
    return ord(a) << SHIFT


def name_grams(name_key: str) -> set[int]:
    """Bigrams of one normalised name, plus its last character on its own."""
    if not name_key:
        return set()
    grams = {bigram(a, b) for a, b in itertools.pairwise(name_key)}
    grams.add(unigram(name_key[-1]))
    return grams


def prefix_gram(name_key: str) -> int | None:
    """The flagged first gram of the current name (its first bigram, or its only character)."""
    if not name_key:
        return None
    if len(name_key) == 1:
        return PREFIX_FLAG | unigram(name_key)
    return PREFIX_FLAG | bigram(name_key[0], name_key[1])


def document_grams(name_key: str, all_names: str) -> set[int]:
    """Every posting of one enterprise: the grams of each of its names and its prefix gram."""
    grams: set[int] = set()
    for line in all_names.split("\n"):
        grams |= name_grams(line)
    first = prefix_gram(name_key)
    if first is not None:
        grams.add(first)
    return grams


def document(name: str, former_names: Iterable[str] | None) -> tuple[str, str]:
    """``(name_key, all_names)`` of an enterprise: normalised names, current name first."""
    name_key = normalise_text(name)
    lines = [name_key]
    for former in former_names or ():
        key = normalise_text(str(former))
        if key and key not in lines:
            lines.append(key)
    return name_key, "\n".join(lines)


def char_range(char: str, *, prefix: bool = False) -> tuple[int, int]:
    """The gram range ``[low, high)`` of every posting that starts with ``char``."""
    low = unigram(char) | (PREFIX_FLAG if prefix else 0)
    return low, low + (1 << SHIFT)
